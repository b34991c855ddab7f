"""Image API requests: cached, bounded in number and in flight, priced, errors made readable.

HTTP-level retries (429 with Retry-After, 5xx, timeouts) are the `openai` client's own
(`max_retries`, exponential backoff). This module adds what the client cannot know: the
content-addressed cache, a cap on requests in flight shared by every thread of a build, the
--max-cost budget, and turning a refusal by the safety system into `ImageRefused`, which
callers report for one asset while the rest of the batch goes on.
"""

from __future__ import annotations

import base64
import os
import threading
from pathlib import Path
from typing import Any, Literal

import openai
from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.errors import InputError, ProviderError
from assetpack.imagegen.cache import ImageCache, content_key, default_cache_dir
from assetpack.imagegen.calls import ImageCall
from assetpack.imagegen.settings import ImageSettings, ModelSpec, load_image_settings
from assetpack.imagegen.sizes import Size, size_text
from assetpack.imagegen.usage import ImageUsage, usage_of
from assetpack.openai_errors import api_message, provider_error

REFUSAL_CODES = ("moderation_blocked", "content_policy_violation")


class ImageRefused(ProviderError):
    """The model's safety system refused one request; the rest of the batch goes on."""


class BudgetExceeded(InputError):
    """A request would take the build past --max-cost."""


class ImageRequest(Frozen):
    """One images.generate or images.edit request, files included (PNG bytes)."""

    endpoint: Literal["images.generate", "images.edit"] = Field(description="API endpoint.")
    model: str = Field(description="Model id.")
    size: Size = Field(description="Requested (width, height); valid for the model.")
    quality: str = Field(description="low, medium or high.")
    prompt: str = Field(description="The prompt.")
    images: tuple[bytes, ...] = Field((), repr=False, description="Input images (edits).")
    mask: bytes | None = Field(None, repr=False, description="Mask PNG; transparent = repaint.")
    purpose: Literal["art", "text"] = Field(description="What the image is for.")
    target: str = Field(description="Aspect class or 'preset locale', for messages.")

    def params(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "prompt": self.prompt,
            "size": size_text(self.size),
            "quality": self.quality,
            "n": 1,
            "output_format": "png",
        }

    def key(self) -> str:
        files = {"image": list(self.images), "mask": [self.mask] if self.mask else []}
        return content_key({"endpoint": self.endpoint, **self.params()}, files)

    def call(self, spec: ModelSpec) -> ImageCall:
        return ImageCall(
            endpoint=self.endpoint,
            model=self.model,
            size=size_text(self.size),
            quality=self.quality,
            purpose=self.purpose,
            target=self.target,
            input_images=len(self.images),
            usd=spec.estimate_usd(
                self.size, self.quality, len(self.prompt), [self.size] * len(self.images)
            ),
        )


class ImageResult(Frozen):
    """An image the API returned (or the cache kept), with the tokens it cost."""

    png: bytes = Field(repr=False, description="Image bytes as returned (PNG).")
    usage: dict[str, int] = Field(description="Token counts reported by the API.")
    cached: bool = Field(description="True when read from the cache.")


def default_client(settings: ImageSettings) -> openai.OpenAI:
    """A client from OPENAI_API_KEY and, for compatible gateways, OPENAI_BASE_URL."""
    if not os.environ.get("OPENAI_API_KEY"):
        raise InputError(
            "--art openai and --text-mode model need an API key: set OPENAI_API_KEY (and "
            "OPENAI_BASE_URL for an OpenAI-compatible gateway), or build with --art procedural "
            "and --text-mode typeset"
        )
    return openai.OpenAI(
        base_url=os.environ.get("OPENAI_BASE_URL") or None,
        max_retries=settings.max_retries,
        timeout=settings.timeout_s,
    )


class ImageSession:
    """Runs image requests for one build through the cache; thread-safe."""

    def __init__(
        self,
        settings: ImageSettings,
        cache: ImageCache,
        client: openai.OpenAI | None = None,
        *,
        max_cost_usd: float | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.max_cost_usd = max_cost_usd
        self._client = client
        self._lock = threading.Lock()
        self._in_flight = threading.BoundedSemaphore(settings.concurrency)
        self._usage = ImageUsage()
        self._spent_usd = 0.0
        self._planned_left_usd = 0.0
        self.sent: list[ImageCall] = []

    def client(self) -> openai.OpenAI:
        # Made on first use, so a rebuild served from the cache needs no API key at all.
        with self._lock:
            if self._client is None:
                self._client = default_client(self.settings)
            return self._client

    @property
    def usage(self) -> ImageUsage:
        with self._lock:
            return self._usage

    def expect(self, planned_usd: float) -> None:
        """Set aside the planned calls' estimate, so repaints never eat into it."""
        with self._lock:
            self._planned_left_usd = planned_usd

    def run(self, request: ImageRequest, *, extra: bool = False) -> ImageResult:
        """The image for `request`, from the cache or the API (then cached).

        extra: a request the plan does not count (a repaint); it is refused with
        BudgetExceeded unless it fits in --max-cost beside every planned call still to come.
        """
        key = request.key()
        spec = self.settings.spec(request.model)
        call = request.call(spec)
        hit = self.cache.get(key)
        if hit is not None:
            png, meta = hit
            usage = {k: int(v) for k, v in meta.get("usage", {}).items()}
            self._count(usage, sent=False, planned=None if extra else call)
            return ImageResult(png=png, usage=usage, cached=True)
        self._reserve(call, extra)
        with self._in_flight:
            png, usage = self._send(request)
        self.cache.put(key, png, {"call": call.model_dump(), "usage": usage})
        self._count(usage, sent=True, call=call)
        return ImageResult(png=png, usage=usage, cached=False)

    def _reserve(self, call: ImageCall, extra: bool) -> None:
        # Planned calls were priced as a whole before the build began (CallPlan.check_budget).
        with self._lock:
            estimate = call.usd or 0.0
            if not extra:
                self._planned_left_usd = max(0.0, self._planned_left_usd - estimate)
            elif self.max_cost_usd is not None and (
                self._spent_usd + self._planned_left_usd + estimate > self.max_cost_usd
            ):
                raise BudgetExceeded(
                    f"a repaint of {call.target} (about ${estimate:.2f}) would take this build "
                    f"past --max-cost ${self.max_cost_usd:.2f}"
                )
            self._spent_usd += estimate

    def _count(
        self,
        usage: dict[str, int],
        *,
        sent: bool,
        call: ImageCall | None = None,
        planned: ImageCall | None = None,
    ) -> None:
        with self._lock:
            self._usage = self._usage.plus(usage, sent=sent)
            if call is not None:
                self.sent.append(call)
            if planned is not None:  # a planned call the cache answered costs nothing now
                self._planned_left_usd = max(0.0, self._planned_left_usd - (planned.usd or 0.0))

    def note_refusal(self) -> None:
        with self._lock:
            self._usage = self._usage.model_copy(update={"refused": self._usage.refused + 1})

    def _send(self, request: ImageRequest) -> tuple[bytes, dict[str, int]]:
        client = self.client()
        try:
            if request.endpoint == "images.edit":
                files = [
                    (f"image-{i}.png", data, "image/png") for i, data in enumerate(request.images)
                ]
                extra: dict[str, Any] = {}
                if request.mask is not None:
                    extra["mask"] = ("mask.png", request.mask, "image/png")
                image = files[0] if len(files) == 1 else files
                response = client.images.edit(image=image, **extra, **request.params())
            else:
                response = client.images.generate(**request.params())
        except openai.OpenAIError as exc:
            raise image_error(exc, client, request) from None
        if not response.data or not response.data[0].b64_json:
            raise ProviderError(
                f"OpenAI at {client.base_url} answered {request.endpoint} for {request.target} "
                "without an image (data[0].b64_json); check that the gateway supports gpt-image"
            )
        return base64.b64decode(response.data[0].b64_json), usage_of(response.usage)


def image_error(exc: openai.OpenAIError, client: openai.OpenAI, request: ImageRequest) -> Exception:
    """An OpenAI client error as a message; a safety refusal is its own error (per asset)."""
    what = f"{request.endpoint} ({request.model}) for the {request.purpose} of {request.target}"
    if isinstance(exc, openai.BadRequestError) and exc.code in REFUSAL_CODES:
        return ImageRefused(
            f"OpenAI at {client.base_url} refused {what}: its safety system blocked the request "
            f"({api_message(exc)}). Reword the theme, key message or product description"
        )
    return provider_error(
        exc,
        client,
        model=request.model,
        model_setting="the model in the image configuration ($ASSETPACK_IMAGE_CONFIG)",
        what=what,
        timeout_setting="timeout_s in the image configuration",
    )


def open_session(
    *,
    cache_dir: Path | None = None,
    draft: bool = False,
    client: openai.OpenAI | None = None,
    max_cost_usd: float | None = None,
    settings: ImageSettings | None = None,
) -> ImageSession:
    """A session for one build: settings from configuration, cache under `cache_dir` (else
    $ASSETPACK_CACHE_DIR or ~/.cache/assetpack), a client made only if a call is needed."""
    chosen = (settings or load_image_settings()).with_draft(draft)
    return ImageSession(
        chosen, ImageCache(cache_dir or default_cache_dir()), client, max_cost_usd=max_cost_usd
    )
