"""Safe area and box geometry: fractions to pixels, mirroring for right-to-left."""

from __future__ import annotations

from assetpack.config import SizePreset
from assetpack.layout.grid import Frac
from assetpack.layout.plan import Box


def safe_box(preset: SizePreset, mirrored: bool) -> Box:
    """The area text and logo must stay inside; platform UI mirrors in RTL, so does the zone."""
    zone = preset.safe_zone
    left, right = (zone.right_px, zone.left_px) if mirrored else (zone.left_px, zone.right_px)
    return (left, zone.top_px, preset.width_px - right, preset.height_px - zone.bottom_px)


def inset(box: Box, margin_px: int) -> Box:
    return (box[0] + margin_px, box[1] + margin_px, box[2] - margin_px, box[3] - margin_px)


def place(frac: Frac, within: Box, mirrored: bool) -> Box:
    """A fractional box inside `within`, mirrored left-right when asked."""
    x0, y0, x1, y1 = frac
    if mirrored:
        x0, x1 = 1 - x1, 1 - x0
    width, height = within[2] - within[0], within[3] - within[1]
    return (
        within[0] + round(x0 * width),
        within[1] + round(y0 * height),
        within[0] + round(x1 * width),
        within[1] + round(y1 * height),
    )


def contain(size: tuple[int, int], box: Box, anchor: str = "bottom") -> Box:
    """The largest box of `size`'s aspect inside `box`, centered (or resting on its bottom)."""
    width, height = box[2] - box[0], box[3] - box[1]
    scale = min(width / size[0], height / size[1])
    w, h = max(1, round(size[0] * scale)), max(1, round(size[1] * scale))
    x = box[0] + (width - w) // 2
    y = box[3] - h if anchor == "bottom" else box[1] + (height - h) // 2
    return (x, y, x + w, y + h)
