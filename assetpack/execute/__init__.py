"""Executors: where asset tasks run (this thread, a pool of threads, a Dask cluster).

`run_tasks` picks one; `run_dask` needs the optional `dask` extra and imports
`distributed` only when called.
"""

from assetpack.execute.dask_cluster import run_dask
from assetpack.execute.local import default_workers, run_local
from assetpack.execute.run import run_tasks
from assetpack.execute.tasks import (
    TASK_CHECK,
    AssetOutcome,
    AssetTask,
    failed_outcome,
    make_asset,
)

__all__ = [
    "TASK_CHECK",
    "AssetOutcome",
    "AssetTask",
    "default_workers",
    "failed_outcome",
    "make_asset",
    "run_dask",
    "run_local",
    "run_tasks",
]
