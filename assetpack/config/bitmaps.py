"""Reading the kit's and brief's bitmaps (PNG, JPEG, WebP) and vector logos (SVG)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import resvg_py
from PIL import Image

from assetpack.files import file_stamp


def as_rgb(image: Image.Image) -> Image.Image:
    """The image in RGB mode: itself if it already is (``convert`` would copy it, 3 ms for
    a 1080x1920 canvas, and each check and encoder of an asset did)."""
    return image if image.mode == "RGB" else image.convert("RGB")


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
    """The image at exactly `size`, RGBA; SVGs are rasterized at that size, not scaled.

    Shared and cached (a worker draws the same logo and product on many assets): treat the
    result as read-only. The cache key holds the file's size and mtime, so a replaced file
    is read again by a long-lived worker.
    """
    return _rgba(str(path), file_stamp(path), size)


# A handful of sizes per image: every locale of a preset draws the same ones, and a big
# product image at 2000 px is 16 MB, so the cache stays small.
@lru_cache(maxsize=8)
def _rgba(path: str, stamp: str, size: tuple[int, int]) -> Image.Image:
    if path.lower().endswith(".svg"):
        img = Image.open(io.BytesIO(_svg_png(path, size[0]))).convert("RGBA")
    else:
        img = _decoded(path, stamp)
    return img if img.size == size else img.resize(size, Image.Resampling.LANCZOS)


def decode_ahead(paths: Iterable[str | Path | None]) -> None:
    """Decode the raster images in `paths` now, in the calling thread, for `load_rgba`.

    A PNG is decoded 64 KB at a time, each step taking the GIL back: in a worker, while the
    build's own thread lays out the next presets in Python, each step waited for it. The
    example's product (1244x1328) took 150-180 ms in its first drawing, 27 ms decoded by
    the build before it lays out its first preset."""
    for path in paths:
        if path is not None and not str(path).lower().endswith(".svg"):
            _decoded(str(path), file_stamp(path))


# The product, and the logo and symbol a kit draws on its background; an image is decoded
# again once pushed out (the example's product was, by its symbol, with 2 kept).
@lru_cache(maxsize=4)
def _decoded(path: str, stamp: str) -> Image.Image:
    with Image.open(path) as src:
        return src.convert("RGBA")
