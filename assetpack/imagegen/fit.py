"""Fitting generated images to exact canvases: crop around what matters, extend what is missing.

The API only makes images between 1:3 and 3:1 at sizes in steps of 16, while platforms want
728x90 banners and 1080x1080 squares. A generated image is cropped to the canvas's aspect
(clamped to 1:3..3:1) around its most salient window, scaled, and, for canvases beyond 3:1,
extended sideways (or up and down) by mirrored, blurred, calmed edges: never squashed.
Everything here is local and deterministic; no extra API call is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

Size = tuple[int, int]
Box = tuple[int, int, int, int]
MAX_ASPECT = 3.0
_THUMB_PX = 128  # saliency is judged on a small copy: composition, not texture


@dataclass(frozen=True)
class FitGeometry:
    """How a source image maps onto a canvas: crop, scale to `inner`, place at `offset`."""

    crop: Box
    inner: Size
    offset: tuple[int, int]


def fit_geometry(
    source: Size,
    canvas: Size,
    focus: tuple[float, float] = (0.5, 0.5),
    crop_origin: tuple[int, int] | None = None,
) -> FitGeometry:
    """Crop `source` to the canvas aspect (clamped to 1:3..3:1), centered unless `crop_origin`
    is given; canvases beyond 3:1 get the crop at full height, placed around `focus`."""
    cw, ch = canvas
    target = min(max(cw / ch, 1 / MAX_ASPECT), MAX_ASPECT)
    crop_size = cover_crop_size(source, target)
    if crop_origin is None:
        crop_origin = ((source[0] - crop_size[0]) // 2, (source[1] - crop_size[1]) // 2)
    x0, y0 = crop_origin
    crop = (x0, y0, x0 + crop_size[0], y0 + crop_size[1])
    if cw / ch > MAX_ASPECT:
        inner = (min(cw, round(ch * target)), ch)
    elif cw / ch < 1 / MAX_ASPECT:
        inner = (cw, min(ch, round(cw / target)))
    else:
        return FitGeometry(crop, canvas, (0, 0))
    ox = _clamp(round(focus[0] * cw - inner[0] / 2), 0, cw - inner[0])
    oy = _clamp(round(focus[1] * ch - inner[1] / 2), 0, ch - inner[1])
    return FitGeometry(crop, inner, (ox, oy))


def apply_fit(img: Image.Image, geometry: FitGeometry, canvas: Size) -> Image.Image:
    inner = img.crop(geometry.crop).resize(geometry.inner, Image.Resampling.LANCZOS)
    return extend(inner, canvas, geometry.offset)


def fit_to_canvas(
    img: Image.Image, canvas: Size, focus: tuple[float, float] = (0.5, 0.5)
) -> Image.Image:
    """`img` at exactly `canvas`: cropped around its salient window, extended if beyond 3:1."""
    rgb = img.convert("RGB")
    target = min(max(canvas[0] / canvas[1], 1 / MAX_ASPECT), MAX_ASPECT)
    origin = salient_origin(rgb, cover_crop_size(rgb.size, target))
    return apply_fit(rgb, fit_geometry(rgb.size, canvas, focus, origin), canvas)


def canvas_box_to_source(box: Box, geometry: FitGeometry) -> Box:
    """Where a canvas box (e.g. the product's) lies in the source image under `geometry`."""
    sx = (geometry.crop[2] - geometry.crop[0]) / geometry.inner[0]
    sy = (geometry.crop[3] - geometry.crop[1]) / geometry.inner[1]
    ox, oy = geometry.offset
    return (
        round(geometry.crop[0] + (box[0] - ox) * sx),
        round(geometry.crop[1] + (box[1] - oy) * sy),
        round(geometry.crop[0] + (box[2] - ox) * sx),
        round(geometry.crop[1] + (box[3] - oy) * sy),
    )


def salient_origin(img: Image.Image, crop: Size) -> tuple[int, int]:
    """Top-left of the `crop`-sized window holding the most visual energy (edges and colors
    far from the mean); among equals, the one nearest the center."""
    width, height = img.size
    if crop[0] >= width and crop[1] >= height:
        return (0, 0)
    energy, scale = _energy(img)
    th, tw = energy.shape
    ww, wh = min(tw, max(1, round(crop[0] * scale))), min(th, max(1, round(crop[1] * scale)))
    table = np.pad(energy.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = table[wh:, ww:] - table[:-wh, ww:] - table[wh:, :-ww] + table[:-wh, :-ww]
    ys, xs = np.nonzero(sums >= sums.max() * (1 - 1e-9))
    centered = (xs - (tw - ww) / 2) ** 2 + (ys - (th - wh) / 2) ** 2
    best = int(np.argmin(centered))
    x0 = _clamp(round(xs[best] / scale), 0, width - crop[0])
    y0 = _clamp(round(ys[best] / scale), 0, height - crop[1])
    return (x0, y0)


def extend(inner: Image.Image, canvas: Size, offset: tuple[int, int]) -> Image.Image:
    """`inner` placed at `offset` on `canvas`, the rest filled so it stays calm under text:
    right at the seam the edge is mirrored (no visible joint); further out it becomes the
    blurred edge colors stretched outward, drawn toward the image's mean color. Stretching
    rather than mirroring far out keeps objects near the edge from reappearing as ghosts."""
    left, top = offset
    right = canvas[0] - left - inner.width
    bottom = canvas[1] - top - inner.height
    if left == top == right == bottom == 0:
        return inner.convert("RGB")
    pads = ((top, bottom), (left, right), (0, 0))
    rgb = inner.convert("RGB")
    pixels = np.asarray(rgb)
    near = Image.fromarray(np.pad(pixels, pads, mode="symmetric"))
    radius = max(2.0, min(inner.size) * 0.08)
    soft = np.asarray(rgb.filter(ImageFilter.GaussianBlur(radius)))
    far = Image.fromarray(np.pad(soft, pads, mode="edge")).filter(ImageFilter.GaussianBlur(radius))
    mean = tuple(int(v) for v in pixels.reshape(-1, 3).mean(axis=0))
    far = Image.blend(far, Image.new("RGB", canvas, mean), 0.35)
    fade_px = max(2.0, min(inner.size) * 0.15)
    return Image.composite(far, near, _distance_ramp(canvas, offset, inner.size, fade_px))


def frame_canvas(img: Image.Image, request: Size) -> tuple[Image.Image, Box]:
    """`img` scaled to fit inside `request` and centered, the margins extended: what an edit
    request sees of a canvas whose shape the API cannot take. Returns the frame and where
    the canvas sits in it."""
    scale = min(request[0] / img.width, request[1] / img.height)
    inner = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    offset = ((request[0] - inner[0]) // 2, (request[1] - inner[1]) // 2)
    scaled = img.convert("RGB").resize(inner, Image.Resampling.LANCZOS)
    box = (offset[0], offset[1], offset[0] + inner[0], offset[1] + inner[1])
    return extend(scaled, request, offset), box


def unframe(img: Image.Image, box: Box, canvas: Size) -> Image.Image:
    """The canvas back out of a framed (and edited) image."""
    return img.convert("RGB").crop(box).resize(canvas, Image.Resampling.LANCZOS)


def anchored_fit(img: Image.Image, source_box: Box, target_box: Box, canvas: Size) -> Image.Image:
    """`img` scaled and shifted so `source_box` lands on `target_box` of the canvas (the art's
    product under the layout's product), cropped to the canvas, extended where it falls short."""
    sw, sh = source_box[2] - source_box[0], source_box[3] - source_box[1]
    tw, th = target_box[2] - target_box[0], target_box[3] - target_box[1]
    scale = (tw / max(1, sw) + th / max(1, sh)) / 2
    ox = (target_box[0] + target_box[2]) / 2 - (source_box[0] + source_box[2]) / 2 * scale
    oy = (target_box[1] + target_box[3]) / 2 - (source_box[1] + source_box[3]) / 2 * scale
    # The part of the canvas the scaled image covers, in canvas pixels.
    x0, y0 = _clamp(round(ox), 0, canvas[0] - 1), _clamp(round(oy), 0, canvas[1] - 1)
    x1 = _clamp(round(ox + img.width * scale), x0 + 1, canvas[0])
    y1 = _clamp(round(oy + img.height * scale), y0 + 1, canvas[1])
    crop = (
        max(0.0, (x0 - ox) / scale),
        max(0.0, (y0 - oy) / scale),
        min(img.width, (x1 - ox) / scale),
        min(img.height, (y1 - oy) / scale),
    )
    if crop[2] - crop[0] < 1 or crop[3] - crop[1] < 1:  # boxes that cannot be matched up
        return apply_fit(img, fit_geometry(img.size, canvas), canvas)
    inner = img.convert("RGB").resize((x1 - x0, y1 - y0), Image.Resampling.LANCZOS, box=crop)
    return extend(inner, canvas, (x0, y0))


def cover_crop_size(source: Size, aspect: float) -> Size:
    width, height = source
    if width / height > aspect:
        return (min(width, max(1, round(height * aspect))), height)
    return (width, min(height, max(1, round(width / aspect))))


def _energy(img: Image.Image) -> tuple[np.ndarray, float]:
    scale = min(1.0, _THUMB_PX / max(img.size))
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    pixels = np.asarray(img.convert("RGB").resize(size, Image.Resampling.BILINEAR), np.float64)
    luma = pixels @ np.array([0.299, 0.587, 0.114])
    edges = np.abs(np.diff(luma, axis=1, append=luma[:, -1:]))
    edges += np.abs(np.diff(luma, axis=0, append=luma[-1:, :]))
    distance = np.linalg.norm(pixels - pixels.reshape(-1, 3).mean(axis=0), axis=2)
    # Each term normalized by its mean, so neither drowns the other whatever the image.
    return edges / max(edges.mean(), 1e-6) + distance / max(distance.mean(), 1e-6), scale


def _distance_ramp(
    canvas: Size, offset: tuple[int, int], inner: Size, fade_px: float
) -> Image.Image:
    xs = np.arange(canvas[0], dtype=np.float32)
    ys = np.arange(canvas[1], dtype=np.float32)
    dx = np.maximum(np.maximum(offset[0] - xs, xs - (offset[0] + inner[0] - 1)), 0)
    dy = np.maximum(np.maximum(offset[1] - ys, ys - (offset[1] + inner[1] - 1)), 0)
    distance = np.maximum(dx[None, :], dy[:, None])
    ramp = np.clip(distance / fade_px, 0, 1) * 255
    return Image.fromarray(ramp.round().astype(np.uint8), "L")


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
