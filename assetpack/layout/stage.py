"""The product's stage: a disc behind the product, an accent ring and a few dots.

It belongs to the layout (not the art) because it must sit exactly under the product on
every canvas, and text must be placed knowing where it is.
"""

from __future__ import annotations

import hashlib
import math
import random

from assetpack.config import Palette
from assetpack.layout.plan import Box, Shape


def _circle(cx: float, cy: float, r: float) -> Box:
    return (round(cx - r), round(cy - r), round(cx + r), round(cy + r))


def stage_shapes(product: Box, area: Box, palette: Palette, seed: str) -> list[Shape]:
    """Shapes centered on the product, kept inside `area` (the product's own box)."""
    x0, y0, x1, y1 = product
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    limit = min(cx - area[0], area[2] - cx, cy - area[1], area[3] - cy)
    radius = min(max(x1 - x0, y1 - y0) * 0.46, limit * 0.98)
    if radius < 8:
        return []
    ring_r = radius * 1.06
    ring = max(1, round(radius * 0.018))
    shapes = [
        Shape(kind="ellipse", box=_circle(cx, cy, radius), fill=palette.secondary.color),
        Shape(
            kind="ring",
            box=_circle(cx + radius * 0.04, cy - radius * 0.04, min(ring_r, limit)),
            fill=palette.accent.color,
            width_px=ring,
        ),
    ]
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    for color in (palette.primary.color, palette.accent.color, palette.primary.color):
        angle = rng.uniform(-1.2, 0.4) * math.pi
        dot_r = max(2.0, radius * rng.uniform(0.025, 0.05))
        px = cx + math.cos(angle) * ring_r
        py = cy + math.sin(angle) * ring_r
        dot = _circle(px, py, dot_r)
        if area[0] <= dot[0] and dot[2] <= area[2] and area[1] <= dot[1] and dot[3] <= area[3]:
            shapes.append(Shape(kind="ellipse", box=dot, fill=color))
    return shapes
