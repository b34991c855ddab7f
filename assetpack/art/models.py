"""Art: one background per aspect class, shared by every preset and locale of that class."""

from __future__ import annotations

import hashlib
from typing import Literal

from PIL import Image, ImageOps
from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.imagegen.fit import anchored_fit, cover_crop_size, salient_origin

Box = tuple[int, int, int, int]


class Focus(Frozen):
    """Where the product will stand, as fractions of the canvas: art puts its stage there."""

    x: float = Field(ge=0, le=1, description="Horizontal center, fraction of width.")
    y: float = Field(ge=0, le=1, description="Vertical center, fraction of height.")
    radius: float = Field(gt=0, description="Radius, fraction of the short side.")
    product_box: Box | None = Field(
        None, description="The product's exact box on the canvas, when the layout has one."
    )


class Art(Frozen):
    """A background image held as raw RGB bytes (cheap to ship to workers, exact)."""

    aspect_class: str = Field(description="Aspect class the art was made for.")
    width_px: int = Field(description="Width of the art.")
    height_px: int = Field(description="Height of the art.")
    rgb: bytes = Field(repr=False, description="Raw RGB pixels, row-major.")
    provider: str = Field(description="procedural, image or openai.")
    crop: Literal["center", "salient"] = Field(
        "center", description="How other canvases of the class crop it: centered or salient."
    )
    product_box: Box | None = Field(
        None, description="Where the art shows the product (openai with a product photo)."
    )
    notice: str = Field("", description="Why the art is not what was asked for, if it is not.")
    panels: int = Field(
        0, ge=0, description="A panorama for a set of this many panels, side by side; 0: a poster."
    )

    def image(self) -> Image.Image:
        return Image.frombytes("RGB", (self.width_px, self.height_px), self.rgb)

    def digest(self) -> str:
        """What the art is, pixels included, as a hex digest: for keys of what it is drawn
        into (about 4 ms for 1080x1920 pixels)."""
        digest = hashlib.sha256(self.model_dump_json(exclude={"rgb"}).encode())
        digest.update(self.rgb)
        return digest.hexdigest()

    def fit_to(self, size: tuple[int, int], product_box: Box | None = None) -> Image.Image:
        """The art cover-fitted to `size`. Art that shows the product is scaled and shifted so
        that product lands on `product_box` (the layout's, in unmirrored canvas pixels), where
        the render then draws the original product pixels exactly over it."""
        img = self.image()
        if self.product_box is not None and product_box is not None:
            return anchored_fit(img, self.product_box, product_box, size)
        if self.crop == "salient":
            crop_size = cover_crop_size(img.size, size[0] / size[1])
            origin = salient_origin(img, crop_size)
            box = (origin[0], origin[1], origin[0] + crop_size[0], origin[1] + crop_size[1])
            return img.crop(box).resize(size, Image.Resampling.LANCZOS)
        if img.size == size:
            return img  # already a copy of its own (the canvas is drawn on)
        return ImageOps.fit(img, size, Image.Resampling.LANCZOS)

    def panel_slice(self, panel: int, size: tuple[int, int]) -> Image.Image:
        """Panel `panel` (1-based) of a panorama, at `size`: the whole strip is fitted to the
        set's width first, then cut, so neighbouring panels continue each other exactly."""
        if self.panels < 1 or not 1 <= panel <= self.panels:
            raise ValueError(f"panel {panel} of a panorama of {self.panels} panels")
        width, height = size
        strip = self.image()
        if strip.size != (width * self.panels, height):
            strip = ImageOps.fit(strip, (width * self.panels, height), Image.Resampling.LANCZOS)
        left = (panel - 1) * width
        return strip.crop((left, 0, left + width, height))

    @classmethod
    def from_image(cls, aspect_class: str, img: Image.Image, provider: str, **extra: object) -> Art:
        rgb = img.convert("RGB")
        return cls(
            aspect_class=aspect_class,
            width_px=rgb.width,
            height_px=rgb.height,
            rgb=rgb.tobytes(),
            provider=provider,
            **extra,  # type: ignore[arg-type]
        )
