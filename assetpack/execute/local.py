"""Run asset tasks in this process or in a pool of local worker processes.

Outcomes come back in task order. Tasks may be a stream (a build lays out preset after
preset while the first assets render): a task is pulled only when there is room for it, and
at most `max_in_flight` tasks are submitted and not yet handed back, so memory stays bounded
however long the batch is (each outcome holds a whole encoded image). Art can grow while
tasks stream in; each piece goes to the workers once, through a file, when the first task
that needs it is submitted.

A task that raises is retried, then reported as a failed outcome; a task that kills its
worker process takes the pool down with it, so the tasks that were in flight are re-run one
at a time to find it, and it is reported the same way. The others carry on.
"""

from __future__ import annotations

import contextlib
import pickle
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PIL import Image, ImageDraw

from assetpack.art import Art
from assetpack.execute.tasks import (
    AssetOutcome,
    AssetTask,
    describe_error,
    failed_outcome,
    make_asset,
)
from assetpack.prestart import forkserver_context
from assetpack.verify.ocr import engine_for
from assetpack.verify.ocr_reference import share_readings

# Tasks in flight per worker: enough that no worker waits for the next task, few enough
# that the encoded images waiting to be handed back stay a small multiple of the workers.
IN_FLIGHT_PER_WORKER = 4
WORKER_DIED = "its worker process died"

_ARTS: dict[str, Art] = {}
_ART_DIR: list[Path] = []

Pending = tuple[AssetTask, "Future[AssetOutcome]"]


def _init_worker(art_dir: Path, readings: Path | None) -> None:
    _ARTS.clear()
    _ART_DIR[:] = [art_dir]
    share_readings(readings)
    _warm_up()


def _warm_up() -> None:
    """What a worker's first asset would otherwise wait for, done while the parent still
    lays out: the OCR engine most assets need, its first model run (onnxruntime's first
    run of a session is 10 ms slower) and Pillow's PNG and JPEG codecs."""
    engine = engine_for("latin", "en")
    if engine is not None:
        ink = Image.new("L", (96, 48), 255)
        ImageDraw.Draw(ink).rectangle((30, 12, 66, 36), fill=0)
        engine.read_line(ink)
    Image.preinit()


def _ready() -> None:
    """A no-op task: submitting one per worker starts the workers before the first asset."""


def _run(task: AssetTask) -> AssetOutcome:
    # Art is large and the same for many tasks: read once per worker, not sent per task.
    key = task.art_key
    if key is not None and key not in _ARTS:
        _ARTS[key] = pickle.loads((_ART_DIR[0] / f"{key}.pickle").read_bytes())
    return make_asset(task, _ARTS)


def gave_up(attempts: int, error: str) -> str:
    """The failed check's message: how often it was tried and what went wrong last."""
    tries = "once" if attempts == 1 else f"{attempts} times"
    return f"could not be made (tried {tries}): {error}"


def run_local(
    tasks: Iterable[AssetTask],
    arts: dict[str, Art],
    workers: int,
    *,
    retries: int = 2,
    max_in_flight: int | None = None,
    readings: Path | None = None,
) -> Iterator[AssetOutcome]:
    """Outcomes in task order; one worker means no subprocess at all.

    `readings`: a folder where workers share OCR reference readings (None: each its own).

    `arts` is read as tasks are submitted, so it may be filled while `tasks` streams. Each
    task gets `1 + retries` attempts; a task that still fails yields `failed_outcome`.
    """
    if workers <= 1:
        for task in tasks:
            yield _in_process(task, arts, retries)
        return
    # The workers start (and load their OCR engine) before the first task is pulled: pulling
    # it is what makes a streaming build lay out its first preset.
    pool = _Pool(arts, workers, readings)
    try:
        pool.start_workers()
        window = max(1, max_in_flight or IN_FLIGHT_PER_WORKER * workers)
        yield from _windowed(pool, tasks, window, retries)
    finally:
        pool.close()


def _in_process(task: AssetTask, arts: dict[str, Art], retries: int) -> AssetOutcome:
    error = ""
    for _ in range(retries + 1):
        try:
            return make_asset(task, arts)
        except Exception as exc:  # one bad asset is reported, never the end of the batch
            error = describe_error(exc)
    return failed_outcome(task, gave_up(retries + 1, error))


class _Pool:
    """A process pool that is replaced when one of its workers dies."""

    def __init__(self, arts: dict[str, Art], workers: int, readings: Path | None) -> None:
        self._arts = arts
        self._workers = workers
        self._readings = readings
        self._art_dir = Path(tempfile.mkdtemp(prefix="assetpack-art-"))
        self._shipped: set[str] = set()
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=forkserver_context(),
            initializer=_init_worker,
            initargs=(self._art_dir, self._readings),
        )

    def start_workers(self) -> None:
        """Start the workers from a thread: a new worker is forked only once the fork server
        has imported PRELOAD, and the caller lays out its first preset meanwhile (it had
        waited 0.4 s here before the first asset of a build could even be laid out)."""
        pool = self._pool

        def start() -> None:
            with contextlib.suppress(BrokenProcessPool, RuntimeError):
                for _ in range(self._workers):
                    pool.submit(_ready)

        threading.Thread(target=start, name="assetpack-start-workers", daemon=True).start()

    def _ship(self, key: str | None) -> None:
        if key is None or key in self._shipped or key not in self._arts:
            return
        temp = self._art_dir / f".{key}.tmp"
        temp.write_bytes(pickle.dumps(self._arts[key], protocol=pickle.HIGHEST_PROTOCOL))
        temp.rename(self._art_dir / f"{key}.pickle")
        self._shipped.add(key)

    def submit(self, task: AssetTask) -> Future[AssetOutcome]:
        self._ship(task.art_key)
        try:
            return self._pool.submit(_run, task)
        except BrokenProcessPool as exc:  # broken between two submits: fail like the others
            future: Future[AssetOutcome] = Future()
            future.set_exception(exc)
            return future

    def restart(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._art_dir, ignore_errors=True)


def _windowed(
    pool: _Pool, tasks: Iterable[AssetTask], window: int, retries: int
) -> Iterator[AssetOutcome]:
    """Keep `window` tasks in flight; hand outcomes back in order as the oldest finishes."""
    in_flight: deque[Pending] = deque()
    upcoming = iter(tasks)
    while True:
        while len(in_flight) < window and (task := next(upcoming, None)) is not None:
            in_flight.append((task, pool.submit(task)))
        if not in_flight:
            return
        oldest = in_flight.popleft()
        outcome = _settle(pool, oldest, retries)
        if outcome is None:
            yield from _isolate(pool, [oldest, *in_flight], retries)
            in_flight.clear()
        else:
            yield outcome


def _settle(pool: _Pool, pending: Pending, retries: int) -> AssetOutcome | None:
    """The task's outcome after its retries, or None if the pool broke meanwhile."""
    task, future = pending
    error = ""
    for attempt in range(retries + 1):
        if attempt:
            future = pool.submit(task)
        try:
            return future.result()
        except BrokenProcessPool:
            return None
        except Exception as exc:
            error = describe_error(exc)
    return failed_outcome(task, gave_up(retries + 1, error))


def _isolate(pool: _Pool, suspects: list[Pending], retries: int) -> Iterator[AssetOutcome]:
    """After a worker died: keep what finished, re-run the rest alone to find the culprit."""
    pool.restart()
    for task, future in suspects:
        finished = future.done() and not future.cancelled() and future.exception() is None
        yield future.result() if finished else _alone(pool, task, retries)


def _alone(pool: _Pool, task: AssetTask, retries: int) -> AssetOutcome:
    # Nothing else runs now, so a dead worker is this task's doing: count it as an attempt.
    error = ""
    for _ in range(retries + 1):
        try:
            return pool.submit(task).result()
        except BrokenProcessPool:
            pool.restart()
            error = WORKER_DIED
        except Exception as exc:
            error = describe_error(exc)
    return failed_outcome(task, gave_up(retries + 1, error))
