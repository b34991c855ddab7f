"""Executors: where asset tasks run (this process, a local pool, later a Dask cluster)."""

from assetpack.execute.local import default_workers, run_local
from assetpack.execute.tasks import AssetOutcome, AssetTask, make_asset

__all__ = ["AssetOutcome", "AssetTask", "default_workers", "make_asset", "run_local"]
