"""What this installation is: the versions of everything that decides an asset's bytes and
checks. Caches key their entries by it, and a Dask cluster's workers must match it."""

from __future__ import annotations

import ctypes.util
import hashlib
import importlib.metadata
import platform
from functools import cache
from pathlib import Path

from PIL import features

MISSING = "missing"
# Native libraries whose versions change pixels or encoded bytes.
_PIL_FEATURES = ("freetype2", "raqm", "harfbuzz", "fribidi", "zlib", "libjpeg_turbo")
# Python packages that draw, encode or read text back (OCR checks; OpenCV scales each line
# for the recognition model, so its version can change a reading; zlib-ng deflates every
# PNG, pack/encode.up_png), or write the pack's records (orjson: manifest.json, report.json).
# fmt: off
_PACKAGES = (
    "assetpack", "pillow", "numpy", "fonttools", "resvg-py", "onnxruntime", "rapidocr",
    "opencv-python-headless", "uharfbuzz", "zlib-ng", "orjson",
)
# fmt: on


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return MISSING


@cache
def _code_digest() -> str:
    # The version number does not change when an editable checkout does; the code does.
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def fingerprint() -> dict[str, str]:
    """Versions of everything that decides the bytes (and checks) of an asset."""
    found = {"python": platform.python_version(), "assetpack code": _code_digest()}
    found.update({name: _package_version(name) for name in _PACKAGES})
    found.update({lib: str(features.version(lib)) for lib in _PIL_FEATURES})
    found["libtesseract"] = "found" if ctypes.util.find_library("tesseract") else MISSING
    found["tesseract packs"] = _tesseract_packs()
    return found


def _tesseract_packs() -> str:
    # Which packs are installed decides which engines read a line (ocr.engines_for).
    from assetpack.verify.ocr import tessdata_dirs  # numpy and Pillow: only when asked

    files = [f for folder in tessdata_dirs() for f in folder.glob("*.traineddata")]
    packs = {f"{f.stem}:{f.stat().st_size}" for f in files}
    return ",".join(sorted(packs)) or MISSING
