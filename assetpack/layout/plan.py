"""LayoutPlan: every box in whole pixels, every size and line break, before any drawing."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.fonts.book import Face

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in canvas pixels; x1/y1 exclusive


def box_union(boxes: list[Box]) -> Box | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def box_inside(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def boxes_overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class TextRun(Frozen):
    """A piece of a line drawn with one face, placed at its left baseline point."""

    text: str = Field(description="The run's characters, in logical order.")
    face: Face = Field(description="Face the run is drawn with.")
    direction: Literal["ltr", "rtl"] = Field(description="Shaping direction.")
    language: str = Field(description="Language tag passed to the shaper.")
    x: int = Field(description="Left edge of the run's advance box.")
    baseline_y: int = Field(description="Baseline of the line.")
    width_px: int = Field(description="Advance width of the run.")
    ink: Box = Field(description="Ink bounding box of the run as drawn.")


class TextLine(Frozen):
    """One line of a text block."""

    text: str = Field(description="The line's text, in logical order.")
    runs: list[TextRun] = Field(description="Runs in visual order, left to right.")
    ink: Box = Field(description="Ink bounding box of the line.")


class TextBlock(Frozen):
    """One slot's text, broken into lines and sized to its box."""

    slot: str = Field(description="headline, subhead, cta, badge, price or legal.")
    text: str = Field(description="The full slot text.")
    box: Box = Field(description="Box the text must stay inside.")
    size_px: int = Field(description="Font size in pixels.")
    min_size_px: int = Field(description="Smallest legible size for this slot on this canvas.")
    color: str = Field(description="Text color, #RRGGBB.")
    align: Literal["start", "center", "end"] = Field(description="Alignment, in text direction.")
    lines: list[TextLine] = Field(description="Lines, top to bottom.")

    @property
    def ink(self) -> Box | None:
        return box_union([line.ink for line in self.lines])


class Shape(Frozen):
    """A filled shape: CTA button, badge sticker."""

    kind: Literal["rounded_rect", "ellipse", "ring"] = Field(description="Shape kind.")
    box: Box = Field(description="Bounding box.")
    fill: str = Field(description="Fill color, #RRGGBB.")
    radius_px: int = Field(0, description="Corner radius for rounded rectangles.")
    width_px: int = Field(0, description="Stroke width of a ring.")
    slot: str = Field("", description="The text slot this shape carries, if any.")


class ImagePlacement(Frozen):
    """A bitmap (logo, product cut-out) scaled into a box."""

    path: str = Field(description="Image file.")
    box: Box = Field(description="Where the image is drawn (exact, aspect kept).")
    shadow: bool = Field(False, description="Draw a soft drop shadow under it.")


class LayoutPlan(Frozen):
    """Everything `render` needs to draw one asset, and everything `verify` checks."""

    preset_id: str = Field(description="Preset id, platform/name.")
    locale: str = Field(description="BCP 47 tag.")
    width_px: int = Field(description="Canvas width.")
    height_px: int = Field(description="Canvas height.")
    aspect_class: str = Field(description="Composition family.")
    background: Literal["art", "white"] = Field(description="Art, or pure white.")
    background_color: str = Field(description="Base canvas color.")
    mirrored: bool = Field(description="True for right-to-left locales: art and layout mirrored.")
    safe_box: Box = Field(description="Area text and logo must stay inside.")
    shapes: list[Shape] = Field(default_factory=list, description="Shapes, drawn first.")
    blocks: list[TextBlock] = Field(default_factory=list, description="Text blocks.")
    logo: ImagePlacement | None = Field(None, description="Logo placement.")
    product: ImagePlacement | None = Field(None, description="Product placement.")
    panel: int | None = Field(
        None, ge=1, description="Panel number (1-based, swipe order) in a set; None: a poster."
    )
    panels: int = Field(0, ge=0, description="Panels in the set; 0 for a single poster.")
    panel_role: str | None = Field(None, description="The panel's beat (hook, offer, ...).")

    def block(self, slot: str) -> TextBlock | None:
        return next((b for b in self.blocks if b.slot == slot), None)

    def regions(self) -> dict[str, Box]:
        """Ink box of every text slot as drawn (the manifest's `regions`)."""
        return {b.slot: b.ink for b in self.blocks if b.ink is not None}
