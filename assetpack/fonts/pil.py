"""Pillow font objects, made once per process per face and size."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from assetpack.fonts.book import Face
from assetpack.fonts.faces import read_face


@lru_cache(maxsize=512)
def pil_font(face: Face, size_px: int) -> ImageFont.FreeTypeFont:
    """A raqm-layout FreeType font at `size_px` with the face's variation axes applied."""
    font = ImageFont.truetype(face.path, size_px, layout_engine=ImageFont.Layout.RAQM)
    info = read_face(face.path)
    if info.axes:
        font.set_variation_by_axes([face.axis(tag, default) for tag, _, default, _ in info.axes])
    return font
