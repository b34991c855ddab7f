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
    ramp.putdata([round(255 * (0.35 * x + 0.65 * y) / (grid - 1)) for y in range(grid) for x in range(grid)])
    mask = ramp.resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _soft_disc(size: tuple[int, int], center: tuple[float, float], radius: float,
               blur: float) -> Image.Image:
    """An L mask with a blurred disc, drawn small and scaled up so big blurs stay cheap."""
    scale = 8
    small = (max(1, size[0] // scale), max(1, size[1] // scale))
    mask = Image.new("L", small, 0)
    cx, cy, r = center[0] / scale, center[1] / scale, radius / scale
    ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(max(1.0, blur / scale)))
    return mask.resize(size, Image.Resampling.BICUBIC)


def _crisp_ellipse(size: tuple[int, int], center: tuple[float, float], radius: float,
                   ring_px: float = 0) -> Image.Image:
    """An antialiased disc (or ring of width `ring_px`) mask, drawn 4x and reduced."""
    ss = 4
    cx, cy = center
    r = radius
    x0, y0 = max(0, int(cx - r) - 2), max(0, int(cy - r) - 2)
    x1, y1 = min(size[0], int(cx + r) + 3), min(size[1], int(cy + r) + 3)
    mask = Image.new("L", size, 0)
    if x1 <= x0 or y1 <= y0:
        return mask
    tile = Image.new("L", ((x1 - x0) * ss, (y1 - y0) * ss), 0)
    draw = ImageDraw.Draw(tile)
    bbox = ((cx - r - x0) * ss, (cy - r - y0) * ss, (cx + r - x0) * ss, (cy + r - y0) * ss)
    if ring_px:
        draw.ellipse(bbox, outline=255, width=max(1, round(ring_px * ss)))
    else:
        draw.ellipse(bbox, fill=255)
    mask.paste(tile.resize((x1 - x0, y1 - y0), Image.Resampling.LANCZOS), (x0, y0))
    return mask


def make_procedural(palette: Palette, size: tuple[int, int], focus: Focus, seed: int) -> Image.Image:
    """A calm, on-brand background with a lit stage where the product stands."""
    rng = random.Random(seed)
    width, height = size
    short = min(size)
    bg = hex_to_rgb(palette.background.color)
    secondary = hex_to_rgb(palette.secondary.color)
    accent = hex_to_rgb(palette.accent.color)
    primary = hex_to_rgb(palette.primary.color)
    img = _gradient(size, _mix(bg, (255, 255, 255), 0.04), _mix(bg, secondary, 0.22))
    cx, cy = focus.x * width, focus.y * height
    radius = focus.radius * short
    # A broad glow behind the stage, then the stage disc itself.
    glow = _soft_disc(size, (cx, cy), radius * 1.55, radius * 0.5)
    img = Image.composite(Image.new("RGB", size, _mix(bg, secondary, 0.5)), img, glow)
    disc = _crisp_ellipse(size, (cx, cy), radius)
    stage = _gradient(size, _mix(secondary, (255, 255, 255), 0.12), _mix(secondary, bg, 0.25))
    img = Image.composite(stage, img, disc)
    # A thin accent ring, offset, and a few confetti dots around the stage (not the text).
    ring = _crisp_ellipse(
        size, (cx + radius * 0.18, cy - radius * 0.1), radius * 1.12, max(2, short * 0.005)
    )
    img = Image.composite(Image.new("RGB", size, accent), img, ring)
    for _ in range(5):
        angle_x = rng.uniform(-0.5, 1.4)  # keep confetti on the product side
        angle_y = rng.uniform(-1.3, 1.3)
        dot = _crisp_ellipse(
            size, (cx + angle_x * radius, cy + angle_y * radius), short * rng.uniform(0.008, 0.02)
        )
        img = Image.composite(Image.new("RGB", size, rng.choice([accent, primary])), img, dot)
    return img
