"""Content-addressed disk cache of image API results (the PNG and its usage).

The key is a sha256 over the endpoint, model, parameters, prompt and the sha256 of every input
image and mask, so a rebuild that sends the same requests finds every result here, makes no
call, and gets the same pixels. It lives beside the copy stage's cache (same root, same
$ASSETPACK_CACHE_DIR; see `assetpack.copy.cache`) under `images/`. Writes are atomic
(temp file + rename), so parallel builds sharing a cache never read half a file.

`content_key` is the copy cache's key, generalized to requests that carry files; writes go
through `assetpack.files.atomic_write`, as the copy and asset caches' do.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from assetpack.copy.cache import CACHE_ENV, default_cache_dir
from assetpack.files import atomic_write

__all__ = ["CACHE_ENV", "ImageCache", "atomic_write", "content_key", "default_cache_dir"]

# Bump when what a key means changes (prompt wording, framing), to orphan old results.
CACHE_FORMAT = 1


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_key(request: dict[str, Any], files: dict[str, list[bytes]] | None = None) -> str:
    """sha256 of a canonical JSON form of `request`, with each file replaced by its sha256."""
    hashed = {name: [sha256_hex(data) for data in items] for name, items in (files or {}).items()}
    canonical = json.dumps(
        {"format": CACHE_FORMAT, "request": request, "files": hashed},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return sha256_hex(canonical.encode("utf-8"))


class ImageCache:
    """`<root>/images/<key[:2]>/<key>.png` plus `<key>.json` (model, size, usage)."""

    def __init__(self, root: Path) -> None:
        self.folder = Path(root) / "images"

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> tuple[bytes, dict[str, Any]] | None:
        """The stored PNG and its metadata, or None when absent or damaged (then re-asked)."""
        try:
            meta = json.loads(self._path(key, ".json").read_text(encoding="utf-8"))
            png = self._path(key, ".png").read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("png_sha256") != sha256_hex(png):
            return None
        return png, meta

    def put(self, key: str, png: bytes, meta: dict[str, Any]) -> None:
        # The PNG goes first: the JSON, which names the PNG's hash, is what marks it complete.
        atomic_write(self._path(key, ".png"), png)
        entry = {**meta, "png_sha256": sha256_hex(png)}
        text = json.dumps(entry, sort_keys=True, ensure_ascii=False, indent=1)
        atomic_write(self._path(key, ".json"), text.encode("utf-8"))
