"""A pack is built in a staging folder beside its final one and swapped in when complete, so
an earlier pack stays whole until then, and a build that stops leaves nothing behind."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from assetpack.errors import InputError
from assetpack.pack import MANIFEST


@contextlib.contextmanager
def staged_pack(out_dir: Path, campaign: str) -> Iterator[tuple[Path, Path]]:
    """The pack's final folder and the staging folder it is built in; the staging folder is
    removed if the build stops (an error, Ctrl-C), so nothing half-written stays behind."""
    final = out_dir / campaign
    if final.exists() and any(final.iterdir()) and not (final / MANIFEST).exists():
        raise InputError(
            f"{final} exists and is not an assetpack pack; refusing to overwrite it. "
            "Choose another output folder with -o."
        )
    staging = out_dir / f".{campaign}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        yield final, staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def publish_pack(staging: Path, final: Path) -> None:
    """Swap the finished pack in; the old pack is removed only after the new one is in place."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
