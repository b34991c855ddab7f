"""Importing assetpack: what it sets up for the process before anything else loads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

THREADS = "import os, sys; {imports}; print(len(os.listdir('/proc/self/task')))"


def _threads_after(imports: str, **env: str) -> int:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OPENBLAS", "OMP"))}
    done = subprocess.run(
        [sys.executable, "-c", THREADS.format(imports=imports)],
        capture_output=True, text=True, timeout=120, env={**base, **env}, check=True,
    )  # fmt: skip
    return int(done.stdout)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc")
def test_numpy_imported_after_assetpack_starts_no_blas_threads() -> None:
    """OpenBLAS starts a spinning thread per core when numpy loads; a build's parallelism is
    its own workers, so assetpack asks for none (and the user's own setting still wins)."""
    assert _threads_after("import assetpack, numpy") == 1
    if len(os.sched_getaffinity(0)) > 1:  # where OpenBLAS would start threads at all
        assert _threads_after("import numpy, assetpack") > 1
        assert _threads_after("import assetpack, numpy", OPENBLAS_NUM_THREADS="2") > 1
