"""Run asset tasks in this process or in a pool of local worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from assetpack.art import Art
from assetpack.execute.tasks import AssetOutcome, AssetTask, make_asset

_ARTS: dict[str, Art] = {}


def _init_worker(arts: dict[str, Art]) -> None:
    # Art is large and the same for every task: ship it once per worker, not per task.
    _ARTS.clear()
    _ARTS.update(arts)


def _run(task: AssetTask) -> AssetOutcome:
    return make_asset(task, _ARTS)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def run_local(tasks: list[AssetTask], arts: dict[str, Art], workers: int) -> Iterator[AssetOutcome]:
    """Outcomes in task order; one worker means no subprocess at all."""
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield make_asset(task, arts)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(arts,)
    ) as pool:
        yield from pool.map(_run, tasks, chunksize=1)
