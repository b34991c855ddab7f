"""Art: one background per aspect class, shared by every preset and locale of that class."""

from __future__ import annotations

from PIL import Image
from pydantic import Field

from assetpack.config.base import Frozen


class Focus(Frozen):
    """Where the product will stand, as fractions of the canvas: art puts its stage there."""

    x: float = Field(ge=0, le=1, description="Horizontal center, fraction of width.")
    y: float = Field(ge=0, le=1, description="Vertical center, fraction of height.")
    radius: float = Field(gt=0, description="Radius, fraction of the short side.")


class Art(Frozen):
    """A background image held as raw RGB bytes (cheap to ship to workers, exact)."""

    aspect_class: str = Field(description="Aspect class the art was made for.")
    width_px: int = Field(description="Width of the art.")
    height_px: int = Field(description="Height of the art.")
    rgb: bytes = Field(repr=False, description="Raw RGB pixels, row-major.")
    provider: str = Field(description="procedural, image or openai.")

    def image(self) -> Image.Image:
        return Image.frombytes("RGB", (self.width_px, self.height_px), self.rgb)

    @classmethod
    def from_image(cls, aspect_class: str, img: Image.Image, provider: str) -> Art:
        rgb = img.convert("RGB")
        return cls(
            aspect_class=aspect_class,
            width_px=rgb.width,
            height_px=rgb.height,
            rgb=rgb.tobytes(),
            provider=provider,
        )
