"""Run asset tasks on this machine: in the calling thread, or in a pool of threads.

Threads, not processes: most of what an asset costs runs in native code that lets go of the
GIL (onnxruntime, OpenCV's PNG encoder, Pillow's resampling, compositing and zlib, Tesseract
through ctypes), so two threads keep two cores busy, and one process holds one copy of the
OCR engines, fonts and art and of the reference readings. Worker processes each held their
own, about 0.5 GB each in a 420-asset build; see docs/design-notes.md for the measurements.

Outcomes come back in task order. Tasks may be a stream (a build lays out preset after
preset while the first assets render): a task is pulled only when there is room for it, and
at most `max_in_flight` tasks are submitted and not yet handed back, so memory stays bounded
however long the batch is (each outcome holds a whole encoded image). `arts` is read when a
task runs, so it may grow while tasks stream in.

A task that raises is retried, then reported as a failed outcome; the others carry on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from PIL import Image, ImageDraw

from assetpack.art import Art
from assetpack.execute.tasks import (
    AssetOutcome,
    AssetTask,
    describe_error,
    failed_outcome,
    file_from_kept,
    make_asset,
    shared_by,
)
from assetpack.verify.ocr import engine_for

# Drawings in flight per worker: enough that no worker waits for the next task, few enough
# that the encoded images waiting to be handed back stay a small multiple of the workers.
IN_FLIGHT_PER_WORKER = 4
# A follower (`follows`: a twin, or a text-free image in another locale, whose drawing a
# task before it makes) is filed by the executor's thread, not a worker, so it does not
# count towards the drawings in flight; counted, the 15 followers of the posters' first
# square left the window empty, and both workers waited while the next preset was laid
# out. Tasks pulled and not yet handed back stay below this many times the drawings.
TASKS_PER_DRAWING = 4


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def warm_up() -> None:
    """What the first asset would otherwise wait for, done while the build lays out its first
    preset: the OCR engine most assets need, its first model run (onnxruntime's first run of
    a session is 10 ms slower) and Pillow's PNG and JPEG codecs."""
    engine = engine_for("latin", "en")
    if engine is not None:
        ink = Image.new("L", (96, 48), 255)
        ImageDraw.Draw(ink).rectangle((30, 12, 66, 36), fill=0)
        engine.read_line(ink)
    Image.preinit()


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
) -> Iterator[AssetOutcome]:
    """Outcomes in task order; one worker makes them in the calling thread.

    Each task gets `1 + retries` attempts; a task that still fails yields `failed_outcome`.
    """
    if workers <= 1:
        # The engine loads in a thread of its own while the first preset is laid out (the
        # other core is idle then): 0.3 s the first asset would otherwise wait for.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="assetpack-warm-up") as pool:
            pool.submit(warm_up)
            for task in tasks:
                yield _attempts(task, arts, retries)
        return
    window = max(1, max_in_flight or IN_FLIGHT_PER_WORKER * workers)
    most = window * TASKS_PER_DRAWING
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="assetpack-asset") as pool:
        # Before the first task is pulled: pulling it is what makes a streaming build lay out
        # its first preset, and the engine loads meanwhile.
        pool.submit(warm_up)
        # A task that follows another's drawing (`follows`) is filed in this thread when its
        # turn comes: its lead, earlier in the order, is made by then, so filing takes
        # microseconds (if no kept drawing serves it, a file of its own, this thread makes it
        # beside the workers, which have their window of drawings meanwhile). Handed to a
        # worker at once, a follower waited there while its lead was drawn, with the next
        # canvas's drawings queued behind it (0.2 s of a worker in the posters).
        in_flight: deque[tuple[Future[AssetOutcome] | None, AssetTask]] = deque()
        drawings = 0  # tasks in flight on the workers
        drawn: set[tuple[object, ...]] = set()  # what followers are filed from (`follows`)
        upcoming = iter(tasks)
        try:
            while True:
                while drawings < window and len(in_flight) < most:
                    if (pulled := next(upcoming, None)) is None:
                        break
                    if follows(pulled, drawn):
                        in_flight.append((None, pulled))
                    else:
                        in_flight.append((pool.submit(_attempts, pulled, arts, retries), pulled))
                        drawings += 1
                if not in_flight:
                    return
                future, task = in_flight.popleft()
                if future is None:
                    yield _filed_or_made(task, arts, retries)
                    continue
                drawings -= 1
                yield future.result()
        finally:
            for future, _ in in_flight:  # the caller stopped early: run no more than needed
                if future is not None:
                    future.cancel()


def follows(task: AssetTask, drawn: set[tuple[object, ...]]) -> bool:
    """Whether `task` is filed from a drawing a task before it in this run makes: a twin
    (AssetTask.twin) of a canvas and locale already given to a worker, or a text-free image
    of a preset already given to one in another locale. `drawn` holds what has been given,
    updated here. Model-drawn text is its own pixels: never a follower."""
    shared = shared_by(task)
    if shared is None:
        return False
    key: tuple[object, ...] = (
        (task.preset.canvas_key(), task.plan.locale, task.plan.panel)
        if shared == "twins"
        else (task.preset.id,)
    )
    if key in drawn:
        return True
    drawn.add(key)
    return False


def _filed_or_made(task: AssetTask, arts: dict[str, Art], retries: int) -> AssetOutcome:
    """A follower's outcome: filed from its lead's kept drawing, else made here (retried and
    reported like any task's)."""
    try:
        filed = file_from_kept(task, arts)
    except Exception:  # reported by the attempts below, like any task's error
        filed = None
    return filed or _attempts(task, arts, retries)


def _attempts(task: AssetTask, arts: dict[str, Art], retries: int) -> AssetOutcome:
    error = ""
    for _ in range(retries + 1):
        try:
            return make_asset(task, arts)
        except Exception as exc:  # one bad asset is reported, never the end of the batch
            error = describe_error(exc)
    return failed_outcome(task, gave_up(retries + 1, error))
