"""Where a pack goes: ``s3://bucket/prefix`` or a local directory.

Parsing is strict because a typo in a delivery target is otherwise discovered only when the
upload fails (or, worse, succeeds into the wrong place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from assetpack.errors import InputError

# S3's rules for general-purpose buckets; MinIO, R2 and Ceph (by default) follow them too.
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_FIX = "write it as s3://bucket/prefix"


@dataclass(frozen=True)
class S3Target:
    """A bucket and a key prefix without leading or trailing slashes ('' for the root)."""

    bucket: str
    prefix: str = ""

    def key(self, *parts: str) -> str:
        """The object key for ``parts`` under the prefix."""
        return "/".join(p.strip("/") for p in (self.prefix, *parts) if p.strip("/"))

    def uri(self, key: str = "") -> str:
        return f"s3://{self.bucket}/{key}"

    def __str__(self) -> str:
        return self.uri(self.prefix)


def parse_target(uri: str) -> S3Target:
    """Parse ``s3://bucket/prefix``; anything else is an InputError naming the fix."""
    match = _SCHEME_RE.match(uri.strip())
    if not match or match.group(1).lower() != "s3":
        raise InputError(f"{uri}: not an S3 target — {_FIX}")
    parts = urlsplit(uri.strip())
    if parts.query or parts.fragment:
        raise InputError(f"{uri}: S3 targets take no '?' or '#' part — {_FIX}")
    bucket = parts.netloc
    if not _BUCKET_RE.match(bucket) or ".." in bucket:
        raise InputError(
            f"{uri}: '{bucket}' is not a valid bucket name — use 3-63 lowercase letters, "
            f"digits, dots or hyphens, starting and ending with a letter or digit"
        )
    segments = [s for s in unquote(parts.path).split("/") if s]
    if any(s in (".", "..") for s in segments):
        raise InputError(f"{uri}: '.' and '..' are not allowed in the prefix — {_FIX}")
    return S3Target(bucket=bucket, prefix="/".join(segments))


def resolve_target(target: str | Path) -> S3Target | Path:
    """An S3Target for s3:// URIs, a Path for directories (plain or file://)."""
    if isinstance(target, Path):
        return target
    match = _SCHEME_RE.match(target.strip())
    if match is None:
        return Path(target).expanduser()
    scheme = match.group(1).lower()
    if scheme == "s3":
        return parse_target(target)
    if scheme == "file":
        return Path(unquote(urlsplit(target).path))
    raise InputError(
        f"{target}: cannot deliver to '{scheme}://' — use s3://bucket/prefix "
        f"(S3 or an S3-compatible store via --endpoint-url) or a local directory"
    )
