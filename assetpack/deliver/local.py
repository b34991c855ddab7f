"""Deliver a verified pack into a local (or mounted) directory.

Same layout and rules as S3: ``<dir>/<campaign>/<build-id>/...`` plus ``latest.json``. The
build is copied into a hidden temporary directory and renamed into place, so a reader never
sees half a build; an existing build directory is never overwritten.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from assetpack.deliver.models import DeliveryResult
from assetpack.deliver.pack_files import (
    MANIFEST,
    Pack,
    PackFile,
    latest_pointer,
)
from assetpack.errors import DeliveryError
from assetpack.files import sha256_file

LATEST = "latest.json"


def deliver_to_dir(pack: Pack, root: Path) -> DeliveryResult:
    campaign_dir = root / pack.campaign
    build_dir = campaign_dir / pack.build_id
    latest = campaign_dir / LATEST
    try:
        wrote_build = _place_build(pack, build_dir)
        wrote_latest = _place_pointer(latest, latest_pointer(pack))
    except OSError as exc:
        raise DeliveryError(
            f"{root}: cannot write the pack ({exc.strerror or exc}: {exc.filename}) — check "
            f"that it is a writable directory with free space"
        ) from exc
    build_paths = [str(build_dir / f.path) for f in (*pack.files, pack.manifest)]
    return DeliveryResult(
        target=str(build_dir),
        build_id=pack.build_id,
        manifest_uri=str(build_dir / MANIFEST),
        latest_uri=str(latest),
        uploaded=(build_paths if wrote_build else []) + ([str(latest)] if wrote_latest else []),
        skipped=([] if wrote_build else build_paths) + ([] if wrote_latest else [str(latest)]),
        presigned_zip_url=None,
    )


def _place_build(pack: Pack, build_dir: Path) -> bool:
    """Copy the build into place unless it is already there; True if it was written."""
    if build_dir.exists():
        _require_same(pack, build_dir)
        return False
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = build_dir.parent / f".{build_dir.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        for f in (*pack.files, pack.manifest):
            _copy_verified(f, staging / f.path)
        try:
            os.rename(staging, build_dir)
        except OSError:
            if not build_dir.exists():
                raise
            # Another delivery of this build won the race; fine if it holds the same files.
            _require_same(pack, build_dir)
            return False
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def _copy_verified(f: PackFile, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(f.local, dest)
    if sha256_file(dest) != f.sha256:
        raise DeliveryError(f"{dest}: copy does not match {f.local} — check the disk; rerun")


def _require_same(pack: Pack, build_dir: Path) -> None:
    for f in (*pack.files, pack.manifest):
        placed = build_dir / f.path
        if not placed.is_file() or sha256_file(placed) != f.sha256:
            raise DeliveryError(
                f"{build_dir}: already holds a different build ({f.path} differs) — it was "
                f"changed after delivery; move it away and rerun"
            )


def _place_pointer(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)  # atomic: readers see the old pointer or the new one
    finally:
        tmp.unlink(missing_ok=True)
    return True
