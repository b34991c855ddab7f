"""Image models, their size rules and prices, read from configuration (image_models.toml).

Nothing here talks to the network: the planner, the size chooser and the cost estimate all
read the same `ImageSettings`, so `assetpack plan` and the build cannot disagree.
"""

from __future__ import annotations

import math
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from assetpack.config.base import Frozen
from assetpack.errors import InputError

CONFIG_ENV = "ASSETPACK_IMAGE_CONFIG"
Quality = Literal["low", "medium", "high"]
Purpose = Literal["art", "text"]
# Token counts in the configuration are for one 1024x1024 image; others scale by area.
_AREA_1024 = 1024 * 1024


class ModelSpec(Frozen):
    """One image model: the sizes it accepts and what its tokens cost."""

    name: str = Field(description="Model id sent to the API.")
    sizes: tuple[str, ...] = Field((), description="Fixed WxH sizes; empty: flexible sizes.")
    step_px: int = Field(16, description="Both edges must be multiples of this.")
    min_pixels: int = Field(655_360, description="Smallest pixel count accepted.")
    max_pixels: int = Field(8_294_400, description="Largest pixel count accepted.")
    target_max_pixels: int = Field(3_686_400, description="Largest we ask for (not experimental).")
    max_edge_px: int = Field(3840, description="Longest edge accepted.")
    max_aspect: float = Field(3.0, description="Longest edge / shortest edge, at most.")
    usd_per_1m_text_input: float = Field(description="Prompt text, $ per 1M tokens.")
    usd_per_1m_image_input: float = Field(description="Input images, $ per 1M tokens.")
    usd_per_1m_image_output: float = Field(description="Generated images, $ per 1M tokens.")
    input_image_tokens_1024: int = Field(description="Tokens of one 1024x1024 input image.")
    output_tokens_1024: dict[str, int] = Field(description="Quality -> tokens per 1024x1024.")

    def estimate_usd(
        self, size: tuple[int, int], quality: str, prompt_chars: int, inputs: list[tuple[int, int]]
    ) -> float:
        """Estimated price of one call (n=1): prompt, input images and the output image."""
        text_tokens = math.ceil(prompt_chars / 4)  # ~4 characters a token, rounded up
        image_in = sum(self.input_image_tokens_1024 * w * h / _AREA_1024 for w, h in inputs)
        image_out = self.output_tokens_1024[quality] * size[0] * size[1] / _AREA_1024
        return self.usd_of(text_tokens, image_in, image_out)

    def usd_of(self, text_in: float, image_in: float, image_out: float) -> float:
        return (
            text_in * self.usd_per_1m_text_input
            + image_in * self.usd_per_1m_image_input
            + image_out * self.usd_per_1m_image_output
        ) / 1_000_000


class ImageSettings(Frozen):
    """Which model and quality each kind of call uses, and how calls are made."""

    model: str = Field(description="Model of a final build.")
    art_quality: Quality = Field(description="Quality of key visuals.")
    text_quality: Quality = Field(description="Quality of model-drawn copy.")
    draft_model: str = Field(description="Model of a --draft build.")
    draft_quality: Quality = Field(description="Quality of every call in a --draft build.")
    max_text_attempts: int = Field(ge=1, le=5, description="Model tries per asset's copy.")
    concurrency: int = Field(ge=1, le=32, description="Requests in flight at once.")
    max_retries: int = Field(ge=0, le=10, description="Retries of 429, 5xx and timeouts.")
    timeout_s: float = Field(gt=0, description="Timeout of one request, seconds.")
    models: dict[str, ModelSpec] = Field(description="Known models by id.")
    draft: bool = Field(False, description="Use the draft model and quality.")

    def choice(self, purpose: Purpose) -> tuple[ModelSpec, Quality]:
        """The model and quality for art or text calls in this (draft or final) build."""
        if self.draft:
            return self.spec(self.draft_model), self.draft_quality
        return self.spec(self.model), self.art_quality if purpose == "art" else self.text_quality

    def spec(self, name: str) -> ModelSpec:
        if name not in self.models:
            raise InputError(
                f"image model {name!r} is not described in the image configuration; add a "
                f"[models.{name}] table (see assetpack/imagegen/image_models.toml) or set "
                f"{CONFIG_ENV}"
            )
        return self.models[name]

    def with_draft(self, draft: bool) -> ImageSettings:
        return self.model_copy(update={"draft": draft})


def load_image_settings(path: Path | None = None, *, draft: bool = False) -> ImageSettings:
    """Settings from `path`, else $ASSETPACK_IMAGE_CONFIG, else the packaged defaults."""
    configured = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    return _load(str(configured) if configured else None).with_draft(draft)


@lru_cache(maxsize=8)
def _load(path: str | None) -> ImageSettings:
    where = path or "assetpack/imagegen/image_models.toml"
    try:
        if path is None:
            text = resources.files("assetpack.imagegen").joinpath("image_models.toml").read_text()
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
        models = {
            name: ModelSpec(name=name, **table) for name, table in data.get("models", {}).items()
        }
        return ImageSettings(**data.get("defaults", {}), models=models)
    except (OSError, tomllib.TOMLDecodeError, ValidationError, TypeError) as exc:
        raise InputError(f"{where}: not a usable image configuration: {exc}") from None
