"""Reading the kit's and brief's bitmaps (PNG, JPEG, WebP) and vector logos (SVG)."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import resvg_py
from PIL import Image


@lru_cache(maxsize=64)
def _svg_png(path: str, width_px: int | None) -> bytes:
    data = resvg_py.svg_to_bytes(svg_path=path, width=width_px, skip_system_fonts=True)
    return bytes(data)


@lru_cache(maxsize=64)
def image_size(path: str) -> tuple[int, int]:
    """Natural (width, height) of an image file; SVGs at their intrinsic size."""
    if path.lower().endswith(".svg"):
        with Image.open(io.BytesIO(_svg_png(path, None))) as img:
            return img.size
    with Image.open(path) as img:
        return img.size


def load_rgba(path: str | Path, size: tuple[int, int]) -> Image.Image:
    """The image at exactly `size`, RGBA; SVGs are rasterized at that size, not scaled."""
    path = str(path)
    if path.lower().endswith(".svg"):
        img = Image.open(io.BytesIO(_svg_png(path, size[0]))).convert("RGBA")
        return img if img.size == size else img.resize(size, Image.Resampling.LANCZOS)
    with Image.open(path) as src:
        img = src.convert("RGBA")
    return img if img.size == size else img.resize(size, Image.Resampling.LANCZOS)
