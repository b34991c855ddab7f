"""What workers must share with this machine, and the executors' public surface."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import assetpack.execute as stage
from assetpack.errors import InputError
from assetpack.execute import AssetOutcome, run_dask, run_tasks
from assetpack.execute.environment import (
    MISSING,
    describe_differences,
    differences,
    environment_report,
    file_digests,
    task_files,
)

from .conftest import Batch


def test_task_files_are_the_fonts_logo_and_product(batch: Batch) -> None:
    files = task_files(batch.tasks)
    assert files == sorted(set(files))
    assert any(path.endswith("product.png") for path in files)
    assert any(path.lower().endswith((".ttf", ".otf", ".ttc")) for path in files)
    assert all(Path(path).is_absolute() for path in files)


def test_file_digests_notice_a_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"one")
    before = file_digests([str(path), str(tmp_path / "gone.png")])
    path.write_bytes(b"two!")  # another size, so the cached digest is not reused
    after = file_digests([str(path)])
    assert before[str(tmp_path / "gone.png")] == MISSING
    assert before[str(path)] != after[str(path)]


def test_differences_name_the_worker_the_library_and_the_file() -> None:
    here = {"libraries": {"raqm": "0.10", "zlib": "1.3"}, "files": {"/a.ttf": "x", "/b.png": "y"}}
    same = {"libraries": dict(here["libraries"]), "files": dict(here["files"])}
    other = {"libraries": {"raqm": "0.9", "zlib": "1.3"}, "files": {"/a.ttf": "z"}}
    lines = differences(here, {"tcp://w1": same, "tcp://w2": other})
    assert lines == [
        "tcp://w2: raqm is 0.9 there, 0.10 here",
        "tcp://w2: /a.ttf: different content there",
        "tcp://w2: /b.png: missing there",
    ]


def test_a_long_list_of_differences_is_cut_short() -> None:
    text = describe_differences([f"w: f{i}" for i in range(20)])
    assert text.splitlines()[-1] == "  and 12 more"


def test_this_machine_reports_its_libraries(batch: Batch) -> None:
    report = environment_report(task_files(batch.tasks[:1]))
    assert report["libraries"]["pillow"] != MISSING
    assert len(report["libraries"]["assetpack code"]) == 16
    assert MISSING not in report["files"].values()


def test_without_the_extra_the_error_says_what_to_install(
    batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(InputError, match=r"pip install 'assetpack\[dask\]'"):
        list(run_dask(batch.tasks, batch.arts, "tcp://127.0.0.1:8786"))


def test_all_is_complete_and_importable() -> None:
    public = {n for n in dir(stage) if not n.startswith("_")}
    submodules = {"cache", "dask_cluster", "environment", "local", "memory", "run", "tasks"}
    assert set(stage.__all__) == public - submodules
    assert all(getattr(stage, name) is not None for name in stage.__all__)


def test_workers_and_a_cluster_are_one_choice(batch: Batch) -> None:
    with pytest.raises(InputError, match="use one of them"):
        list(run_tasks(batch.tasks, batch.arts, workers=2, dask="tcp://127.0.0.1:8786"))


def test_without_a_cluster_tasks_run_locally(
    batch: Batch, local_outcomes: list[AssetOutcome]
) -> None:
    outcomes = list(run_tasks(batch.tasks[:2], batch.arts, workers=1))
    assert [o.record for o in outcomes] == [o.record for o in local_outcomes[:2]]
