"""Encoding an asset within its preset's formats and byte budget, deterministically.

Each format starts with its cheap setting and spends more effort only where the budget needs
it: a generous budget (the 30 MB social presets, and any budget the fast file fits) takes one
fast pass; a tight one (Google Display, 150 KB) climbs to slower, smaller settings only when
the fast file is over budget and the smaller one can still fit. The figures below come from
`python -m benchmarks.encoding` (benchmarks/results/encoding.json; Pillow 13, zlib-ng 2.3.3,
libjpeg-turbo 3.2, fastest of 7 single-thread runs): the spring-launch posters, and the same
posters with grain as a stand-in for photographic art. Every setting gave the same bytes on
every run.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import cast

import numpy as np
from PIL import Image

from assetpack.config import SizePreset
from assetpack.config.bitmaps import as_rgb

# PNG first pass: libpng (through OpenCV) with the Paeth filter on every row, then zlib's
# run-length strategy (matches only against the previous byte). Pillow picks each row's
# filter itself by trying them all; told one, libpng writes the same size in 55-65% of the
# time. ms / KB, mean of the en-US and ja-JP posters (benchmarks/encoding.py, 2026-11-29):
#
#                                  1080x1080     1080x1920     300x250      1080x1920 +grain
#   Pillow level 6 (first policy)  59.9 / 248    99.2 / 350    8.6 / 48.6   300.9 / 3998
#   Pillow level 1, RLE (second)   27.6 / 265    46.1 / 373    2.9 / 52.4   152.0 / 3997
#   libpng Paeth, level 1, RLE     17.7 / 261    29.9 / 371    2.1 / 52.5    82.9 / 4073
#   libpng Up, level 1, RLE        14.2 / 302    23.5 / 422    1.6 / 57.4    56.4 / 4031
#   Pillow level 9                375.1 / 234   607.9 / 327   73.3 / 46.5   300.6 / 3998
#
# Paeth is within 2% of Pillow's size either way (Up is 13-14% bigger on the flat posters);
# the times include turning RGB into OpenCV's BGR. The RLE bytes do not depend on the level.
PNG_FAST: dict[str, object] = {
    "encoder": "libpng",
    "filter": "paeth",
    "compress_level": 1,
    "compress_type": zlib.Z_RLE,
}
# Most effort: level 9 plus the Average row filter, 2-25x the time of PNG_FAST (379 ms at
# 1080x1080). It saved 9.6-14.7% over PNG_FAST on the 28 PNG posters of the example (every
# PNG preset, en-US and ja-JP) and 1-3% on grain, so it is tried only when the fast file
# misses the budget by less than PNG_SMALLEST_SAVES; further off it cannot fit, and the next
# step (256 colours) comes sooner. 0.25 leaves room for flatter art than the example's.
PNG_SMALLEST: dict[str, object] = {"optimize": True}
PNG_SMALLEST_SAVES = 0.25
# 256 colours, the last PNG resort (reached only under a tight budget): indexed rows are not
# filtered, so the level matters. KB at 1080x1080 / 300x250: level 1 119 / 23.0, level 6
# 76.9 / 19.1, level 9 74.3 / 19.1, RLE 145 / 31.0. Quantizing dominates the time (level 1:
# 67 ms at 1080x1080, 11 ms at 300x250; level 9: 130 and 13 ms), and on the small canvases
# where tight budgets live level 9 costs 1 ms more than level 6.
PNG_PALETTE: dict[str, object] = {"compress_level": 9}

JPEG_BEST = 92
JPEG_WORST = 50
# Huffman-table optimization (`optimize`) gives the same pixels in 7-12% fewer bytes (q92
# 4:4:4: 1080x1080 147 vs 157 KB, 1080x1920 184 vs 203 KB, grain 892 vs 1010 KB) for 1.6-2.4x
# the time (7.3 vs 4.2 ms, 11.7 vs 7.2 ms, 26.7 vs 11.1 ms). With room in the budget the bytes
# buy nothing, so it is used only once baseline q92 is over budget, where they buy quality.
# Progressive saves 3-4% more for another 2.2x (16.6 ms at 1080x1080): not used.


@dataclass(frozen=True)
class Encoded:
    data: bytes
    format: str  # "png" | "jpeg"
    note: str  # how the budget was met, for the report
    exact: bool = False  # decoding gives back the encoded image's pixels (PNG, full colour)

    @property
    def suffix(self) -> str:
        return ".jpg" if self.format == "jpeg" else ".png"


def _png(image: Image.Image, options: dict[str, object]) -> bytes:
    """PNG with Pillow's save options, or with libpng's for PNG_FAST ("encoder": "libpng")."""
    if options.get("encoder") == "libpng":
        return _libpng(image, options)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def _libpng(image: Image.Image, options: dict[str, object]) -> bytes:
    import cv2  # 20 ms, on first use: commands that encode nothing do not pay it

    filters = {"paeth": cv2.IMWRITE_PNG_FILTER_PAETH, "up": cv2.IMWRITE_PNG_FILTER_UP}
    strategies = {zlib.Z_RLE: cv2.IMWRITE_PNG_STRATEGY_RLE}
    params = [
        (cv2.IMWRITE_PNG_COMPRESSION, cast(int, options["compress_level"])),
        (cv2.IMWRITE_PNG_STRATEGY, strategies[cast(int, options["compress_type"])]),
        (cv2.IMWRITE_PNG_FILTER, filters[cast(str, options["filter"])]),
    ]
    bgr = cv2.cvtColor(np.asarray(as_rgb(image)), cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".png", bgr, [value for pair in params for value in pair])
    if not ok:
        raise RuntimeError(f"libpng could not encode a {image.width}x{image.height} image")
    return data.tobytes()


def _palette(image: Image.Image) -> bytes:
    quantized = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return _png(quantized, PNG_PALETTE)


def _jpeg(image: Image.Image, quality: int, optimize: bool) -> bytes:
    buffer = io.BytesIO()
    # 4:4:4 chroma keeps small colored text crisp; the budget search drops it only if needed.
    subsampling = 0 if quality >= 80 else 2
    image.save(buffer, "JPEG", quality=quality, subsampling=subsampling, optimize=optimize)
    return buffer.getvalue()


def _png_within(image: Image.Image, budget: int | None) -> tuple[Encoded | None, bytes]:
    """(The PNG that fits, or None; the smallest PNG tried)."""
    data = _png(image, PNG_FAST)
    if budget is None or len(data) <= budget:
        return Encoded(data, "png", "png", exact=True), data
    if len(data) * (1 - PNG_SMALLEST_SAVES) <= budget:
        data = min(data, _png(image, PNG_SMALLEST), key=len)
        if len(data) <= budget:
            note = f"png, most compression to fit {budget} bytes"
            return Encoded(data, "png", note, exact=True), data
    data = min(data, _palette(image), key=len)
    if len(data) <= budget:
        return Encoded(data, "png", f"png, 256 colors to fit {budget} bytes"), data
    return None, data


def _jpeg_within(image: Image.Image, budget: int | None) -> tuple[Encoded | None, bytes]:
    """(The best-quality JPEG that fits, or None; the smallest JPEG tried)."""
    data = _jpeg(image, JPEG_BEST, optimize=False)
    if budget is None or len(data) <= budget:
        return Encoded(data, "jpeg", f"jpeg q{JPEG_BEST}"), data
    smallest = _jpeg(image, JPEG_BEST, optimize=True)
    if len(smallest) <= budget:
        note = f"jpeg q{JPEG_BEST}, optimized to fit {budget} bytes"
        return Encoded(smallest, "jpeg", note), smallest
    low, high, found = JPEG_WORST, JPEG_BEST - 1, None
    while low <= high:  # highest quality that fits
        mid = (low + high) // 2
        data = _jpeg(image, mid, optimize=True)
        if len(data) <= budget:
            found, low = Encoded(data, "jpeg", f"jpeg q{mid} to fit {budget} bytes"), mid + 1
        else:
            high = mid - 1
        smallest = min(smallest, data, key=len)
    return found, smallest


def encode(image: Image.Image, preset: SizePreset) -> Encoded:
    """The best-looking allowed encoding that fits the preset's byte budget."""
    image = as_rgb(image)
    budget = preset.max_bytes
    smallest: dict[str, bytes] = {}
    for fmt in preset.formats:
        within = _png_within if fmt == "png" else _jpeg_within
        found, smallest[fmt] = within(image, budget)
        if found is not None:
            return found
    # Nothing fits: hand back the smallest try so the file check can report by how much.
    fmt = "jpeg" if "jpeg" in smallest else "png"
    return Encoded(smallest[fmt], fmt, "over budget")
