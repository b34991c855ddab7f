"""What a worker must share with this machine for its files to be byte-identical.

A task names its fonts, logo and product image by path, is drawn by Pillow's FreeType and
raqm and deflated by zlib-ng: a worker with another font file or another zlib-ng writes
other bytes without any error. So before a cluster renders anything, every worker reports
its libraries and the digest of every file the tasks read, and a difference stops the build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from assetpack.files import sha256_file
from assetpack.installation import MISSING, fingerprint

if TYPE_CHECKING:  # for annotations only: tasks.py imports this module
    from assetpack.execute.tasks import AssetTask

_SHOWN = 8  # mismatches listed before "and N more"


def task_files(tasks: Iterable[AssetTask]) -> list[str]:
    """Every file the tasks read while rendering: font faces, logos, product images."""
    found: set[str] = set()
    for task in tasks:
        plan = task.plan
        found.update(run.face.path for b in plan.blocks for line in b.lines for run in line.runs)
        found.update(image.path for image in (plan.logo, plan.product) if image is not None)
    return sorted(found)


@cache
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    # Keyed by size and mtime too, so a long-lived worker notices a replaced file.
    return sha256_file(path)


def file_digests(paths: Iterable[str]) -> dict[str, str]:
    """Path -> sha256 of its content, or "missing"."""
    digests: dict[str, str] = {}
    for path in paths:
        try:
            stat = os.stat(path)
            digests[path] = _file_digest(path, stat.st_size, stat.st_mtime_ns)
        except OSError:
            digests[path] = MISSING
    return digests


def environment_report(paths: list[str]) -> dict[str, dict[str, str]]:
    """What one machine has: library versions and file digests (runs on each worker)."""
    return {"libraries": fingerprint(), "files": file_digests(paths)}


def differences(
    here: dict[str, dict[str, str]], workers: dict[str, dict[str, dict[str, str]]]
) -> list[str]:
    """One line per thing a worker has that differs from this machine."""
    lines: list[str] = []
    for worker, report in sorted(workers.items()):
        for name, mine in here["libraries"].items():
            theirs = report["libraries"].get(name, MISSING)
            if theirs != mine:
                lines.append(f"{worker}: {name} is {theirs} there, {mine} here")
        for path, mine in here["files"].items():
            theirs = report["files"].get(path, MISSING)
            if theirs != mine:
                lines.append(f"{worker}: {path}: {_file_state(theirs, mine)}")
    return lines


def _file_state(theirs: str, mine: str) -> str:
    if theirs == MISSING:
        return "missing there"
    return "not here" if mine == MISSING else "different content there"


def describe_differences(lines: list[str]) -> str:
    shown = lines[:_SHOWN]
    more = len(lines) - len(shown)
    return "\n".join(["  " + line for line in shown] + ([f"  and {more} more"] if more else []))
