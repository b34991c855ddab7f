"""Checks on the encoded file: format, pixel size, byte budget, color space."""

from __future__ import annotations

import io

from PIL import Image

from assetpack.config import SizePreset
from assetpack.verify.report import Check, check


def file_checks(preset: SizePreset, data: bytes) -> list[Check]:
    with Image.open(io.BytesIO(data)) as img:
        fmt = (img.format or "").lower()
        size = img.size
        mode = img.mode
        icc = img.info.get("icc_profile")
    out = [
        check(
            "file",
            fmt in preset.formats,
            f"format {fmt} is not allowed ({preset.formats})",
            slot="file",
            measured=fmt,
            threshold=",".join(preset.formats),
        ),
        check(
            "file",
            size == (preset.width_px, preset.height_px),
            f"file is {size[0]}x{size[1]}, not {preset.width_px}x{preset.height_px}",
            slot="file",
            measured=f"{size[0]}x{size[1]}",
            threshold=f"{preset.width_px}x{preset.height_px}",
        ),
        # No embedded profile means sRGB on the web; an embedded one must not be another space.
        check(
            "file",
            mode in ("RGB", "P") and (icc is None or b"sRGB" in icc),
            f"image is {mode} with a non-sRGB color profile; save it as sRGB",
            slot="file",
            measured=mode,
            threshold="sRGB",
        ),
    ]
    if preset.max_bytes is not None:
        out.append(
            check(
                "file",
                len(data) <= preset.max_bytes,
                f"file is {len(data)} bytes, over the platform limit of {preset.max_bytes}",
                slot="file",
                measured=len(data),
                threshold=preset.max_bytes,
            )
        )
    return out
