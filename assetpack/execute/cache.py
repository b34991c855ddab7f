"""Content-addressed finished assets: a rebuild re-renders only what changed.

An asset's key is the sha256 of everything that decides its bytes and its checks: the task
(layout plan, preset, kit, OCR switch, model text), the art it is drawn on, the files the
task reads (fonts, logo, product image, by path, size and modification time), and this
installation's fingerprint (assetpack's code and the versions of the libraries that draw,
encode and read text back). An entry holds the encoded file and its manifest record; a hit
is exactly what `make_asset` would return, so a cached build is byte-identical to a fresh one.

Outcomes of tasks that could not be made (a crashed worker, an exception) are never stored:
they say nothing about the asset. Entries are written atomically (temp file, then rename), so
parallel builds sharing a cache never see half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from assetpack.art import Art
from assetpack.execute.environment import fingerprint, task_files
from assetpack.execute.tasks import TASK_CHECK, AssetOutcome, AssetTask
from assetpack.pack.models import AssetRecord

# Bump when an entry's layout or meaning changes, to orphan old entries.
CACHE_FORMAT = 1
FOLDER = "assets"

RunTasks = Callable[[list[AssetTask]], Iterator[AssetOutcome]]


def art_digest(art: Art) -> str:
    digest = hashlib.sha256(art.model_dump_json(exclude={"rgb"}).encode())
    digest.update(art.rgb)
    return digest.hexdigest()


@cache
def _file_stamp(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


class AssetCache:
    """Finished assets under `<root>/assets/<key[:2]>/<key>.{json,bin}`."""

    def __init__(self, root: Path, arts: dict[str, Art]) -> None:
        self.folder = Path(root) / FOLDER
        self._arts = {key: art_digest(art) for key, art in arts.items()}
        self._base = json.dumps(
            {"format": CACHE_FORMAT, "installation": fingerprint()}, sort_keys=True
        )
        _file_stamp.cache_clear()  # files may have changed since the last build in this process
        self.hits = 0

    def key(self, task: AssetTask) -> str:
        digest = hashlib.sha256(self._base.encode())
        digest.update(task.model_dump_json().encode())
        digest.update(self._arts.get(task.art_key or "", "no art").encode())
        for path in task_files([task]):
            digest.update(_file_stamp(path).encode())
        return digest.hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.folder / key[:2]
        return folder / f"{key}.json", folder / f"{key}.bin"

    def get(self, key: str) -> AssetOutcome | None:
        record_path, data_path = self._paths(key)
        try:
            record = AssetRecord.model_validate_json(record_path.read_bytes())
            data = data_path.read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != record.sha256:
            return None  # a damaged entry is a miss, never a wrong asset
        self.hits += 1
        return AssetOutcome(record=record, data=data)

    def put(self, key: str, outcome: AssetOutcome) -> None:
        if TASK_CHECK in outcome.record.checks:
            return
        record_path, data_path = self._paths(key)
        record_path.parent.mkdir(parents=True, exist_ok=True)
        # The data first: an entry counts only once its record exists.
        _write_atomic(data_path, outcome.data)
        _write_atomic(record_path, outcome.record.model_dump_json(by_alias=True).encode())

    def has(self, key: str) -> bool:
        return self._paths(key)[0].is_file()

    def run(self, tasks: list[AssetTask], run_tasks: RunTasks) -> Iterator[AssetOutcome]:
        """Outcomes in task order: cached ones from disk, the rest made by `run_tasks`.

        Entries are read one at a time as their turn comes, so memory holds one file.
        """
        keys = [self.key(task) for task in tasks]
        cached = [self.has(key) for key in keys]
        missing = [task for task, hit in zip(tasks, cached, strict=True) if not hit]
        made = run_tasks(missing) if missing else iter(())
        for task, key, hit in zip(tasks, keys, cached, strict=True):
            outcome = self.get(key) if hit else None
            if outcome is None:
                # Not cached, or the entry went bad since it was looked at: make it.
                outcome = next(made) if not hit else next(run_tasks([task]))
                self.put(key, outcome)
            yield outcome


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
