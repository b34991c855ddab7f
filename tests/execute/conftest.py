"""Real tasks from the example brief; a real Dask scheduler and two workers on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assetpack.art import Art, make_art
from assetpack.build_tasks import art_inputs, canvas_twins, lay_out_all
from assetpack.config import load_project
from assetpack.copy import write_copy
from assetpack.execute import AssetOutcome, AssetTask, run_local
from assetpack.fonts import resolve_fonts
from assetpack.layout import Typesetter

REPO = Path(__file__).resolve().parents[2]
BRIEF = REPO / "examples" / "spring-launch" / "brief.yaml"
LOCALES = ["en-US", "ja-JP"]
# Square art, story art, and the white marketplace image; small to large canvases.
PRESETS = ["instagram/feed-square", "google-display/300x250", "amazon/main", "instagram/story"]
STARTUP_S = 180.0  # a loaded 2-core machine can take a while to import distributed twice


@dataclass(frozen=True)
class Batch:
    tasks: list[AssetTask]
    arts: dict[str, Art]


def make_batch(locales: list[str], presets: list[str], *, ocr: bool) -> Batch:
    """The tasks build() would make for these locales and presets (same steps, same order)."""
    project = load_project(BRIEF, locales=locales, presets=presets)
    fonts = resolve_fonts(project.kit, project.locales)
    plans = lay_out_all(project, write_copy(project), Typesetter(fonts))
    arts = make_art(project, *art_inputs(project.presets, plans))
    twins = canvas_twins(project)
    tasks = [
        AssetTask(
            plan=plan,
            preset=preset,
            kit=project.kit,
            art_key=preset.aspect_class if preset.aspect_class in arts else None,
            ocr=ocr,
            twin=twins.get(preset.id),
        )
        for preset in project.presets
        for plan in plans[preset.id].values()
    ]
    return Batch(tasks, arts)


@pytest.fixture(scope="session")
def batch() -> Batch:
    return make_batch(LOCALES, PRESETS, ocr=False)


@pytest.fixture(scope="session")
def local_outcomes(batch: Batch) -> list[AssetOutcome]:
    """The reference: every task made in this process, one after another."""
    return list(run_local(batch.tasks, batch.arts, 1))


@dataclass
class Cluster:
    address: str
    root: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def logs(self) -> str:
        """The last lines each process logged, for a failing assertion's message."""
        parts = []
        for log in sorted(self.root.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()[-15:]
            parts.append(f"--- {log.name}\n" + "\n".join(lines))
        return "\n".join(parts)


def _start(root: Path, name: str, args: list[str]) -> subprocess.Popen[bytes]:
    log = (root / f"{name}.log").open("wb")
    # Own session: teardown signals this process group and nothing else.
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _scheduler_address(scheduler_file: Path, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {process.returncode}")
        if scheduler_file.exists():
            try:
                return str(json.loads(scheduler_file.read_text())["address"])
            except (json.JSONDecodeError, KeyError):
                pass  # half written
        time.sleep(0.2)
    raise RuntimeError("dask scheduler did not write its scheduler file")


def _wait_for_workers(cluster: Cluster, count: int) -> None:
    from distributed import Client

    with Client(cluster.address, timeout=STARTUP_S, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=STARTUP_S)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """`dask scheduler` and two `dask worker` processes (1 process, 1 thread each)."""
    pytest.importorskip("distributed", reason="needs the dask extra: pip install -e '.[dask]'")
    root = tmp_path_factory.mktemp("dask")
    scheduler_file = root / "scheduler.json"
    scheduler = _start(
        root,
        "scheduler",
        ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
        + ["--scheduler-file", str(scheduler_file), "--idle-timeout", "1800"],
    )
    cluster = Cluster(address="", root=root, processes=[scheduler])
    try:
        cluster.address = _scheduler_address(scheduler_file, scheduler)
        for n in (1, 2):
            worker_args = ["worker", "--scheduler-file", str(scheduler_file), "--name", f"w{n}"]
            worker_args += ["--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1"]
            worker_args += ["--no-dashboard", "--local-directory", str(root / f"w{n}")]
            worker_args += ["--death-timeout", "120"]
            cluster.processes.insert(0, _start(root, f"worker{n}", worker_args))
        _wait_for_workers(cluster, 2)
    except Exception:
        _stop(cluster.processes)
        print(cluster.logs(), file=sys.stderr)
        raise
    yield cluster
    _stop(cluster.processes)
