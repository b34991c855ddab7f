"""Size presets: one platform placement each, with its pixel size and rules."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, computed_field, model_validator

from assetpack.config.base import Frozen

AspectClass = Literal["skyscraper", "story", "portrait", "square", "landscape", "wide", "banner"]


def aspect_class_of(width_px: int, height_px: int) -> AspectClass:
    """Group a canvas by shape; each class gets its own composition."""
    ratio = width_px / height_px
    if ratio < 0.4:
        return "skyscraper"
    if ratio < 0.7:
        return "story"
    if ratio < 0.95:
        return "portrait"
    if ratio <= 1.3:
        return "square"
    if ratio <= 2.4:
        return "landscape"
    if ratio <= 4.5:
        return "wide"
    return "banner"


class SafeZone(Frozen):
    """Insets (pixels) that platform UI may cover; text and logo stay inside."""

    top_px: int = Field(0, ge=0, description="Inset from the top edge.")
    right_px: int = Field(0, ge=0, description="Inset from the right edge.")
    bottom_px: int = Field(0, ge=0, description="Inset from the bottom edge.")
    left_px: int = Field(0, ge=0, description="Inset from the left edge.")


# What names, describes or files a preset without changing what is drawn on its canvas.
# (Whether it takes sets decides which layout it gets, a set's panels or a poster; a panel's
# plan says which panel it is, and a poster is drawn the same either way.)
NOT_DRAWN = frozenset(
    {"id", "label", "source", "max_bytes", "formats", "platform", "name", "takes_sets"}
)


class SizePreset(Frozen):
    """One placement on one platform."""

    id: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$", description="Lowercase platform/name.")
    label: str = Field(description="Human name, e.g. 'Instagram feed 1:1'.")
    width_px: int = Field(ge=16, le=8192, description="Canvas width in pixels.")
    height_px: int = Field(ge=16, le=8192, description="Canvas height in pixels.")
    safe_zone: SafeZone = Field(default_factory=SafeZone, description="Insets UI may cover.")
    max_bytes: int | None = Field(None, ge=1024, description="File size limit, if any.")
    formats: list[Literal["png", "jpeg"]] = Field(
        default_factory=lambda: ["png", "jpeg"],  # type: ignore[arg-type]
        min_length=1,
        description="Allowed formats, preferred first.",
    )
    text: Literal["allowed", "none"] = Field("allowed", description="'none': no text at all.")
    logo: bool = Field(True, description="Whether a logo may appear.")
    background: Literal["art", "white"] = Field(
        "art", description="'white': pure #FFFFFF background (marketplace main images)."
    )
    product_fill_min: float | None = Field(
        None, ge=0, le=1, description="Share of the frame the product must fill, if required."
    )
    takes_sets: bool = Field(False, description="Whether the placement takes multi-panel sets.")
    source: str = Field(description="Where the numbers come from, and how sure they are.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def platform(self) -> str:
        return self.id.split("/", 1)[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def aspect_class(self) -> AspectClass:
        return aspect_class_of(self.width_px, self.height_px)

    def canvas_key(self) -> str:
        """What the preset's canvas is drawn from. Presets with the same key (Facebook's,
        Instagram's and LINE's 1080x1080 feed squares) get the same layout and the same
        pixels: one coherent poster, drawn and verified once, filed under each."""
        return self.model_dump_json(exclude=set(NOT_DRAWN))

    @model_validator(mode="after")
    def _safe_zone_leaves_room(self) -> SizePreset:
        zone = self.safe_zone
        if zone.left_px + zone.right_px >= self.width_px or (
            zone.top_px + zone.bottom_px >= self.height_px
        ):
            raise ValueError("safe_zone insets leave no room on the canvas")
        return self
