"""Content-Type per file suffix.

A fixed table rather than ``mimetypes``: the stdlib guess depends on the host's
/etc/mime.types, and the same pack must get the same headers on every machine.
"""

from __future__ import annotations

from pathlib import PurePosixPath

_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
FALLBACK = "application/octet-stream"


def content_type_for(path: str) -> str:
    return _TYPES.get(PurePosixPath(path).suffix.lower(), FALLBACK)
