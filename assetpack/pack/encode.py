"""Encoding an asset within its preset's formats and byte budget, deterministically."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from assetpack.config import SizePreset

PNG_LEVEL = 6  # zlib level: above 6 the files barely shrink and encoding gets much slower
JPEG_BEST = 92
JPEG_WORST = 50


@dataclass(frozen=True)
class Encoded:
    data: bytes
    format: str  # "png" | "jpeg"
    note: str  # how the budget was met, for the report

    @property
    def suffix(self) -> str:
        return ".jpg" if self.format == "jpeg" else ".png"


def _png(image: Image.Image, palette: bool = False) -> bytes:
    buffer = io.BytesIO()
    if palette:
        image = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(buffer, "PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # 4:4:4 chroma keeps small colored text crisp; the budget search drops it only if needed.
    subsampling = 0 if quality >= 80 else 2
    image.save(buffer, "JPEG", quality=quality, subsampling=subsampling, optimize=True)
    return buffer.getvalue()


def _jpeg_within(image: Image.Image, budget: int | None) -> Encoded | None:
    best = _jpeg(image, JPEG_BEST)
    if budget is None or len(best) <= budget:
        return Encoded(best, "jpeg", f"jpeg q{JPEG_BEST}")
    low, high, found = JPEG_WORST, JPEG_BEST - 1, None
    while low <= high:  # highest quality that fits
        mid = (low + high) // 2
        data = _jpeg(image, mid)
        if len(data) <= budget:
            found, low = Encoded(data, "jpeg", f"jpeg q{mid} to fit {budget} bytes"), mid + 1
        else:
            high = mid - 1
    return found


def encode(image: Image.Image, preset: SizePreset) -> Encoded:
    """The best-looking allowed encoding that fits the preset's byte budget."""
    image = image.convert("RGB")
    budget = preset.max_bytes
    for fmt in preset.formats:
        if fmt == "png":
            data = _png(image)
            if budget is None or len(data) <= budget:
                return Encoded(data, "png", "png")
            data = _png(image, palette=True)
            if len(data) <= budget:
                return Encoded(data, "png", f"png, 256 colors to fit {budget} bytes")
        else:
            found = _jpeg_within(image, budget)
            if found is not None:
                return found
    # Nothing fits: hand back the smallest try so the file check can report by how much.
    fallback = _jpeg(image, JPEG_WORST) if "jpeg" in preset.formats else _png(image, True)
    fmt = "jpeg" if "jpeg" in preset.formats else "png"
    return Encoded(fallback, fmt, "over budget")
