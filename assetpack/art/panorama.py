"""Offline panoramas for multi-panel sets: one wide key visual, sliced into the panels.

A carousel reads as one piece when its background runs on across the cuts: the light, a
wave and a few large shapes are drawn once over the whole strip, and every shape that crosses
a cut leaves one panel on the right and enters the next on the left. Colors stay light (tints
of the background, the primary color and a softened accent), so the brand's text color keeps
its contrast wherever the copy lands; the wave and the shapes keep to the lower part of the
strip, below the headlines, and the circles sit on the cuts, where no text is placed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from assetpack.art.procedural import _gradient, _mix
from assetpack.config import Palette
from assetpack.config.base import hex_to_rgb

WAVE_TOP = 0.64  # the wave's mean upper edge, as a share of the height
WAVE_AMPLITUDE = 0.05
WAVE_THICKNESS = 0.1
WAVE_PERIOD = 1.7  # panels per wave: crests drift from cut to cut instead of repeating
FEATHER = 0.025  # how far the calm around text fades out, as a share of the height
Frac = tuple[float, float, float, float]


@dataclass(frozen=True)
class Strip:
    """A panorama before it is calmed for one text direction's layout."""

    picture: Image.Image  # the full panorama
    quiet: Image.Image  # what shows through where text lands
    provider: str
    notice: str = ""

    def calmed(self, zones: Sequence[Frac]) -> Image.Image:
        return calm_under(self.picture, zones, self.quiet)


def make_panorama(palette: Palette, size: tuple[int, int], panels: int, seed: int) -> Strip:
    """The whole strip (`size` is the width of all panels side by side) for `panels` panels;
    its quiet layer is the plain light without the shapes."""
    rng = random.Random(seed)
    width, height = size
    panel_w = width / panels
    bg = hex_to_rgb(palette.background.color)
    primary = hex_to_rgb(palette.primary.color)
    secondary = hex_to_rgb(palette.secondary.color)
    accent = hex_to_rgb(palette.accent.color)
    light = _gradient(size, _mix(bg, (255, 255, 255), 0.35), _mix(bg, secondary, 0.1))
    img = light.copy()
    draw = ImageDraw.Draw(img)
    # Large pale discs centered on the cuts: half in one panel, half in the next.
    for cut in range(1, panels):
        radius = height * rng.uniform(0.2, 0.27)
        cx = cut * panel_w + panel_w * rng.uniform(-0.08, 0.08)
        cy = height * rng.uniform(0.7, 0.86)
        draw.ellipse(_circle(cx, cy, radius), fill=_mix(bg, secondary, 0.07))
    phase = rng.uniform(0, 2 * math.pi)
    _wave(draw, size, panel_w, phase, height * WAVE_THICKNESS, _mix(bg, primary, 0.55))
    _wave(draw, size, panel_w, phase + 0.9, height * 0.012, _mix(bg, accent, 0.55), lift=0.07)
    # Small primary dots riding the wave, one per panel, placed by the seed.
    for index in range(panels):
        x = (index + rng.uniform(0.15, 0.85)) * panel_w
        y = _wave_y(x, height, panel_w, phase) - height * rng.uniform(0.05, 0.09)
        draw.ellipse(_circle(x, y, height * 0.012), fill=_mix(bg, primary, 0.8))
    # Drawn sharp, then softened a little: antialiased edges without blurring the shapes.
    img = img.filter(ImageFilter.GaussianBlur(max(0.6, height / 1200)))
    return Strip(picture=img, quiet=light, provider="procedural")


def calm_under(img: Image.Image, zones: Sequence[Frac], calm: Image.Image) -> Image.Image:
    """`img` with `calm` showing through where text lands (`zones`, fractions of the image),
    feathered so the shapes fade out rather than stop at a visible edge."""
    if not zones:
        return img
    width, height = img.size
    scale = 4  # the mask is soft anyway: draw and blur it small
    small = (max(1, width // scale), max(1, height // scale))
    mask = Image.new("L", small, 0)
    draw = ImageDraw.Draw(mask)
    for x0, y0, x1, y1 in zones:
        draw.rectangle((x0 * small[0], y0 * small[1], x1 * small[0], y1 * small[1]), fill=255)
    feather = max(1.0, height * FEATHER / scale)
    # Blur, then lift: the zone itself stays fully calm, only its surroundings fade.
    mask = mask.filter(ImageFilter.GaussianBlur(feather)).point(lambda v: min(255, v * 2))
    return Image.composite(calm, img, mask.resize(img.size, Image.Resampling.BICUBIC))


def _wave_y(x: float, height: int, panel_w: float, phase: float) -> float:
    angle = 2 * math.pi * x / (panel_w * WAVE_PERIOD) + phase
    return height * (WAVE_TOP + WAVE_AMPLITUDE * math.sin(angle))


def _wave(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    panel_w: float,
    phase: float,
    thickness: float,
    color: tuple[int, int, int],
    lift: float = 0.0,
) -> None:
    """A band following the wave across the whole strip, `lift` (share of height) above it."""
    width, height = size
    step = max(2, width // 800)
    xs = list(range(0, width + step, step))
    top = [(x, _wave_y(x, height, panel_w, phase) - lift * height) for x in xs]
    bottom = [(x, y + thickness) for x, y in reversed(top)]
    draw.polygon(top + bottom, fill=color)


def _circle(cx: float, cy: float, r: float) -> tuple[float, float, float, float]:
    return (cx - r, cy - r, cx + r, cy + r)
