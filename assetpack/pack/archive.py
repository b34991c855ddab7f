"""A deterministic zip: same files in, byte-identical zip out."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
ALREADY_COMPRESSED = (".png", ".jpg", ".jpeg", ".webp", ".pdf")


def write_zip(zip_path: Path, root: Path, names: list[str]) -> None:
    """Zip `names` (paths relative to `root`) in sorted order with fixed metadata."""
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, so the mode above means the same everywhere
            stored = name.lower().endswith(ALREADY_COMPRESSED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, (root / name).read_bytes(), compresslevel=None if stored else 9)
