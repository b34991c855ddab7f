"""deploy/: the CronJob, systemd units and CI workflow parse, validate, and would work.

"Would work" means: each runs a real ``assetpack campaign run`` command line (parsed by the
real click command), and each trigger fires at every scheduled time of the example campaign,
so no job waits for a later trigger. The triggers fire hourly; the campaign decides.
"""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from croniter import croniter

from assetpack.campaign.cli import campaign as campaign_cli
from assetpack.campaign.loader import load_campaign
from assetpack.campaign.models import Campaign, Job, check_cron, check_timezone
from assetpack.campaign.schedule import runs_after

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXAMPLE = DEPLOY / "campaign.example.yaml"
SERVICE = DEPLOY / "systemd" / "assetpack-campaign.service"
TIMER = DEPLOY / "systemd" / "assetpack-campaign.timer"
CRONJOB = DEPLOY / "kubernetes" / "cronjob.yaml"
WORKFLOW = DEPLOY / "github-actions" / "assetpack-campaign.yml"
# A year that spans both daylight-saving changes in every zone that has them.
SPAN = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def example() -> Campaign:
    return load_campaign(EXAMPLE, check_briefs=False)  # briefs ship with the real deployment


def scheduled_times(job: Job) -> list[datetime]:
    times = []
    for instant in runs_after(job, SPAN[0]):
        if instant >= SPAN[1]:
            break
        times.append(instant)
    return times


def unserved(fires: Any, camp: Campaign) -> list[str]:
    """Scheduled times of ``camp`` at which ``fires(instant)`` says no trigger starts a run."""
    return [
        f"{job.name} {instant.astimezone(job.tz).isoformat()}"
        for job in camp.jobs
        for instant in scheduled_times(job)
        if not fires(instant)
    ]


def cron_fires(expr: str, timezone: str) -> Any:
    tz = ZoneInfo(check_timezone(timezone))
    check_cron(expr)
    return lambda instant: croniter.match(expr, instant.astimezone(tz).replace(tzinfo=None))


def assert_campaign_run(argv: list[str]) -> dict[str, Any]:
    """argv must be ``.../assetpack campaign run ...`` that the real command accepts."""
    assert Path(argv[0]).name == "assetpack", argv
    assert argv[1] == "campaign" and argv[2] in campaign_cli.commands, argv
    assert argv[2] == "run"
    context = campaign_cli.commands["run"].make_context("run", list(argv[3:]))
    return dict(context.params)


def test_example_campaign_is_valid_and_served_by_an_hourly_utc_trigger() -> None:
    camp = example()
    assert len(camp.jobs) >= 2
    assert camp.s3_delivery is not None  # CI runners and pods keep nothing: state goes to S3
    assert unserved(cron_fires("0 * * * *", "UTC"), camp) == []


def test_the_coverage_check_has_teeth() -> None:
    kolkata = Job(name="k", brief=Path("b.yaml"), schedule="0 9 * * *", timezone="Asia/Kolkata")
    half_hour_zone = Campaign(campaign="c", jobs=(kolkata,))
    missed = unserved(cron_fires("0 * * * *", "UTC"), half_hour_zone)
    assert missed and missed[0] == "k 2025-01-01T09:00:00+05:30"  # 03:30 UTC


def test_kubernetes_cronjob() -> None:
    manifest = yaml.safe_load(CRONJOB.read_text())
    assert manifest["apiVersion"] == "batch/v1"
    assert manifest["kind"] == "CronJob"
    assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", manifest["metadata"]["name"])
    spec = manifest["spec"]
    assert spec["concurrencyPolicy"] == "Forbid"
    pod = spec["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["restartPolicy"] in {"Never", "OnFailure"}  # required for Jobs
    (container,) = pod["containers"]
    assert container["name"] and container["image"]
    params = assert_campaign_run([*container["command"], *container["args"]])
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert mounts[str(params["campaign_file"].parent)] in {v["name"] for v in pod["volumes"]}
    fires = cron_fires(spec["schedule"], spec.get("timeZone", "UTC"))
    assert unserved(fires, example()) == []


def test_github_actions_workflow() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons
    assert "workflow_dispatch" in triggers
    # GitHub reads schedules in UTC; any of the listed crons may serve a scheduled time.
    served = [cron_fires(expr, "UTC") for expr in crons]
    assert unserved(lambda instant: any(f(instant) for f in served), example()) == []
    (job,) = workflow["jobs"].values()
    commands = [
        shlex.split(step["run"])
        for step in job["steps"]
        if "assetpack campaign" in step.get("run", "")
    ]
    assert len(commands) == 1
    params = assert_campaign_run(commands[0])
    assert params["state_dir"] is None  # the runner is thrown away: state must live in S3


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are CamelCase
    parser.read_string(path.read_text())
    return parser


def test_systemd_units_parse_and_reference_the_cli() -> None:
    service, timer = _unit(SERVICE), _unit(TIMER)
    assert service["Service"]["Type"] == "oneshot"
    params = assert_campaign_run(shlex.split(service["Service"]["ExecStart"]))
    state_root = Path("/var/lib") / service["Service"]["StateDirectory"]
    assert params["state_dir"].is_relative_to(state_root)  # systemd creates it, writable
    assert timer["Timer"]["Unit"] == SERVICE.name
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    # verify insists the ExecStart binary exists; point it at a stand-in with the same name.
    stand_in = tmp_path / "bin" / "assetpack"
    stand_in.parent.mkdir()
    stand_in.write_text("#!/bin/sh\nexit 0\n")
    stand_in.chmod(0o755)
    exec_start = _unit(SERVICE)["Service"]["ExecStart"]
    binary = shlex.split(exec_start)[0]
    (tmp_path / SERVICE.name).write_text(SERVICE.read_text().replace(binary, str(stand_in)))
    shutil.copy(TIMER, tmp_path / TIMER.name)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Unknown keys are only warnings (exit 0), so any output at all counts as a failure.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def _systemd_fires(on_calendar: str) -> Any:
    """When the timer fires, asked of systemd itself for the span; else a known-form parse."""
    if shutil.which("systemd-analyze") is None:
        match = re.fullmatch(r"\*-\*-\* \*:(\d\d):00 UTC", on_calendar)
        assert match, f"cannot check OnCalendar={on_calendar} without systemd-analyze"
        return cron_fires(f"{int(match.group(1))} * * * *", "UTC")
    hours = int((SPAN[1] - SPAN[0]).total_seconds() // 3600) + 1
    result = subprocess.run(
        [
            "systemd-analyze",
            "calendar",
            f"--iterations={hours}",
            f"--base-time={SPAN[0]:%Y-%m-%d %H:%M:%S} UTC",
            on_calendar,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
    )
    elapses = {
        datetime.strptime(found, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        for found in re.findall(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", result.stdout)
    }
    assert len(elapses) >= 24 * 365  # hourly, or the span check below proves little
    return lambda instant: instant.astimezone(UTC) in elapses


def test_systemd_timer_fires_at_every_scheduled_time() -> None:
    on_calendar = _unit(TIMER)["Timer"]["OnCalendar"]
    assert unserved(_systemd_fires(on_calendar), example()) == []
