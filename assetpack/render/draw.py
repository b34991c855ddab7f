"""Drawing a LayoutPlan with Pillow: art, shapes, product, logo, then text (raqm)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import lru_cache, partial
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from assetpack.art import Art
from assetpack.config.base import hex_to_rgb
from assetpack.config.bitmaps import load_rgba
from assetpack.files import file_stamp
from assetpack.fonts import pil_font
from assetpack.fonts.book import Face
from assetpack.layout.plan import Box, ImagePlacement, LayoutPlan, Shape, TextBlock, TextRun
from assetpack.memo import SharedLru

# Shapes are drawn 4x and box-reduced (each pixel the mean of its 16 samples): Pillow's own
# shapes are not antialiased. Box reduction took 1.6-4 ms for a 520 px ellipse or ring where
# a Lanczos resize took 22-32 ms, for edges within 0.1 levels on average.
SUPERSAMPLE = 4
# Margin around a block's planned ink for its text mask. The ink is FreeType's bbox of the
# very bitmaps drawn, so glyphs stay inside it; the margin only keeps their faint outer rows
# off the mask's edge, which is what _cut_short looks for.
BLOCK_MARGIN_PX = 2
# Block masks kept, shared by the build's threads: the presets of a size draw most blocks of
# a locale alike (60% of the posters' blocks repeat; 48% of every preset in 12 locales with
# 256 kept, which hold about 6 MB), and drawing text holds the GIL.
_MASKS: SharedLru[Hashable, Image.Image] = SharedLru(256)
# What is drawn under the text, kept for the presets being drawn: a build hands out a
# preset's locales together (build_tasks), and its threads work on at most two presets at
# once. Each is a canvas (8 MB at 1080x1920).
_UNDER_TEXT: SharedLru[Hashable, tuple[Art | None, Image.Image]] = SharedLru(2)


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
    canvas.paste(hex_to_rgb(shape.fill), (x0, y0, x0 + mask.width, y0 + mask.height), mask)


# Every shape of a build: each preset draws its own, again in every turn of locales, and 64
# missed two times in three (the catalog in 12 locales draws 95, 5 MB).
@lru_cache(maxsize=256)
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
    return mask.reduce(SUPERSAMPLE)


def _bitmap(canvas: Image.Image, placement: ImagePlacement) -> None:
    x0, y0, x1, y1 = placement.box
    size = (x1 - x0, y1 - y0)
    key = (placement.path, file_stamp(placement.path), size, placement.shadow)
    img, shadow = (_layer if size[0] * size[1] <= KEEP_LAYER_MAX_PX else _layer.__wrapped__)(*key)
    if shadow is not None:
        (dx, dy), mask = shadow
        box = (x0 + dx, y0 + dy, x0 + dx + mask.width, y0 + dy + mask.height)
        canvas.paste((0, 0, 0), box, mask)
    canvas.paste(img, (x0, y0), img)


# Images drawn at a size, with their shadows, are kept for every size a build draws: each
# preset draws its own sizes, again in every turn of locales (build_tasks.reading_turns), and a
# store smaller than a build's sizes (the catalog's posters: 24 product and 11 logo sizes,
# about 30 MB with shadows) missed every time, 30 ms a resize. Images larger than this
# (marketplace main images, made once for every locale) are drawn anew.
KEEP_LAYER_MAX_PX = 1 << 20


@lru_cache(maxsize=64)
def _layer(
    path: str, stamp: str, size: tuple[int, int], shadow: bool
) -> tuple[Image.Image, tuple[tuple[int, int], Image.Image] | None]:
    """The image at `size` and, if asked for, its shadow (see `_shadow`)."""
    return load_rgba(path, size), _shadow(path, size) if shadow else None


def _shadow(path: str, size: tuple[int, int]) -> tuple[tuple[int, int], Image.Image]:
    """A soft contact shadow: the silhouette, squashed, darkened and blurred under the object.

    The mask, and where its corner goes relative to the object's.
    """
    w, h = size
    blur = max(2, round(min(w, h) * 0.04))
    pad = blur * 3
    mask = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    mask.paste(load_rgba(path, size).getchannel("A").point(lambda a: a * 0.45), (pad, pad))
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    offset = max(1, round(h * 0.025))
    return (-pad, -pad + offset), mask


class Rendered(NamedTuple):
    """An asset's pixels and where its plan's text covers them."""

    image: Image.Image
    coverage: Image.Image  # "L", canvas-sized: 255 where glyphs fully cover a pixel, 0 off them


def render(plan: LayoutPlan, art: Art | None) -> Image.Image:
    """The finished RGB image of one asset."""
    return render_with_coverage(plan, art).image


def render_with_coverage(plan: LayoutPlan, art: Art | None) -> Rendered:
    """The finished RGB image of one asset and its text coverage, drawn in one pass.

    The verifier needs the coverage to prove the asset shows exactly its plan's glyphs
    (verify/ocr_reference.py); it used to draw every run a second time for it, which cost as
    much as drawing the text here (about 23 ms of a 1080x1920 poster).
    """
    canvas = _under_text(plan, art)
    coverage = Image.new("L", canvas.size, 0)
    fonts = DrawFonts()
    for block in plan.blocks:
        _text_block(canvas, coverage, block, fonts)
    return Rendered(canvas, coverage)


def _under_text(plan: LayoutPlan, art: Art | None) -> Image.Image:
    """A new canvas with everything under the text drawn: art, shapes, product, logo.

    Every locale of a preset draws the same (their plans differ in text only; a mirrored
    locale has its own), so it is drawn once and copied: drawing it took 13-17 ms of a
    poster (the product and its shadow 10), a copy takes 1-3."""
    key = (
        id(art),  # unique while the entry keeps `art` alive (see _drawn_under_text)
        plan.width_px,
        plan.height_px,
        plan.background,
        plan.background_color,
        plan.mirrored,
        plan.panel,
        tuple(plan.shapes),
        *(
            (placement, file_stamp(placement.path)) if placement is not None else None
            for placement in (plan.product, plan.logo)
        ),
    )
    _, under = _UNDER_TEXT.get(key, partial(_drawn_under_text, plan, art))
    return under.copy()


def release_render_memory() -> None:
    """Drop what drawing keeps for the assets to come, once a build's assets are made: the
    canvases under the text (and the art they were drawn from), block masks, shape masks and
    images at their sizes (about 40 MB in the 1,050-asset build, whose pack then peaked
    15 MB lower)."""
    _UNDER_TEXT.clear()
    _MASKS.clear()
    _shape_mask.cache_clear()
    _layer.cache_clear()


def _drawn_under_text(plan: LayoutPlan, art: Art | None) -> tuple[Art | None, Image.Image]:
    """The art (kept with the drawing, so no other art takes its id while the entry lives)
    and what is drawn under the text."""
    canvas = _background(plan, art)
    for shape in plan.shapes:
        _shape(canvas, shape)
    if plan.product is not None:
        _bitmap(canvas, plan.product)
    if plan.logo is not None:
        _bitmap(canvas, plan.logo)
    return art, canvas


def _text_block(
    canvas: Image.Image, coverage: Image.Image, block: TextBlock, fonts: DrawFonts
) -> None:
    """Paint the block's colour through its glyphs' mask and add the mask to `coverage`.

    One mask per block: blocks have their own colours, and only pixels the block's glyphs
    touch change, so the margin of one block's mask never repaints another block. Pasting a
    colour through a mask is the blend draw.text does per run (Pillow's fill_mask_L): a pixel
    one run covers comes out the same; where two runs' antialiased edges overlap, the
    combined mask is blended once instead of twice, which may round 1 level apart.
    """
    region = _block_region(block, canvas.size)
    if region is None:
        return
    mask = _MASKS.get(_mask_key(block, region), partial(_block_mask, block, region, fonts))
    if _cut_short(mask, region, canvas.size):
        region = (0, 0, *canvas.size)
        mask = _block_mask(block, region, fonts)
    canvas.paste(hex_to_rgb(block.color), region, mask)
    # Pasting 255 through the mask is what draw_runs(..., 255) does on a shared mask, so the
    # coverage equals the verifier's own drawing; where blocks overlapped, it would never be
    # below the brighter of the two.
    coverage.paste(255, region, mask)


def _block_region(block: TextBlock, size: tuple[int, int]) -> Box | None:
    """The block's planned ink with BLOCK_MARGIN_PX around it, inside the canvas; None for a
    block without lines."""
    ink = block.ink
    if ink is None:
        return None
    x0, y0, x1, y1 = ink
    pad = BLOCK_MARGIN_PX
    region = (max(0, x0 - pad), max(0, y0 - pad), min(size[0], x1 + pad), min(size[1], y1 + pad))
    if region[0] >= region[2] or region[1] >= region[3]:
        return (0, 0, *size)  # ink planned off the canvas: draw where the runs really land
    return region


def _mask_key(block: TextBlock, region: Box) -> Hashable:
    """What a block's mask over `region` depends on: its size, and its runs (text, face,
    direction, language) where they stand in the region (`draw_runs`' inputs)."""
    x0, y0, x1, y1 = region
    runs = tuple(
        (run.text, run.face, run.direction, run.language, run.x - x0, run.baseline_y - y0)
        for line in block.lines
        for run in line.runs
    )
    return (block.size_px, x1 - x0, y1 - y0, runs)


def _block_mask(block: TextBlock, region: Box, fonts: DrawFonts) -> Image.Image:
    """The block's lines drawn in white on black over `region` only."""
    mask = Image.new("L", (region[2] - region[0], region[3] - region[1]), 0)
    draw = ImageDraw.Draw(mask)
    for line in block.lines:
        draw_runs(draw, line.runs, block.size_px, 255, (region[0], region[1]), fonts)
    return mask


def _cut_short(mask: Image.Image, region: Box, size: tuple[int, int]) -> bool:
    """True if ink reaches an edge of the region that is not the canvas's: a plan whose ink
    box is off (edited runs, say) would lose glyph pixels there, so the block is drawn again
    over the whole canvas, as if it had no region."""
    inked = mask.getbbox()
    if inked is None:
        return False
    return (
        (inked[0] == 0 and region[0] > 0)
        or (inked[1] == 0 and region[1] > 0)
        or (inked[2] == mask.width and region[2] < size[0])
        or (inked[3] == mask.height and region[3] < size[1])
    )


class DrawFonts:
    """Font objects for one drawing pass (an asset), one per face and size.

    Drawing with a reused FreeType object gives the same pixels as with a fresh one: every
    block of the 192 example assets came out byte-identical, even with one set of objects
    shared by all of them in turn. (Measuring is another matter: fonts/pil.py.) Opening an
    object per run had made drawing an asset's text take 20.9 ms instead of 11.6.
    """

    def __init__(self) -> None:
        self._fonts: dict[tuple[Face, int], ImageFont.FreeTypeFont] = {}

    def get(self, face: Face, size_px: int) -> ImageFont.FreeTypeFont:
        key = (face, size_px)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = pil_font(face, size_px)
        return font


def draw_runs(
    draw: ImageDraw.ImageDraw,
    runs: Iterable[TextRun],
    size_px: int,
    fill: tuple[int, int, int] | int,
    origin: tuple[int, int] = (0, 0),
    fonts: DrawFonts | None = None,
) -> None:
    """Draw runs at their planned baseline points, shifted by -origin (for a crop's canvas),
    with `fonts`' objects (default: objects opened for this call alone).

    The one way text is drawn: the renderer draws each block's mask with it, and the
    verifier, given an image without that mask (a file from disk, model-drawn text), redraws
    runs with it to know which pixels the glyphs cover, so both give the same coverage.
    """
    fonts = fonts or DrawFonts()
    for run in runs:
        draw.text(
            (run.x - origin[0], run.baseline_y - origin[1]),
            run.text,
            font=fonts.get(run.face, size_px),
            fill=fill,
            anchor="ls",
            direction=run.direction,
            language=run.language,
        )
