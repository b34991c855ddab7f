"""Drawing a LayoutPlan with Pillow: art, shapes, product, logo, then text (raqm)."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from assetpack.art import Art
from assetpack.config.base import hex_to_rgb
from assetpack.config.bitmaps import load_rgba
from assetpack.fonts import pil_font
from assetpack.layout.plan import Box, ImagePlacement, LayoutPlan, Shape

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
    w, h = x1 - x0, y1 - y0
    mask = Image.new("L", (w * SUPERSAMPLE, h * SUPERSAMPLE), 0)
    draw = ImageDraw.Draw(mask)
    big = (0, 0, w * SUPERSAMPLE - 1, h * SUPERSAMPLE - 1)
    if shape.kind == "ellipse":
        draw.ellipse(big, fill=255)
    elif shape.kind == "ring":
        draw.ellipse(big, outline=255, width=max(1, shape.width_px * SUPERSAMPLE))
    else:
        draw.rounded_rectangle(big, radius=shape.radius_px * SUPERSAMPLE, fill=255)
    mask = mask.resize((w, h), Image.Resampling.LANCZOS)
    canvas.paste(Image.new("RGB", (w, h), hex_to_rgb(shape.fill)), (x0, y0), mask)


def _bitmap(canvas: Image.Image, placement: ImagePlacement) -> None:
    x0, y0, x1, y1 = placement.box
    img = load_rgba(placement.path, (x1 - x0, y1 - y0))
    if placement.shadow:
        _shadow(canvas, img.getchannel("A"), placement.box)
    canvas.paste(img, (x0, y0), img)


def _shadow(canvas: Image.Image, alpha: Image.Image, box: Box) -> None:
    """A soft contact shadow: the silhouette, squashed, darkened and blurred under the object."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    blur = max(2, round(min(w, h) * 0.04))
    pad = blur * 3
    mask = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    mask.paste(alpha.point(lambda a: a * 0.45), (pad, pad))
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    offset = max(1, round(h * 0.025))
    canvas.paste(Image.new("RGB", mask.size, (0, 0, 0)), (x0 - pad, y0 - pad + offset), mask)


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
            for run in line.runs:
                draw.text(
                    (run.x, run.baseline_y),
                    run.text,
                    font=pil_font(run.face, block.size_px),
                    fill=color,
                    anchor="ls",
                    direction=run.direction,
                    language=run.language,
                )
    return canvas
