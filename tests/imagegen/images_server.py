"""An OpenAI-compatible images server on loopback, for tests that use the real `openai` client.

stdlib http.server in a thread, speaking POST /v1/images/generations (JSON) and
/v1/images/edits (multipart). It checks request sizes the way the API does (multiples of 16,
1:3..3:1, pixel budget, or a fixed list for gpt-image-1-mini) and answers a PNG of the
requested size: a deterministic picture from the prompt's hash; for edits, the input image
with the mask's transparent areas repainted, and, when the prompt lists text areas (model
drawn copy), the text drawn into them, correct or deliberately misspelled. Failures are
scripted per test: 429 with Retry-After, 500, a safety refusal (HTTP 400,
`error.code == "moderation_blocked"`, as the API answers), or a slow answer.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import io
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fontpkg_plus_jakarta_sans
import openai
from PIL import Image, ImageDraw, ImageFont

from assetpack.imagegen.text_request import AREAS_HEADER

from ..loopback import JsonHandler, serve

FONT = Path(fontpkg_plus_jakarta_sans.__file__).parent / "files" / "PlusJakartaSans[wght].ttf"
FIXED_SIZES = {"gpt-image-1-mini": {"1024x1024", "1536x1024", "1024x1536"}}


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    """One request as the server saw it (files reduced to their size and hash)."""

    path: str
    fields: dict[str, str]
    files: dict[str, list[tuple[int, int]]]
    file_hashes: dict[str, list[str]]
    mask_holes: int = 0  # transparent (to be painted) pixels of the mask

    @property
    def prompt(self) -> str:
        return self.fields.get("prompt", "")

    @property
    def size(self) -> str:
        return self.fields.get("size", "")


def rate_limited() -> Reply:
    # Retry-After as the API sends it; retry-after-ms keeps the client's wait to milliseconds.
    body = {
        "error": {
            "message": "Rate limit reached",
            "type": "requests",
            "code": "rate_limit_exceeded",
        }
    }
    return Reply(429, body, {"retry-after": "1", "retry-after-ms": "5"})


def server_error() -> Reply:
    body = {"error": {"message": "The server had an error", "type": "server_error", "code": None}}
    return Reply(500, body, {"retry-after-ms": "5"})


def refusal() -> Reply:
    body = {
        "error": {
            "message": "Your request was rejected as a result of our safety system.",
            "type": "image_generation_user_error",
            "param": None,
            "code": "moderation_blocked",
        }
    }
    return Reply(400, body)


class FakeImages:
    """Records every request; scripted replies first, then a valid image."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.queue: list[Reply] = []
        self.refuse: Callable[[Seen], bool] = lambda seen: False
        # "correct", "misspell-once" (right when the prompt carries corrections), "misspell".
        self.text: str = "correct"
        self.delay_s = 0.0
        self.lock = threading.Lock()
        self.url = ""

    def client(self, max_retries: int = 2, timeout: float = 30.0) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=self.url, api_key="test", max_retries=max_retries, timeout=timeout
        )

    def calls(self, path: str | None = None) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if path is None or s.path.endswith(path)]

    def reply_to(self, seen: Seen, files: dict[str, list[bytes]]) -> Reply:
        with self.lock:
            self.seen.append(seen)
            queued = self.queue.pop(0) if self.queue else None
        if self.delay_s:
            time.sleep(self.delay_s)
        if queued is not None:
            return queued
        problem = _size_problem(seen.fields.get("model", ""), seen.size)
        if problem:
            return Reply(400, {"error": {"message": problem, "type": "invalid_request_error",
                                         "param": "size", "code": "invalid_size"}})  # fmt: skip
        if self.refuse(seen):
            return refusal()
        png = self._image(seen, files)
        return Reply(200, _images_response(png, seen))

    def _image(self, seen: Seen, files: dict[str, list[bytes]]) -> bytes:
        width, height = (int(v) for v in seen.size.split("x"))
        picture = _picture(seen.prompt, (width, height))
        images = files.get("image") or files.get("image[]") or []
        if images:
            source = Image.open(io.BytesIO(images[0])).convert("RGB").resize((width, height))
            if AREAS_HEADER in seen.prompt:
                picture = source  # a good model keeps the background and only adds the text
            else:
                picture = Image.composite(
                    source, picture, _keep_mask(files.get("mask"), source.size)
                )
        if AREAS_HEADER in seen.prompt:
            wrong = self.text == "misspell" or (
                self.text == "misspell-once" and "A previous attempt" not in seen.prompt
            )
            _draw_areas(picture, seen.prompt, wrong)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return buffer.getvalue()


def _size_problem(model: str, size: str) -> str | None:
    if model in FIXED_SIZES:
        return None if size in FIXED_SIZES[model] else f"Invalid size {size!r} for {model}"
    try:
        width, height = (int(v) for v in size.split("x"))
    except ValueError:
        return f"Invalid size {size!r}"
    if width % 16 or height % 16:
        return f"Invalid size {size!r}: both edges must be multiples of 16"
    if max(width, height) > 3 * min(width, height) or max(width, height) > 3840:
        return f"Invalid size {size!r}: aspect ratio must be between 1:3 and 3:1"
    if not 655_360 <= width * height <= 8_294_400:
        return f"Invalid size {size!r}: pixel count out of range"
    return None


def _picture(prompt: str, size: tuple[int, int]) -> Image.Image:
    """A calm, deterministic picture, as a model that follows the prompt would paint it: a
    gradient from the prompt's background color (its first color when it names none) toward
    its primary, and a disc of the primary placed by the prompt's hash."""
    digest = hashlib.sha256(prompt.encode()).digest()
    named = dict(re.findall(r"(background|primary) (#[0-9A-Fa-f]{6})", prompt))
    base = _rgb(named.get("background", "#F0F0F0"))
    accent = _rgb(named.get("primary", "#808080"))
    ramp = Image.linear_gradient("L").resize(size).point(lambda v: v // 4)
    img = Image.composite(Image.new("RGB", size, accent), Image.new("RGB", size, base), ramp)
    r = min(size) // 6
    cx, cy = size[0] * (0.2 + 0.6 * digest[6] / 255), size[1] * (0.3 + 0.4 * digest[7] / 255)
    ImageDraw.Draw(img).ellipse((cx - r, cy - r, cx + r, cy + r), fill=accent)
    return img


def _rgb(color: str) -> tuple[int, int, int]:
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


def _keep_mask(masks: list[bytes] | None, size: tuple[int, int]) -> Image.Image:
    """Where the edit must keep the input: opaque mask pixels (no mask: keep nothing)."""
    if not masks:
        return Image.new("L", size, 0)
    mask = Image.open(io.BytesIO(masks[0])).convert("RGBA")
    assert mask.size == size, f"mask {mask.size} is not the image's size {size}"
    return mask.getchannel("A").point(lambda a: 255 if a > 0 else 0)


def _draw_areas(img: Image.Image, prompt: str, wrong: bool) -> None:
    areas = json.loads(prompt.split(AREAS_HEADER, 1)[1].strip().splitlines()[0])
    repaint = "A previous attempt" in prompt
    draw = ImageDraw.Draw(img)
    for area in areas:
        color = area["color"]
        for line in area["lines"]:
            text = line["text"][::-1] if wrong else line["text"]
            x0, y0, x1, y1 = line["box"]
            if repaint:  # cover the earlier attempt's text
                draw.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), fill=_behind(img, line["box"]))
            font = _fitting_font(text, x1 - x0, y1 - y0)
            # Centered in the line's ink box, which is where the layout put the line.
            draw.text(((x0 + x1) / 2, (y0 + y1) / 2), text, font=font, fill=color, anchor="mm")


def _behind(img: Image.Image, box: list[int]) -> tuple[int, int, int]:
    """The color just left of the box: the text goes on a clean patch of its background."""
    x, y = max(0, box[0] - 6), min(img.height - 1, max(0, (box[1] + box[3]) // 2))
    pixel = img.getpixel((x, y))
    return pixel if isinstance(pixel, tuple) else (pixel, pixel, pixel)  # type: ignore[return-value]


def _fitting_font(text: str, width: int, height: int) -> ImageFont.FreeTypeFont:
    size = max(6, round(height * 1.15))
    while size > 6:
        font = ImageFont.truetype(str(FONT), size)
        font.set_variation_by_axes([600])
        left, top, right, bottom = font.getbbox(text, anchor="lm")
        if right - left <= width and bottom - top <= height * 1.1:
            return font
        size -= 1
    return ImageFont.truetype(str(FONT), 6)


def _images_response(png: bytes, seen: Seen) -> dict[str, Any]:
    width, height = (int(v) for v in seen.size.split("x"))
    out_tokens = width * height // 1000
    in_text = len(seen.prompt) // 4
    in_image = 100 * sum(len(v) for v in seen.files.values())
    return {
        "created": 1_700_000_000,
        "data": [{"b64_json": base64.b64encode(png).decode("ascii")}],
        "size": seen.size,
        "usage": {
            "input_tokens": in_text + in_image,
            "input_tokens_details": {"text_tokens": in_text, "image_tokens": in_image},
            "output_tokens": out_tokens,
            "output_tokens_details": {"image_tokens": out_tokens, "text_tokens": 0},
            "total_tokens": in_text + in_image + out_tokens,
        },
    }


def _parse(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, list[bytes]]]:
    if content_type.startswith("application/json"):
        data = json.loads(body or b"{}")
        return {k: str(v) for k, v in data.items()}, {}
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    files: dict[str, list[bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename():
            files.setdefault(str(name), []).append(data)
        else:
            fields[str(name)] = data.decode("utf-8")
    return fields, files


def _seen(path: str, fields: dict[str, str], files: dict[str, list[bytes]]) -> Seen:
    sizes = {k: [Image.open(io.BytesIO(d)).size for d in v] for k, v in files.items()}
    hashes = {k: [hashlib.sha256(d).hexdigest() for d in v] for k, v in files.items()}
    holes = 0
    for mask in files.get("mask", []):
        alpha = Image.open(io.BytesIO(mask)).convert("RGBA").getchannel("A")
        holes += alpha.histogram()[0]
    return Seen(path=path, fields=fields, files=sizes, file_hashes=hashes, mask_holes=holes)


def handler_for(fake: FakeImages) -> type[JsonHandler]:
    class Handler(JsonHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("content-length", "0"))
            fields, files = _parse(self.headers.get("content-type", ""), self.rfile.read(length))
            if self.path not in ("/v1/images/generations", "/v1/images/edits"):
                reply = Reply(404, {"error": {"message": f"no route {self.path}"}})
            else:
                reply = fake.reply_to(_seen(self.path, fields, files), files)
            self.send_json(reply.status, reply.body, reply.headers)

    return Handler


def start(fake: FakeImages) -> Callable[[], None]:
    """Serve `fake` on 127.0.0.1 in a thread; returns the function that stops it."""
    fake.url, stop = serve(handler_for(fake))
    return stop
