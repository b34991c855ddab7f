"""Checks on the pixels: canvas size, WCAG contrast under the glyphs, marketplace rules."""

from __future__ import annotations

import numpy as np
from PIL import Image

from assetpack.config import SizePreset
from assetpack.config.base import hex_to_rgb
from assetpack.config.bitmaps import as_rgb
from assetpack.layout.plan import Box, LayoutPlan, TextBlock
from assetpack.verify.report import Check, check

# WCAG 2.x "large text": 18 pt (24 px) regular, or 14 pt (18.67 px) bold. Our headline, CTA
# and price faces are bold, so the bold rule applies to them.
LARGE_PX_REGULAR = 24
LARGE_PX_BOLD = 19
AA_NORMAL = 4.5
AA_LARGE = 3.0


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb.astype(np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    # Weighted by hand, not `linear @ weights`: numpy hands a matrix product to OpenBLAS
    # (a dgemv per call, 120 in the 40 posters), whose threads the build keeps out of its
    # way (assetpack/__init__.py); this takes as long and leaves BLAS out of the checks.
    return linear[..., 0] * 0.2126 + linear[..., 1] * 0.7152 + linear[..., 2] * 0.0722


def contrast_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def canvas_check(plan: LayoutPlan, image: Image.Image) -> Check:
    want = (plan.width_px, plan.height_px)
    return check(
        "canvas",
        image.size == want,
        f"image is {image.size[0]}x{image.size[1]}, the preset needs {want[0]}x{want[1]}",
        slot="canvas",
        measured=f"{image.size[0]}x{image.size[1]}",
        threshold=f"{want[0]}x{want[1]}",
    )


def worst_contrast(pixels: np.ndarray, text_rgb: tuple[int, int, int], cell_px: int) -> float:
    """Lowest contrast between the text color and the background, cell by cell.

    In each cell the pixels least like the text color stand for the background there
    (antialiased edges are mixtures and would flatter neither side): those at least 3/4 as
    far from it as the cell's farthest. All cells at once, in integers (squared distances:
    16 d^2 >= 9 far^2 is d >= 0.75 far): a cell at a time took 15 ms of a poster's checks,
    all cells with RGB triples 1.25 ms a block, channel by channel 0.3 ms.
    """
    height, width = pixels.shape[:2]
    if height == 0 or width == 0:
        return 21.0
    # Channel by channel: numpy sums over a last axis of 3 slowly (a third of the time here).
    channels = [pixels[:, :, k].astype(np.int32) - text_rgb[k] for k in range(3)]
    distance2 = channels[0] * channels[0]
    distance2 += channels[1] * channels[1]
    distance2 += channels[2] * channels[2]
    rows, cols = np.arange(0, height, cell_px), np.arange(0, width, cell_px)

    def per_cell(values: np.ndarray, reduce: np.ufunc, dtype: type | None = None) -> np.ndarray:
        return reduce.reduceat(
            reduce.reduceat(values, rows, axis=0, dtype=dtype), cols, axis=1, dtype=dtype
        )

    far2 = per_cell(distance2, np.maximum)
    far2_px = np.repeat(np.repeat(9 * far2, cell_px, axis=0)[:height], cell_px, axis=1)[:, :width]
    distance2 *= 16
    background = distance2 >= far2_px
    # Sums in int32: a cell's is at most 255 times its pixels, and a cell is the text's size
    # squared (overflow would need text over 2,900 px).
    count = per_cell(background, np.add, np.int32)
    sums = np.stack(
        [per_cell(np.where(background, pixels[:, :, k], 0), np.add, np.int32) for k in range(3)],
        axis=-1,
    )
    measured = far2 >= 1  # a cell all of the text colour has no background to measure
    if not measured.any():
        return 21.0
    colours = sums[measured] / count[measured][:, None]
    text = np.array(text_rgb, dtype=np.float64)[None, :]
    return float(contrast_ratio(text, colours).min())


def is_large(block: TextBlock) -> bool:
    bold = block.slot in ("headline", "price", "cta", "badge")
    return block.size_px >= (LARGE_PX_BOLD if bold else LARGE_PX_REGULAR)


def _pixels(image: Image.Image, ink: Box) -> np.ndarray:
    """RGB pixels of the ink box (at least 1 px each way) within the image: the crop only,
    not a copy of the whole canvas."""
    x0, y0 = max(0, ink[0]), max(0, ink[1])
    x1, y1 = min(image.width, max(x0 + 1, ink[2])), min(image.height, max(y0 + 1, ink[3]))
    return np.asarray(as_rgb(image.crop((min(x0, x1), min(y0, y1), x1, y1))))


def contrast_checks(plan: LayoutPlan, image: Image.Image) -> list[Check]:
    out = []
    for block in plan.blocks:
        ink = block.ink
        if ink is None:
            continue
        region = _pixels(image, ink)
        ratio = worst_contrast(region, hex_to_rgb(block.color), max(8, block.size_px))
        need = AA_LARGE if is_large(block) else AA_NORMAL
        out.append(
            check(
                "contrast",
                ratio >= need,
                f"{block.slot}: contrast {ratio:.2f}:1 is below WCAG AA {need}:1",
                slot=block.slot,
                region=ink,
                measured=round(ratio, 2),
                threshold=need,
            )
        )
    return out


def marketplace_checks(preset: SizePreset, image: Image.Image) -> list[Check]:
    """White-background presets: pure white edges, product filling its share of the frame."""
    if preset.background != "white":
        return []
    rgb = np.asarray(as_rgb(image))
    edges = np.concatenate(
        [
            rgb[:2].reshape(-1, 3),
            rgb[-2:].reshape(-1, 3),
            rgb[:, :2].reshape(-1, 3),
            rgb[:, -2:].reshape(-1, 3),
        ]
    )
    off_white = float((edges != 255).any(axis=1).mean())
    out = [
        check(
            "marketplace",
            off_white == 0,
            f"{off_white:.1%} of edge pixels are not pure white (255,255,255)",
            slot="background",
            measured=round(off_white, 4),
            threshold=0,
        )
    ]
    if preset.product_fill_min:
        # Rows and columns with product in them, not every product pixel's coordinates
        # (38 MB for a 2000 px marketplace image).
        inked = np.any(rgb < 250, axis=2)
        ys, xs = np.flatnonzero(np.any(inked, axis=1)), np.flatnonzero(np.any(inked, axis=0))
        fill = 0.0
        if len(xs):
            fill = max((xs[-1] - xs[0] + 1) / rgb.shape[1], (ys[-1] - ys[0] + 1) / rgb.shape[0])
        out.append(
            check(
                "marketplace",
                fill >= preset.product_fill_min,
                f"the product fills {fill:.0%} of the frame; the platform needs "
                f"{preset.product_fill_min:.0%}",
                slot="product",
                measured=round(fill, 3),
                threshold=preset.product_fill_min,
            )
        )
    return out
