"""Functions the tests run inside Dask worker processes (with `Client.run`).

The workers cannot import the tests, so the test registers this module to be pickled by
value. `install_faults` swaps the make_asset that `make_on_worker` calls for one that fails
chosen tasks and logs every attempt to a file the test reads.
"""

from __future__ import annotations

from pathlib import Path

import assetpack.execute.dask_cluster as dask_cluster
from assetpack.art import Art
from assetpack.execute.tasks import AssetOutcome, AssetTask, make_asset


def task_name(task: AssetTask) -> str:
    return f"{task.plan.preset_id.replace('/', '_')}__{task.plan.locale}"


def install_faults(faults: dict[str, str], log_dir: str) -> None:
    """`faults`: task name -> "always" (fails every attempt) or "once" (fails the first)."""

    def faulty(task: AssetTask, arts: dict[str, Art]) -> AssetOutcome:
        mode = faults.get(task_name(task))
        if mode is not None:
            log = Path(log_dir) / f"{task_name(task)}.attempts"
            with log.open("a") as handle:
                handle.write("attempt\n")
            attempts = len(log.read_text().splitlines())
            if mode == "always" or attempts == 1:
                raise RuntimeError(f"injected failure, attempt {attempts}")
        return make_asset(task, arts)

    dask_cluster.make_asset = faulty  # type: ignore[assignment]


def remove_faults() -> None:
    dask_cluster.make_asset = make_asset
