"""The fork server that local worker processes are forked from, started as early as possible.

Workers are forks of a server process that imports the task code once (PRELOAD), so each
starts with it loaded. That import takes 0.5 s. Started first thing, before the build's own
0.4 s of imports, it runs beside them on the other core, and the workers are loading their
OCR engine by the time the first preset is laid out. This module imports nothing heavy, so
the CLI can start the server before it imports the build.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from pathlib import Path

from assetpack.files import STAMP

# Imported once by the fork server. Lines are read without RapidOCR (its pipeline takes 0.5 s
# to import and serves only the no-text check, which imports it on first use).
PRELOAD = ["assetpack.execute.tasks", "assetpack.verify.line_recognizer"]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


def forkserver_context() -> BaseContext:
    # forkserver: workers must not inherit this process's threads (OCR engines, clients).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def prestart(workers: int | None) -> None:
    """Start the fork server now if the build will have worker processes; it is shared by
    every pool of this process, so calling this again is free. (Loading the OCR engine in
    a thread of this process instead gained nothing: its imports hold the GIL.)"""
    if (workers or default_workers()) > 1:
        forkserver_context()
        forkserver.ensure_running()


def prestart_build(out_dir: Path, workers: int | None, reuse: bool) -> None:
    """Start the server for a build into `out_dir` before importing it, unless an earlier
    pack there may make the build an unchanged rebuild, which renders nothing: `build`
    starts the server itself once it knows there is work."""
    if reuse and any(Path(out_dir).glob(f"*/{STAMP}")):
        return
    prestart(workers)
