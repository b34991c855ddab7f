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

import contextlib
import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import Field

from assetpack.art import Art
from assetpack.config.base import Frozen
from assetpack.execute.tasks import (
    NOT_DRAWN_TASK,
    TASK_CHECK,
    AssetOutcome,
    AssetTask,
    read_inputs,
)
from assetpack.files import atomic_write
from assetpack.installation import fingerprint
from assetpack.pack.models import AssetRecord
from assetpack.verify.sets import PanelEdges

# Finished assets kept at most; the least recently used go first (a build of the example
# adds about 80 MB).
MAX_BYTES = 2 * 2**30
# Bump when an entry's layout or meaning changes, to orphan old entries.
CACHE_FORMAT = 2
FOLDER = "assets"


class _Entry(Frozen):
    """What an entry keeps besides the file: the record and, for a set's panel, its edges."""

    record: AssetRecord = Field(description="The asset's manifest record.")
    edges: PanelEdges | None = Field(None, description="A panel's edge columns (seam checks).")


RunTasks = Callable[[Iterator[AssetTask]], Iterator[AssetOutcome]]


class AssetCache:
    """Finished assets under `<root>/assets/<key[:2]>/<key>.{json,bin}`."""

    def __init__(self, root: Path, arts: dict[str, Art]) -> None:
        self.folder = Path(root) / FOLDER
        self._arts = arts  # may grow while tasks stream in
        self._base = json.dumps(
            {"format": CACHE_FORMAT, "installation": fingerprint()}, sort_keys=True
        )
        self.hits = 0

    def key(self, task: AssetTask) -> str:
        digest = hashlib.sha256(self._base.encode())
        content = task.model_dump(exclude=set(NOT_DRAWN_TASK))
        digest.update(json.dumps(content, sort_keys=True, default=_canonical).encode())
        for value in read_inputs(task, self._arts):
            digest.update(value.encode())
        return digest.hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.folder / key[:2]
        return folder / f"{key}.json", folder / f"{key}.bin"

    def get(self, key: str) -> AssetOutcome | None:
        record_path, data_path = self._paths(key)
        try:
            entry = _Entry.model_validate_json(record_path.read_bytes())
            data = data_path.read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != entry.record.sha256:
            return None  # a damaged entry is a miss, never a wrong asset
        self.hits += 1
        with contextlib.suppress(OSError):  # last used now: pruning drops the oldest first
            os.utime(record_path)
        thumb = None
        with contextlib.suppress(OSError):
            thumb = _thumbnail_path(record_path).read_bytes()
        return AssetOutcome(record=entry.record, data=data, edges=entry.edges, thumbnail=thumb)

    def put(self, key: str, outcome: AssetOutcome) -> None:
        if TASK_CHECK in outcome.record.checks:
            return
        record_path, data_path = self._paths(key)
        # The data first: an entry counts only once its record exists.
        atomic_write(data_path, outcome.data)
        if outcome.thumbnail is not None:
            atomic_write(_thumbnail_path(record_path), outcome.thumbnail)
        entry = _Entry(record=outcome.record, edges=outcome.edges)
        atomic_write(record_path, entry.model_dump_json(by_alias=True).encode())

    def prune(self, max_bytes: int = MAX_BYTES) -> int:
        """Drop the least recently used entries until the cache holds at most `max_bytes`;
        returns how many were dropped. An entry is its record and its file."""
        entries = []
        for record in self.folder.glob("*/*.json"):
            files = (record.with_suffix(".bin"), _thumbnail_path(record))
            try:
                stat = record.stat()
                size = stat.st_size + sum(f.stat().st_size for f in files if f.exists())
            except OSError:
                continue
            entries.append((stat.st_mtime_ns, record, files, size))
        total = sum(size for *_, size in entries)
        dropped = 0
        for _, record, files, size in sorted(entries, key=lambda e: e[0]):
            if total <= max_bytes:
                break
            record.unlink(missing_ok=True)  # the record first: without it there is no entry
            for f in files:
                f.unlink(missing_ok=True)
            total -= size
            dropped += 1
        return dropped

    def has(self, key: str) -> bool:
        return self._paths(key)[0].is_file()

    def run(self, tasks: Iterable[AssetTask], run_tasks: RunTasks) -> Iterator[AssetOutcome]:
        """Every task's outcome: cached ones read from disk, the rest made by `run_tasks`.

        `tasks` may be a stream: the executor pulls tasks as it has room, and cached ones
        found on the way are handed back between its outcomes. Entries are read one at a
        time as their turn comes, so memory holds one file. The order is the executor's,
        with cached outcomes where they were found.
        """
        found: deque[tuple[AssetTask, str]] = deque()
        making: deque[str] = deque()

        def missing() -> Iterator[AssetTask]:
            for task in tasks:
                key = self.key(task)
                if self.has(key):
                    found.append((task, key))
                else:
                    making.append(key)
                    yield task

        def drain() -> Iterator[AssetOutcome]:
            while found:
                task, key = found.popleft()
                outcome = self.get(key)
                if outcome is None:  # the entry went bad since it was looked at: make it
                    outcome = next(iter(run_tasks(iter([task]))))
                    self.put(key, outcome)
                yield outcome

        for outcome in run_tasks(missing()):
            yield from drain()
            self.put(making.popleft(), outcome)
            yield outcome
        yield from drain()


def _canonical(value: object) -> str:
    """JSON for what json cannot write: bytes (a model's pixels) by digest, paths and
    decimals as text."""
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    return str(value)


def _thumbnail_path(record_path: Path) -> Path:
    """The proof thumbnail kept beside an entry (optional: without it the proof decodes the
    file, which gives the same pixels)."""
    return record_path.with_suffix(".thumb.png")
