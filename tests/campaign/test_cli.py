"""``assetpack campaign run|next`` through click's runner, with a stand-in project build."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetpack.campaign.cli import campaign
from assetpack.errors import ConfigError, InputError

from .campaign_runner import fake_build_module
from .conftest import NOW, TWO_JOBS, write_campaign


@pytest.fixture(autouse=True)
def stand_in_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "assetpack.build", fake_build_module(tmp_path))


def invoke(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(campaign, [str(a) for a in args])


def run_args(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "run",
        str(tmp_path / "campaign.yaml"),
        "--now",
        NOW,
        "--state-dir",
        str(tmp_path / "state"),
        "-o",
        str(tmp_path / "out"),
        *extra,
    ]


def test_run_prints_the_json_report(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    result = invoke(*run_args(tmp_path, "--json"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report)[:4] == ["built", "skipped", "failed", "locked"]
    assert report["built"] == ["weekly-tokyo"]
    assert report["failed"] == [] and report["locked"] is False
    assert report["skipped"] == [
        {
            "job": "friday-ny",
            "times": ["2025-03-07T14:00:00Z"],
            "reason": "more than 24 h late and no earlier run recorded",
        }
    ]
    builds = (tmp_path / "builds.jsonl").read_text().splitlines()
    assert [json.loads(b)["locales"] for b in builds] == [["ja-JP"]]


def test_run_prints_a_table_by_default(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    result = invoke(*run_args(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("campaign spring-sale at 2025-03-09 21:30 UTC")
    assert lines[2].split()[:4] == ["weekly-tokyo", "built", "2025-03-09", "21:00"]
    assert lines[3].split()[:2] == ["friday-ny", "missed"]
    assert lines[4].startswith("skipped friday-ny: 2025-03-07 14:00")


def test_run_exits_1_when_a_job_failed(tmp_path: Path) -> None:
    write_campaign(tmp_path, TWO_JOBS.replace("briefs/tokyo.yaml", "briefs/broken.yaml"))
    result = invoke(*run_args(tmp_path, "--json"))
    assert result.exit_code == 1
    (failed,) = json.loads(result.output)["failed"]
    assert failed["job"] == "weekly-tokyo"
    assert failed["reason"].startswith("verification failed; see ")


def test_max_lateness_option(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    result = invoke(*run_args(tmp_path, "--json", "--max-lateness", "72"))
    assert json.loads(result.output)["built"] == ["weekly-tokyo", "friday-ny"]


def test_bad_input_propagates_as_input_errors(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    bad_now = invoke("run", tmp_path / "campaign.yaml", "--now", "next tuesday")
    assert isinstance(bad_now.exception, InputError) and bad_now.exception.exit_code == 2
    (tmp_path / "campaign.yaml").write_text("campaign: x\n")
    bad_file = invoke(*run_args(tmp_path))
    assert isinstance(bad_file.exception, ConfigError)


def test_now_without_offset_means_utc(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    result = invoke(
        "next", tmp_path / "campaign.yaml", "--now", "2025-03-09T21:00:00", "--count", "1", "--json"
    )
    assert [run["utc"] for run in json.loads(result.output)] == [
        "2025-03-14T13:00:00+00:00",  # 09:00 in New York, on daylight time since the 9th
        "2025-03-16T21:00:00+00:00",  # the Tokyo run at exactly 21:00 UTC is not "after" now
    ]


def test_next_lists_runs_in_each_jobs_time_zone(tmp_path: Path) -> None:
    write_campaign(tmp_path)
    result = invoke(
        "next", tmp_path / "campaign.yaml", "--now", "2025-03-01T00:00:00Z", "--count", "2"
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "JOB           LOCAL TIME                                   UTC",
        "weekly-tokyo  Mon 2025-03-03 06:00 JST (Asia/Tokyo)        2025-03-02 21:00",
        "friday-ny     Fri 2025-03-07 09:00 EST (America/New_York)  2025-03-07 14:00",
        "weekly-tokyo  Mon 2025-03-10 06:00 JST (Asia/Tokyo)        2025-03-09 21:00",
        "friday-ny     Fri 2025-03-14 09:00 EDT (America/New_York)  2025-03-14 13:00",
    ]


def test_every_option_has_help() -> None:
    for name, command in campaign.commands.items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"  # type: ignore[attr-defined]
