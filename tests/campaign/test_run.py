"""run_campaign with local state: what gets built, what is recorded, failures, the lock."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assetpack.campaign.loader import load_campaign
from assetpack.campaign.lock import LocalLock
from assetpack.campaign.run import build_with_assetpack, run_campaign
from assetpack.errors import InputError

from .campaign_runner import fake_build_module
from .conftest import NOW, TWO_JOBS, FakeBuild, write_campaign

MONDAY = datetime.fromisoformat(NOW)
TOKYO_RUN = datetime(2025, 3, 9, 21, tzinfo=UTC)  # Monday 06:00 in Tokyo
NY_FRIDAY = datetime(2025, 3, 7, 14, tzinfo=UTC)  # Friday 09:00 EST


def run(tmp_path: Path, build: FakeBuild, now: datetime = MONDAY, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("state_dir", tmp_path / "state")
    return run_campaign(
        tmp_path / "campaign.yaml", now, out_dir=tmp_path / "out", build_job=build, **kwargs
    )


def state_file(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((tmp_path / "state" / "spring-sale" / "state.json").read_text())


def test_two_job_campaign_builds_exactly_the_due_job_once(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    build = FakeBuild()
    report = run(tmp_path, build)
    assert report.built == ("weekly-tokyo",)
    assert report.locked is False
    assert report.failed == ()
    assert build.calls == [("weekly-tokyo", tmp_path / "out" / "weekly-tokyo" / "20250309T2100Z")]
    (skipped,) = report.skipped
    assert (skipped.job, skipped.times) == ("friday-ny", (NY_FRIDAY,))
    assert "more than 24 h late" in skipped.reason
    by_job = {job.job: job for job in report.jobs}
    assert by_job["weekly-tokyo"].status == "built"
    assert by_job["weekly-tokyo"].next_run == TOKYO_RUN + timedelta(days=7)
    assert by_job["friday-ny"].status == "missed"
    saved = state_file(tmp_path)["jobs"]
    assert saved["weekly-tokyo"]["last_handled"] == "2025-03-09T21:00:00Z"
    assert saved["weekly-tokyo"]["outcome"] == "built"
    assert saved["friday-ny"] == {
        "last_handled": "2025-03-07T14:00:00Z",
        "handled_at": "2025-03-09T21:30:00Z",
        "outcome": "skipped",
        "pack": None,
    }


def test_a_second_run_builds_nothing_and_next_week_builds_again(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    build = FakeBuild()
    run(tmp_path, build)
    again = run(tmp_path, build, MONDAY + timedelta(hours=3))
    assert again.built == () and again.skipped == ()
    assert {job.job: job.status for job in again.jobs} == {
        "weekly-tokyo": "handled",
        "friday-ny": "handled",
    }
    friday = run(tmp_path, build, datetime.fromisoformat("2025-03-14T09:05:00-04:00"))
    assert friday.built == ("friday-ny",)  # not "missed": its last run is on record
    monday = run(tmp_path, build, MONDAY + timedelta(days=7))
    assert monday.built == ("weekly-tokyo",)
    assert build.built == ["weekly-tokyo", "friday-ny", "weekly-tokyo"]


def test_not_due_before_its_window_and_missed_beyond_max_lateness(tmp_path: Path) -> None:
    later = "    timezone: Asia/Tokyo\n    window: {start: 2025-03-17}\n"
    write_campaign(tmp_path, TWO_JOBS.replace("    timezone: Asia/Tokyo\n", later))
    build = FakeBuild()
    report = run(tmp_path, build)
    assert report.built == ()
    assert build.calls == []
    assert {job.job: job.status for job in report.jobs} == {
        "weekly-tokyo": "not-due",
        "friday-ny": "missed",
    }
    assert "weekly-tokyo" not in state_file(tmp_path)["jobs"]
    first = run(tmp_path, build, MONDAY + timedelta(days=7))
    assert first.built == ("weekly-tokyo", "friday-ny")  # New York: Friday the 14th


def test_a_failing_job_is_reported_not_recorded_and_retried(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    build = FakeBuild(fail={"weekly-tokyo": "raise"})
    report = run(tmp_path, build)
    assert report.built == ()
    (failed,) = report.failed
    assert failed.job == "weekly-tokyo"
    assert failed.scheduled == TOKYO_RUN
    assert failed.reason == "RuntimeError: brief tokyo.yaml exploded"
    assert "weekly-tokyo" not in state_file(tmp_path)["jobs"]
    assert "friday-ny" in state_file(tmp_path)["jobs"]  # the other job went on
    build.fail.clear()
    retry = run(tmp_path, build, MONDAY + timedelta(hours=1))
    assert retry.built == ("weekly-tokyo",)
    assert build.built == ["weekly-tokyo", "weekly-tokyo"]


def test_a_pack_that_fails_verification_is_a_failure(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    report = run(tmp_path, FakeBuild(fail={"weekly-tokyo": "verify"}))
    assert [(f.job, f.reason) for f in report.failed] == [
        ("weekly-tokyo", "the build did not pass verification")
    ]


def test_a_held_lock_means_locked_and_nothing_built(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    holder = LocalLock(tmp_path / "state" / "spring-sale" / "lock")
    assert holder.acquire()
    build = FakeBuild()
    try:
        report = run(tmp_path, build)
    finally:
        holder.release()
    assert report.locked is True
    assert report.built == () and report.jobs == ()
    assert build.calls == []
    assert run(tmp_path, build).built == ("weekly-tokyo",)  # released: the next run builds


def test_state_defaults_to_the_delivery_directory(tmp_path: Path) -> None:
    write_campaign(tmp_path, delivery="delivered")
    report = run(tmp_path, FakeBuild(), state_dir=None)
    expected = tmp_path / "delivered" / "spring-sale" / "_state" / "state.json"
    assert report.state == str(expected.resolve())
    assert expected.is_file()


def test_no_place_for_state_is_an_input_error(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    with pytest.raises(InputError, match="--state-dir"):
        run(tmp_path, FakeBuild(), state_dir=None)


def test_now_without_offset_is_an_input_error(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    with pytest.raises(InputError, match="UTC offset"):
        run(tmp_path, FakeBuild(), datetime(2025, 3, 10))


def test_default_build_job_calls_the_project_build_with_overrides_and_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "assetpack.build", fake_build_module(tmp_path))
    campaign = load_campaign(write_campaign(tmp_path, delivery="s3://packs-bucket/marketing"))
    outcome = build_with_assetpack(campaign.jobs[0], campaign, tmp_path / "out")
    assert outcome.passed is True
    assert outcome.pack == "s3://packs-bucket/marketing/spring-sale/weekly-tokyo"
    (call,) = [json.loads(line) for line in (tmp_path / "builds.jsonl").read_text().splitlines()]
    assert call["brief"] == str(tmp_path.resolve() / "briefs" / "tokyo.yaml")
    assert call["locales"] == ["ja-JP"] and call["presets"] is None
    assert call["upload"] == "s3://packs-bucket/marketing/spring-sale/weekly-tokyo"
