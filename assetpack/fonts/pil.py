"""Pillow font objects: a fresh one for every measurement.

A FreeType face remembers glyph advances from earlier calls, and a hinted glyph load (a
bbox, a draw) and an unhinted advance query (a length) leave different values behind: the
same string measured 177.52 px on a fresh object and 177.48 px after other strings. Reusing
objects would make a build depend on what the process did before, which breaks byte-identical
builds across runs, workers and Dask clusters. Opening a face takes about 0.15 ms, so a fresh
object per call costs little; results, not objects, are cached (layout/measure.py).
Drawing is not affected that way, and reuses objects within an asset (render/draw.py
DrawFonts); nor are ink boxes, and layout measures boxes with objects kept per face and
size (layout/measure._bbox_font), as a fresh object's first box sets up FreeType's
autohinter for its face (1-11 ms).
"""

from __future__ import annotations

from PIL import ImageFont

from assetpack.fonts.book import Face
from assetpack.fonts.faces import variation_axes


def pil_font(face: Face, size_px: int) -> ImageFont.FreeTypeFont:
    """A new raqm-layout FreeType font at `size_px` with the face's variation axes applied."""
    font = ImageFont.truetype(face.path, size_px, layout_engine=ImageFont.Layout.RAQM)
    axes = variation_axes(face.path)
    if axes:
        font.set_variation_by_axes([face.axis(tag, default) for tag, _, default, _ in axes])
    return font
