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
import struct
from dataclasses import dataclass

import numpy as np
from PIL import Image
from zlib_ng import zlib_ng

from assetpack.config import SizePreset
from assetpack.config.bitmaps import as_rgb
from assetpack.pack.pdf import PNG_SIGNATURE

# PNG first pass: `up_png`, the Up row filter on every row (each byte minus the one above it,
# one numpy subtraction) deflated by zlib-ng with the run-length strategy. Pillow picks each
# row's filter itself by trying them all; libpng (through OpenCV) told one filter still
# deflates with stock zlib. ms / KB, mean of the en-US and ja-JP posters
# (benchmarks/encoding.py, 2026-11-29; RGB in, PNG bytes out):
#
#                                  1080x1080     1080x1920     300x250      1080x1920 +grain
#   Pillow level 6 (first policy)  59.6 / 241    97.3 / 339    8.5 / 47.9   300.8 / 3997
#   Pillow level 1, RLE (second)   27.6 / 260    45.6 / 364    2.9 / 51.7   152.8 / 3997
#   libpng Paeth, level 1, RLE     17.7 / 255    30.0 / 361    2.0 / 51.9    82.0 / 4073
#   up_png, RLE (now)               8.8 / 296    10.6 / 409    1.1 / 56.7    32.5 / 4025
#   up_png, level 2                 8.5 / 277    11.0 / 397    1.1 / 54.6    86.7 / 4068
#   Pillow level 9                375.4 / 228   601.1 / 316   73.7 / 45.8   301.9 / 3997
#
# On smooth procedural art the Up filter writes 13-16% more than Paeth; on photographic art
# (grain) it writes less, 2.5x as fast, where zlib-ng's level 2 is as slow as libpng's Paeth.
PNG_FAST: dict[str, object] = {"encoder": "up"}
# Most effort: level 9 plus the Average row filter, 6-40x the time of PNG_FAST (380 ms at
# 1080x1080). It saved 18.9-38.1% over PNG_FAST on the 28 PNG posters of the example (every
# PNG preset, en-US and ja-JP; over 30% only on the 320x50 and 728x90 banners) and 3-4% on
# grain, so it is tried only when the fast file misses the budget by less than
# PNG_SMALLEST_SAVES; further off it cannot fit, and the next step (256 colours) comes sooner.
PNG_SMALLEST: dict[str, object] = {"optimize": True}
PNG_SMALLEST_SAVES = 0.4
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
    first_pass: bool = False  # the format's fast setting, which no budget changes

    def serves(self, preset: SizePreset) -> bool:
        """Whether `encode` would give `preset` exactly this, made from the same image for
        another preset: the first pass of the preset's preferred format, within its budget."""
        budget = preset.max_bytes
        return (
            self.first_pass
            and self.format == preset.formats[0]
            and (budget is None or len(self.data) <= budget)
        )

    @property
    def suffix(self) -> str:
        return ".jpg" if self.format == "jpeg" else ".png"


def _png(image: Image.Image, options: dict[str, object]) -> bytes:
    """PNG with Pillow's save options, or `up_png`'s for PNG_FAST ("encoder": "up")."""
    if options.get("encoder") == "up":
        return up_png(image)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib_ng.crc32(body, zlib_ng.crc32(kind))
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


# Rows filtered and deflated at a time (the bytes do not depend on it). Encoding the
# example's 14 proof pages four times on two threads left RSS higher by 17 MB with 256-row
# bands (and with whole pages), 11 MB with 128, 8 MB with 64 (Pillow's encoder: 3 MB), as
# each thread's malloc arena keeps what it freed; 64 rows cost 0.3 ms more a poster.
UP_PNG_BAND_ROWS = 64


def up_png(image: Image.Image, *, level: int | None = None, dpi: int | None = None) -> bytes:
    """An 8-bit RGB or greyscale PNG: the Up filter on every row, deflated by zlib-ng.

    level None: the run-length strategy (matches against the previous byte only, so no level
    changes its bytes), fastest on flat and photographic art alike; a level: zlib's default
    strategy, whose longer matches pay on mostly white proof pages. Neither Pillow nor libpng
    does this quickly: Pillow tries every filter on every row, and both deflate with stock
    zlib. `dpi`, if given, goes in a pHYs chunk, as Pillow's ``dpi=`` writes it.
    """
    if image.mode not in ("RGB", "L"):
        raise ValueError(f"up_png writes RGB or L images, not {image.mode!r}")
    strategy = zlib_ng.Z_RLE if level is None else zlib_ng.Z_DEFAULT_STRATEGY
    deflate = zlib_ng.compressobj(level or 1, zlib_ng.DEFLATED, 15, 8, strategy)
    width, height = image.size
    idat = []
    above = np.zeros(width * len(image.mode), dtype=np.uint8)  # the row above the first
    for top in range(0, height, UP_PNG_BAND_ROWS):
        band = image.crop((0, top, width, min(height, top + UP_PNG_BAND_ROWS)))
        rows = np.asarray(band).reshape(band.height, -1)
        filtered = np.empty((band.height, rows.shape[1] + 1), dtype=np.uint8)
        filtered[:, 0] = 2  # the Up filter: each byte minus the byte above it, modulo 256
        np.subtract(rows[0], above, out=filtered[0, 1:])
        np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])
        idat.append(deflate.compress(filtered))
        above = rows[-1]
    idat.append(deflate.flush())
    color_type = 2 if image.mode == "RGB" else 0
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if dpi is not None:
        per_metre = round(dpi / 0.0254)
        chunks.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    chunks.append(_chunk(b"IDAT", b"".join(idat)))
    chunks.append(_chunk(b"IEND", b""))
    return PNG_SIGNATURE + b"".join(chunks)


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
        return Encoded(data, "png", "png", exact=True, first_pass=True), data
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
        return Encoded(data, "jpeg", f"jpeg q{JPEG_BEST}", first_pass=True), data
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
