"""The local executor: same bytes in any number of threads; failures reported, not fatal."""

from __future__ import annotations

import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from assetpack.execute import AssetOutcome, run_local
from assetpack.pack import pack

from .conftest import Batch
from .helpers import digests, failure_message, with_product

BROKEN = 2  # a task that shows the product (with_product checks), not the first


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The tasks handed to worker threads, in order (the warm-up is not a task)."""
    handed: list[Any] = []
    submit = ThreadPoolExecutor.submit

    def counting(self: ThreadPoolExecutor, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if args:
            handed.append(args[0])
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(ThreadPoolExecutor, "submit", counting)
    return handed


def test_two_workers_make_the_same_bytes_as_one(
    batch: Batch, local_outcomes: list[AssetOutcome]
) -> None:
    pooled = list(run_local(batch.tasks, batch.arts, 2))
    assert digests(pooled) == digests(local_outcomes)
    assert [o.record for o in pooled] == [o.record for o in local_outcomes]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_that_raises_is_retried_then_reported_and_the_others_finish(
    batch: Batch, local_outcomes: list[AssetOutcome], tmp_path: Path, workers: int
) -> None:
    tasks = list(batch.tasks)
    tasks[BROKEN] = with_product(tasks[BROKEN], tmp_path / "gone.png")
    outcomes = list(run_local(tasks, batch.arts, workers))
    message = failure_message(outcomes[BROKEN])
    assert message.startswith("could not be made (tried 3 times): FileNotFoundError")
    assert outcomes[BROKEN].record.path == local_outcomes[BROKEN].record.path
    others = [o for i, o in enumerate(outcomes) if i != BROKEN]
    expected = [o for i, o in enumerate(local_outcomes) if i != BROKEN]
    assert digests(others) == digests(expected)


def test_no_more_than_the_window_is_in_flight(batch: Batch, submitted: list[Any]) -> None:
    most = handed = 0
    for _ in run_local(batch.tasks, batch.arts, 2, max_in_flight=3):
        most = max(most, len(submitted) - handed)  # submitted and not yet handed back
        handed += 1
    # ja-JP's marketplace image is filed here from en-US's drawing, not handed to a worker.
    assert handed == len(batch.tasks) and len(submitted) == handed - 1
    assert most == 3


def test_twins_that_follow_a_drawing_are_filed_here_and_take_no_room_in_the_window(
    batch: Batch, submitted: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A twin filed from the drawing before it costs microseconds: counted, three squares'
    followers filled the window and both workers waited for the next preset's layout; handed
    to a worker, one waited there for its lead's drawing with other drawings queued behind."""
    import threading

    from assetpack.execute import tasks as task_module

    drawn_in: list[str] = []
    draw = task_module._draw

    def recording(task: Any, arts: Any) -> Any:
        drawn_in.append(threading.current_thread().name)
        return draw(task, arts)

    monkeypatch.setattr(task_module, "_draw", recording)
    lead = batch.tasks[0].model_copy(update={"twin": (1, 3)})
    followers = [lead.model_copy(update={"twin": (n, 3)}) for n in (2, 3)]
    tasks = [lead, *followers, batch.tasks[1], batch.tasks[2]]
    outcomes = run_local(tasks, batch.arts, 2, max_in_flight=2)
    first = next(outcomes)
    assert submitted == [lead, batch.tasks[1]]  # the window of two holds drawings only
    rest = list(outcomes)
    assert [o.data for o in rest[:2]] == [first.data] * 2
    assert submitted == [lead, batch.tasks[1], batch.tasks[2]]
    assert len(drawn_in) == 3 and threading.current_thread().name not in drawn_in
    # A twin whose lead is not in this run (from the asset cache) is a worker's to draw.
    alone = list(run_local([followers[0]], batch.arts, 2))
    assert alone[0].data == first.data
    assert drawn_in[-1] != threading.current_thread().name


def test_which_tasks_follow_a_drawing_made_earlier_in_the_run(batch: Batch) -> None:
    from assetpack.execute.local import follows
    from assetpack.imagegen.text_result import ModelText

    lead = batch.tasks[0].model_copy(update={"twin": (1, 2)})
    twin = lead.model_copy(update={"twin": (2, 2)})
    drawn: set[tuple[object, ...]] = set()
    assert [follows(t, drawn) for t in (twin, lead, twin)] == [False, True, True]
    text = ModelText(text_source="typeset-fallback", attempts=1)
    assert not follows(twin.model_copy(update={"model_text": text}), drawn)  # its own pixels
    marketplace = [t for t in batch.tasks if t.preset.text == "none"]
    assert [follows(t, drawn) for t in marketplace] == [False, True]
    assert not any(follows(t, drawn) for t in batch.tasks if t.preset.text != "none")


def test_a_follower_that_cannot_be_filed_is_made_and_reported_like_any_task(
    batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assetpack.execute import local

    def broken(task: Any, arts: Any) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(local, "file_from_kept", broken)
    lead = batch.tasks[0].model_copy(update={"twin": (1, 2)})
    twin = lead.model_copy(update={"twin": (2, 2)})
    outcomes = list(run_local([lead, twin], batch.arts, 2))
    assert outcomes[1].data == outcomes[0].data and outcomes[1].record.passed


def test_a_text_free_image_in_a_later_locale_is_filed_here(
    batch: Batch, submitted: list[Any]
) -> None:
    text_free = [task for task in batch.tasks if task.preset.text == "none"]
    assert [task.plan.locale for task in text_free] == ["en-US", "ja-JP"]
    outcomes = list(run_local(text_free, batch.arts, 2))
    assert submitted == text_free[:1]
    assert outcomes[0].data == outcomes[1].data
    assert [o.record.locale for o in outcomes] == ["en-US", "ja-JP"]


def test_a_failed_outcome_still_packs_and_fails_the_gate(batch: Batch, tmp_path: Path) -> None:
    """What build() does with outcomes works for a failed one: a placeholder, a failed pack."""
    tasks = [with_product(batch.tasks[BROKEN], tmp_path / "gone.png"), batch.tasks[0]]
    root = tmp_path / "pack"
    records = []
    for outcome in run_local(tasks, batch.arts, 1, retries=0):
        target = root / outcome.record.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(outcome.data)
        records.append(outcome.record)
    with zipfile.ZipFile(pack(root, "t", "0" * 64, records)) as archive:
        assert archive.getinfo(records[0].path).file_size == records[0].bytes
    assert [r.passed for r in records] == [False, True]
    assert "tried once" in (root / "report.json").read_text()


def test_a_stream_of_tasks_is_pulled_as_there_is_room_and_art_may_come_late(
    batch: Batch, local_outcomes: list[AssetOutcome]
) -> None:
    """A build lays out preset after preset while the first assets render: the executor must
    not drain the stream before handing anything back, and art added to the dict while the
    stream runs reaches the workers."""
    arts: dict = {}
    pulled = 0

    def stream():
        nonlocal pulled
        for task in batch.tasks:
            if task.art_key is not None:
                arts.setdefault(task.art_key, batch.arts[task.art_key])  # made on the way
            pulled += 1
            yield task

    pulled_at_first = None
    outcomes = []
    for outcome in run_local(stream(), arts, 2, max_in_flight=2):
        if pulled_at_first is None:
            pulled_at_first = pulled
        outcomes.append(outcome)
    assert pulled_at_first is not None and pulled_at_first <= 3 < len(batch.tasks)
    assert digests(outcomes) == digests(local_outcomes)
