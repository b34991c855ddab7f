"""Unchanged rebuilds: a pack whose inputs have not changed is not made again.

A finished pack carries a stamp (`.assetpack-build.json`, never zipped or delivered) with the
key of its inputs and the sha256 of every file in it. The key covers the loaded project (brief,
kit, presets, every path they name by size and modification time), the build options that
change the pack, the installed font packages and this installation's fingerprint (code and
library versions). A rebuild with the same key finds the pack intact (every file hashing as
stamped, no file added) and returns its records without loading fonts, writing copy, laying
out, rendering or calling any API. Anything else, including a file edited by hand, builds
normally, and the asset cache (execute/cache.py) then re-renders only the assets that changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from assetpack.config import Project
from assetpack.config.base import Frozen
from assetpack.files import file_stamp, sha256_file
from assetpack.fonts.faces import font_distributions
from assetpack.installation import fingerprint
from assetpack.pack import AssetRecord, SetRecord

STAMP = ".assetpack-build.json"
STAMP_FORMAT = 1
# BuildOptions fields that change what a pack contains (workers, Dask, delivery and budgets
# do not: a build is byte-identical however it is run).
PACK_OPTIONS = ("locales", "presets", "copy_provider", "ocr", "art_provider", "text_mode", "draft")


class Stamp(Frozen):
    """What a finished pack was built from, and what it holds."""

    format: int = Field(description="Stamp format version.")
    key: str = Field(description="sha256 of the build's inputs.")
    files: dict[str, str] = Field(description="Every file of the pack -> its sha256.")
    assets: list[AssetRecord] = Field(description="The pack's records, with every check.")
    sets: list[SetRecord] = Field(description="Its multi-panel sets, with their checks.")


def _paths_in(value: Any) -> list[str]:
    if isinstance(value, Path):
        return [str(value)]
    if isinstance(value, dict):
        return [p for item in value.values() for p in _paths_in(item)]
    if isinstance(value, (list, tuple)):
        return [p for item in value for p in _paths_in(item)]
    return []


def _font_packages() -> list[str]:
    return [f"{dist.metadata['Name']}=={dist.version}" for dist in font_distributions()]


def inputs_key(project: Project, options: dict[str, object]) -> str:
    """sha256 of everything a pack is made from (see the module docstring)."""
    files = sorted(set(_paths_in(project.model_dump())))
    canonical = json.dumps(
        {
            "format": STAMP_FORMAT,
            "installation": fingerprint(),
            "fonts": _font_packages(),
            "project": project.model_dump(mode="json"),
            "files": [file_stamp(path) for path in files],
            "options": {name: options.get(name) for name in PACK_OPTIONS},
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _files(pack_dir: Path) -> list[Path]:
    return [p for p in sorted(pack_dir.rglob("*")) if p.is_file() and p.name != STAMP]


def write_stamp(pack_dir: Path, key: str, assets: list[AssetRecord], sets: list[SetRecord]) -> None:
    # The assets' digests are in their records already: only the pack's own files are read.
    known = {asset.path: asset.sha256 for asset in assets}
    names = [path.relative_to(pack_dir).as_posix() for path in _files(pack_dir)]
    files = {name: known.get(name) or sha256_file(pack_dir / name) for name in names}
    stamp = Stamp(format=STAMP_FORMAT, key=key, files=files, assets=assets, sets=sets)
    (pack_dir / STAMP).write_text(stamp.model_dump_json(by_alias=True), encoding="utf-8")


def reusable(pack_dir: Path, key: str) -> tuple[list[AssetRecord], list[SetRecord]] | None:
    """The records and sets of the pack in `pack_dir` if it was built from `key` and is
    intact."""
    try:
        stamp = Stamp.model_validate_json((pack_dir / STAMP).read_bytes())
    except (OSError, ValidationError):
        return None
    if stamp.format != STAMP_FORMAT or stamp.key != key:
        return None
    # Exactly the files it was built with: a file added by hand means a rebuild cleans up.
    if {path.relative_to(pack_dir).as_posix() for path in _files(pack_dir)} != set(stamp.files):
        return None
    for name, digest in stamp.files.items():
        try:
            if sha256_file(pack_dir / name) != digest:
                return None
        except OSError:
            return None
    return stamp.assets, stamp.sets
