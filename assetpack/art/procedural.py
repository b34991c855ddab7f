"""Offline key visuals from the brand palette: gradient, a stage for the product, soft light."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFilter

from assetpack.art.models import Focus
from assetpack.config import Palette
from assetpack.config.base import hex_to_rgb

RGB = tuple[int, int, int]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    """Diagonal gradient from the top-left to the bottom-right, computed on a small grid and
    upscaled (a smooth ramp loses nothing by interpolation)."""
    grid = 64
    ramp = Image.new("L", (grid, grid))
    ramp.putdata(
        [round(255 * (0.35 * x + 0.65 * y) / (grid - 1)) for y in range(grid) for x in range(grid)]
    )
    mask = ramp.resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _soft_disc(
    size: tuple[int, int], center: tuple[float, float], radius: float, blur: float
) -> Image.Image:
    """An L mask with a blurred disc, drawn small and scaled up so big blurs stay cheap."""
    scale = 8
    small = (max(1, size[0] // scale), max(1, size[1] // scale))
    mask = Image.new("L", small, 0)
    cx, cy, r = center[0] / scale, center[1] / scale, radius / scale
    ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(max(1.0, blur / scale)))
    return mask.resize(size, Image.Resampling.BICUBIC)


def make_procedural(
    palette: Palette, size: tuple[int, int], focus: Focus, seed: int
) -> Image.Image:
    """A calm, on-brand background: a soft diagonal light and a glow where the product stands.

    Everything stays close to the background color so that text placed anywhere on it keeps
    its contrast; the product's stage (disc, ring, dots) is drawn by the layout.
    """
    rng = random.Random(seed)
    width, height = size
    short = min(size)
    bg = hex_to_rgb(palette.background.color)
    secondary = hex_to_rgb(palette.secondary.color)
    primary = hex_to_rgb(palette.primary.color)
    img = _gradient(size, _mix(bg, (255, 255, 255), 0.35), _mix(bg, secondary, 0.12))
    cx, cy = focus.x * width, focus.y * height
    radius = focus.radius * short
    glow = _soft_disc(size, (cx, cy), radius * 1.6, radius * 0.6)
    img = Image.composite(Image.new("RGB", size, _mix(bg, secondary, 0.16)), img, glow)
    # A faint warm light from the far corner, placed by the seed, so campaigns differ.
    corner = (width * rng.uniform(0.75, 1.0), height * rng.uniform(0.0, 0.2))
    warm = _soft_disc(size, corner, short * 0.5, short * 0.3)
    warm = warm.point(lambda v: v * 0.35)
    return Image.composite(Image.new("RGB", size, _mix(bg, primary, 0.5)), img, warm)
