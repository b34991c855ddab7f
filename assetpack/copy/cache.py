"""On-disk cache of model answers, keyed by a hash of the model and the whole request.

A rebuild with the same brief sends the same requests, finds every answer here and so makes
no network call and gets byte-identical copy. Entries are small JSON files written atomically
(temp file + rename), so parallel builds sharing a cache folder never see half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from assetpack.files import atomic_write

CACHE_ENV = "ASSETPACK_CACHE_DIR"
# Bump when the stored entry's shape or the prompts change meaning, to orphan old answers.
CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """$ASSETPACK_CACHE_DIR, else $XDG_CACHE_HOME/assetpack, else ~/.cache/assetpack."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "assetpack"


def cache_key(model: str, request: Any) -> str:
    """sha256 of the model and a canonical JSON form of the request."""
    canonical = json.dumps(
        {"format": CACHE_FORMAT, "model": model, "request": request},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """JSON entries under `<root>/copy/<key[:2]>/<key>.json`."""

    def __init__(self, root: Path) -> None:
        self.folder = Path(root) / "copy"

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None when absent or unreadable (then it is simply re-asked)."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        text = json.dumps(entry, sort_keys=True, ensure_ascii=False, indent=1)
        atomic_write(self._path(key), text.encode("utf-8"))
