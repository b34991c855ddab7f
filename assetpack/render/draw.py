"""Drawing a LayoutPlan with Pillow: art, shapes, product, logo, then text (raqm)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from assetpack.art import Art
from assetpack.config.base import hex_to_rgb
from assetpack.config.bitmaps import load_rgba
from assetpack.files import file_stamp
from assetpack.fonts import pil_font
from assetpack.layout.plan import ImagePlacement, LayoutPlan, Shape, TextRun

SUPERSAMPLE = 4  # shapes are drawn 4x and reduced: Pillow's own shapes are not antialiased


def _background(plan: LayoutPlan, art: Art | None) -> Image.Image:
    size = (plan.width_px, plan.height_px)
    if plan.background == "white" or art is None:
        color = (255, 255, 255) if plan.background == "white" else hex_to_rgb(plan.background_color)
        return Image.new("RGB", size, color)
    if plan.panel is not None and art.panels:
        # A panel's slice of the set's panorama, never mirrored: the panorama runs in swipe
        # order, left to right, in every locale.
        return art.panel_slice(plan.panel, size)
    # Art that shows the product is fitted so that its product lies under the layout's.
    anchor = plan.product.box if plan.product is not None else None
    if anchor is not None and plan.mirrored:
        anchor = (plan.width_px - anchor[2], anchor[1], plan.width_px - anchor[0], anchor[3])
    img = art.fit_to(size, anchor)
    return ImageOps.mirror(img) if plan.mirrored else img


def _shape(canvas: Image.Image, shape: Shape) -> None:
    x0, y0, x1, y1 = shape.box
    mask = _shape_mask(shape.kind, x1 - x0, y1 - y0, shape.radius_px, shape.width_px)
    canvas.paste(Image.new("RGB", mask.size, hex_to_rgb(shape.fill)), (x0, y0), mask)


@lru_cache(maxsize=64)
def _shape_mask(kind: str, w: int, h: int, radius_px: int, width_px: int) -> Image.Image:
    """The shape's antialiased coverage; cached, as every locale of a preset draws the same."""
    mask = Image.new("L", (w * SUPERSAMPLE, h * SUPERSAMPLE), 0)
    draw = ImageDraw.Draw(mask)
    big = (0, 0, w * SUPERSAMPLE - 1, h * SUPERSAMPLE - 1)
    if kind == "ellipse":
        draw.ellipse(big, fill=255)
    elif kind == "ring":
        draw.ellipse(big, outline=255, width=max(1, width_px * SUPERSAMPLE))
    else:
        draw.rounded_rectangle(big, radius=radius_px * SUPERSAMPLE, fill=255)
    return mask.resize((w, h), Image.Resampling.LANCZOS)


def _bitmap(canvas: Image.Image, placement: ImagePlacement) -> None:
    x0, y0, x1, y1 = placement.box
    size = (x1 - x0, y1 - y0)
    img = load_rgba(placement.path, size)
    if placement.shadow:
        (dx, dy), mask = _shadow(placement.path, file_stamp(placement.path), size)
        canvas.paste(Image.new("RGB", mask.size, (0, 0, 0)), (x0 + dx, y0 + dy), mask)
    canvas.paste(img, (x0, y0), img)


@lru_cache(maxsize=4)
def _shadow(path: str, stamp: str, size: tuple[int, int]) -> tuple[tuple[int, int], Image.Image]:
    """A soft contact shadow: the silhouette, squashed, darkened and blurred under the object.

    The mask, and where its corner goes relative to the object's. Cached per file and size:
    the blur costs more than the rest of the drawing.
    """
    w, h = size
    blur = max(2, round(min(w, h) * 0.04))
    pad = blur * 3
    mask = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    mask.paste(load_rgba(path, size).getchannel("A").point(lambda a: a * 0.45), (pad, pad))
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    offset = max(1, round(h * 0.025))
    return (-pad, -pad + offset), mask


def render(plan: LayoutPlan, art: Art | None) -> Image.Image:
    """The finished RGB image of one asset."""
    canvas = _background(plan, art)
    for shape in plan.shapes:
        _shape(canvas, shape)
    if plan.product is not None:
        _bitmap(canvas, plan.product)
    if plan.logo is not None:
        _bitmap(canvas, plan.logo)
    draw = ImageDraw.Draw(canvas)
    for block in plan.blocks:
        color = hex_to_rgb(block.color)
        for line in block.lines:
            draw_runs(draw, line.runs, block.size_px, color)
    return canvas


def draw_runs(
    draw: ImageDraw.ImageDraw,
    runs: Iterable[TextRun],
    size_px: int,
    fill: tuple[int, int, int] | int,
    origin: tuple[int, int] = (0, 0),
) -> None:
    """Draw runs at their planned baseline points, shifted by -origin (for a crop's canvas).

    The one way text is drawn: the verifier redraws runs with it to know which pixels the
    glyphs cover, so both must give the same coverage.
    """
    for run in runs:
        draw.text(
            (run.x - origin[0], run.baseline_y - origin[1]),
            run.text,
            font=pil_font(run.face, size_px),
            fill=fill,
            anchor="ls",
            direction=run.direction,
            language=run.language,
        )
