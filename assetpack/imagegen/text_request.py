"""The edit request that has the model draw an asset's copy into its text areas.

The layout has already decided every line's box, size and color (typeset mode's plan); the
model is shown the text-free asset, framed to a size the API accepts, with a mask that is
transparent only over the text areas, and a prompt that lists each area's exact text. Only
pixels inside those areas are ever taken from its answer.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from assetpack.fonts import is_rtl_locale
from assetpack.imagegen.fit import Box, Size, frame_canvas, unframe
from assetpack.imagegen.session import ImageRequest
from assetpack.layout.plan import LayoutPlan, TextBlock

BoxMap = Callable[[Box], Box]
AREAS_HEADER = "Areas (pixel boxes [left, top, right, bottom] in the input image):"


def text_areas(plan: LayoutPlan) -> dict[str, Box]:
    """Per slot, the pixels the model may paint: the lines' ink with a margin, kept inside the
    slot's button or sticker if it sits on one, and inside the canvas."""
    shapes = {shape.slot: shape.box for shape in plan.shapes if shape.slot}
    areas: dict[str, Box] = {}
    for block in plan.blocks:
        ink = block.ink
        if ink is None:
            continue
        pad = max(3, block.size_px // 4)
        limit = shapes.get(block.slot, (0, 0, plan.width_px, plan.height_px))
        area = (
            max(ink[0] - pad, limit[0], 0),
            max(ink[1] - pad, limit[1], 0),
            min(ink[2] + pad, limit[2], plan.width_px),
            min(ink[3] + pad, limit[3], plan.height_px),
        )
        if area[2] > area[0] and area[3] > area[1]:
            areas[block.slot] = area
    return areas


def text_request(
    plan: LayoutPlan,
    image: Image.Image,
    slots: list[str],
    request: tuple[str, str, Size],
    corrections: dict[str, str] | None = None,
    attempt: int = 1,
) -> tuple[ImageRequest, Box]:
    """The edit that paints `slots` onto `image` (the canvas), and where the canvas sits in
    the framed request image. `request` is (model, quality, size); `corrections` says, per
    slot, what the previous attempt got wrong."""
    model, quality, size = request
    framed, where = frame_canvas(image, size)
    scale = (where[2] - where[0]) / plan.width_px, (where[3] - where[1]) / plan.height_px
    areas = {slot: box for slot, box in text_areas(plan).items() if slot in slots}
    to_frame = _mapper(where[:2], scale)
    mask = _mask(size, [to_frame(box) for box in areas.values()])
    blocks = [block for block in plan.blocks if block.slot in areas]
    prompt = text_prompt(plan, blocks, to_frame, corrections or {}, attempt)
    edit = ImageRequest(
        endpoint="images.edit",
        model=model,
        size=size,
        quality=quality,
        prompt=prompt,
        images=(png_bytes(framed),),
        mask=png_bytes(mask),
        purpose="text",
        target=f"{plan.preset_id} {plan.locale}",
    )
    return edit, where


def merge_answer(
    image: Image.Image, answer: Image.Image, where: Box, areas: list[Box]
) -> Image.Image:
    """`image` with the answer's pixels inside `areas` (edges feathered by a pixel), so
    nothing outside the text areas ever changes."""
    painted = unframe(answer, where, image.size)
    keep = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(keep)
    for box in areas:
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=255)
    # Feathered inward only: outside the areas the mask stays exactly 0.
    mask = ImageChops.multiply(keep.filter(ImageFilter.GaussianBlur(1)), keep)
    return Image.composite(painted, image.convert("RGB"), mask)


def text_prompt(
    plan: LayoutPlan,
    blocks: list[TextBlock],
    to_frame: BoxMap,
    corrections: dict[str, str],
    attempt: int = 1,
) -> str:
    """Exact text per line with its box in the framed image, plus what went wrong before."""
    direction = "right to left" if is_rtl_locale(plan.locale) else "left to right"
    items = [
        {
            "slot": block.slot,
            "color": block.color,
            "align": block.align,
            "font": _font(block),
            "lines": [{"text": line.text, "box": list(to_frame(line.ink))} for line in block.lines],
        }
        for block in blocks
    ]
    lines = [
        "Draw the copy of a finished marketing image into the transparent areas of the mask. "
        "Leave every other pixel exactly as it is.",
        f"Write each line exactly as given, character for character (language {plan.locale}, "
        f"{direction}), one line per box, as tall as its box, in the given color and a clean "
        "typeface like the named font, with no quotes, extra words, outlines, shadows or effects.",
        AREAS_HEADER,
        json.dumps(items, ensure_ascii=False, separators=(",", ":")),
    ]
    if corrections:
        # The attempt number also keeps a repaint from being answered by the cache with the
        # very result it is meant to replace.
        wrong = "; ".join(f"{slot}: {what}" for slot, what in sorted(corrections.items()))
        lines.append(
            f"Attempt {attempt}. A previous attempt got these wrong; write them exactly this "
            f"time: {wrong}"
        )
    return "\n".join(lines)


def png_bytes(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(block: TextBlock) -> str:
    face = block.lines[0].runs[0].face if block.lines and block.lines[0].runs else None
    return f"{face.family} {face.weight}" if face is not None else "sans-serif"


def _mask(size: Size, areas: list[Box]) -> Image.Image:
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    draw = ImageDraw.Draw(mask)
    for box in areas:
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=(0, 0, 0, 0))
    return mask


def _mapper(offset: tuple[int, int], scale: tuple[float, float]) -> BoxMap:
    def to_frame(box: Box) -> Box:
        return (
            offset[0] + round(box[0] * scale[0]),
            offset[1] + round(box[1] * scale[1]),
            offset[0] + round(box[2] * scale[0]),
            offset[1] + round(box[3] * scale[1]),
        )

    return to_frame
