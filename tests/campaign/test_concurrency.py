"""Runs started together build once: real processes running the real CLI on shared state.

Overlap is made certain, not hoped for: the stand-in build of whichever run wins the lock waits
until another run has finished (see campaign_runner.py), so the other run necessarily finds the
lock taken. Nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .campaign_runner import wait_for
from .conftest import NOW, S3_CREDENTIALS, write_campaign

RUNNER = Path(__file__).with_name("campaign_runner.py")
LIMIT_S = 120


def start(
    signals: Path, campaign: Path, *args: str, hold: bool = False, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        str(RUNNER),
        str(signals),
        "run",
        str(campaign),
        "--now",
        NOW,
        "--json",
        *args,
    ]
    environment = {**os.environ, **(env or {}), "RUNNER_HOLD": "1" if hold else "0"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
    )


def finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=LIMIT_S)
    assert process.returncode == 0, err
    return dict(json.loads(out))


def builds(signals: Path) -> list[dict[str, Any]]:
    log = signals / "builds.jsonl"
    lines = log.read_text().splitlines() if log.exists() else []
    return [json.loads(line) for line in lines]


def test_two_processes_started_together_build_the_due_job_once(tmp_path: Path) -> None:
    campaign = write_campaign(tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    shared = ("--state-dir", str(tmp_path / "state"), "-o", str(tmp_path / "out"))
    runs = [start(signals, campaign, *shared, hold=True) for _ in range(2)]
    reports = [finish(run) for run in runs]
    assert sorted(r["locked"] for r in reports) == [False, True]
    winner = next(r for r in reports if not r["locked"])
    loser = next(r for r in reports if r["locked"])
    assert winner["built"] == ["weekly-tokyo"]
    assert loser["built"] == [] and loser["jobs"] == []
    (build,) = builds(signals)
    assert build["brief"].endswith("briefs/tokyo.yaml")
    assert build["locales"] == ["ja-JP"]


def test_a_crowd_of_runs_builds_once_whatever_the_timing(tmp_path: Path) -> None:
    campaign = write_campaign(tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    shared = ("--state-dir", str(tmp_path / "state"), "-o", str(tmp_path / "out"))
    reports = [finish(run) for run in [start(signals, campaign, *shared) for _ in range(4)]]
    # Each run either held the lock or found it taken; whoever came after the builder finished
    # found the job already handled. In every interleaving there is exactly one build.
    assert sum(len(r["built"]) for r in reports) == 1
    assert len(builds(signals)) == 1


def test_overlapping_processes_on_s3_state_build_once(
    tmp_path: Path, s3_endpoint: str, s3: Any, bucket: str
) -> None:
    campaign = write_campaign(tmp_path, delivery=f"s3://{bucket}/marketing")
    signals = tmp_path / "signals"
    signals.mkdir()
    # The CLI makes its own boto3 client; AWS_ENDPOINT_URL points it at the loopback server.
    env = {**S3_CREDENTIALS, "AWS_ENDPOINT_URL": s3_endpoint}
    first = start(signals, campaign, "-o", str(tmp_path / "out1"), hold=True, env=env)
    started = wait_for(lambda: any(signals.glob("building-*")), LIMIT_S)
    assert started, first.communicate(timeout=LIMIT_S)
    second = finish(start(signals, campaign, "-o", str(tmp_path / "out2"), env=env))
    assert second["locked"] is True and second["built"] == []
    first_report = finish(first)
    assert first_report["built"] == ["weekly-tokyo"]
    assert first_report["state"] == f"s3://{bucket}/marketing/spring-sale/_state/state.json"
    (build,) = builds(signals)
    assert build["upload"] == f"s3://{bucket}/marketing/spring-sale/weekly-tokyo"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == ["marketing/spring-sale/_state/state.json"]  # lock released
