"""The one choice build() makes about executors: local threads, or a Dask cluster."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assetpack.art import Art
from assetpack.errors import InputError
from assetpack.execute.dask_cluster import run_dask
from assetpack.execute.local import default_workers, run_local
from assetpack.execute.tasks import AssetOutcome, AssetTask


def run_tasks(
    tasks: Iterable[AssetTask],
    arts: dict[str, Art],
    *,
    workers: int | None = None,
    dask: str | None = None,
) -> Iterator[AssetOutcome]:
    """Outcomes in task order, from `workers` threads of this process or the cluster at `dask`.

    Either way a task that fails after its retries yields a failed outcome (a placeholder
    image whose record has a failing `task` check) and the others carry on. Local workers
    take `tasks` as a stream (and `arts` as it grows); a cluster gets the whole batch.
    """
    if dask and workers:
        # Silently ignoring one would surprise: the cluster's workers decide the parallelism.
        raise InputError(
            "--workers sets local threads and --dask sends the work to a cluster; "
            "use one of them (a cluster's size is set by the `dask worker` processes)"
        )
    if dask:
        return run_dask(list(tasks), arts, dask)
    return run_local(tasks, arts, workers or default_workers())
