"""Files: written so that a reader never sees half of one; hashed; stamped for caches."""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def sha256_file(path: Path | str) -> str:
    """The sha256 of a file's content, read in chunks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def file_stamp(path: Path | str) -> str:
    """ "path:size:mtime_ns" ("path:dir", "path:missing"): what caches of things made from a
    file are keyed by, so a replaced file is noticed without reading it."""
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}:missing"
    if stat_module.S_ISDIR(stat.st_mode):
        return f"{path}:dir"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
