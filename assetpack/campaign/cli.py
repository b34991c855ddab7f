"""``assetpack campaign run|next``: thin click commands over run_campaign and next_runs.

Attach with ``main.add_command(campaign)``. Errors (InputError, ConfigError, DeliveryError)
propagate to the main CLI, which turns them into messages and exit codes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from assetpack.campaign.loader import load_campaign
from assetpack.campaign.report import CampaignRunReport
from assetpack.campaign.run import run_campaign
from assetpack.campaign.schedule import next_runs
from assetpack.errors import InputError

CAMPAIGN_FILE = click.Path(path_type=Path, dir_okay=False)


def parse_now(text: str | None) -> datetime:
    """``--now`` as an aware datetime; a value without an offset is read as UTC."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--now {text!r} is not an ISO-8601 time (e.g. 2025-03-10T06:00:00+09:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.group("campaign")
def campaign() -> None:
    """Build the briefs of a campaign.yaml on their schedules."""


@campaign.command("run")
@click.argument("campaign_file", type=CAMPAIGN_FILE)
@click.option(
    "--now",
    "now_text",
    metavar="ISO-8601",
    help="Act as if it were this moment (no offset means UTC). Default: the current time.",
)
@click.option(
    "--state-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep state and lock here. Default: next to the packs (delivery).",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("campaign-out"),
    show_default=True,
    help="Directory packs are built in before delivery.",
)
@click.option(
    "--max-lateness",
    "max_lateness_h",
    type=click.FloatRange(min=0),
    default=24.0,
    show_default=True,
    metavar="HOURS",
    help="With no recorded run, build a job only if its latest time is this recent.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_context
def run_command(
    ctx: click.Context,
    campaign_file: Path,
    now_text: str | None,
    state_dir: Path | None,
    out_dir: Path,
    max_lateness_h: float,
    as_json: bool,
) -> None:
    """Build and deliver the jobs that are due; exit 1 if any of them failed.

    A run that finds another run holding the campaign lock does nothing, reports
    "locked": true and exits 0.
    """
    report = run_campaign(
        campaign_file,
        parse_now(now_text),
        state_dir=state_dir,
        out_dir=out_dir,
        max_lateness=timedelta(hours=max_lateness_h),
    )
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(format_report(report))
    if report.failed:
        ctx.exit(1)


@campaign.command("next")
@click.argument("campaign_file", type=CAMPAIGN_FILE)
@click.option(
    "--count",
    type=click.IntRange(min=1, max=1000),
    default=5,
    show_default=True,
    help="Upcoming runs to list per job.",
)
@click.option(
    "--now",
    "now_text",
    metavar="ISO-8601",
    help="List runs after this moment (no offset means UTC). Default: the current time.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
def next_command(campaign_file: Path, count: int, now_text: str | None, as_json: bool) -> None:
    """List each job's upcoming runs, in the job's own time zone."""
    runs = next_runs(load_campaign(campaign_file), parse_now(now_text), count)
    if as_json:
        rows = [
            {
                "job": job,
                "local": at.isoformat(),
                "timezone": str(at.tzinfo),
                "utc": at.astimezone(UTC).isoformat(),
            }
            for job, at in runs
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(format_runs(runs))


def format_runs(runs: list[tuple[str, datetime]]) -> str:
    """Upcoming runs as a table: job, local time with zone, UTC."""
    rows = [
        (
            job,
            f"{at:%a %Y-%m-%d %H:%M} {at.tzname()} ({at.tzinfo})",
            f"{at.astimezone(UTC):%Y-%m-%d %H:%M}",
        )
        for job, at in runs
    ]
    job_w = max([len("JOB"), *(len(row[0]) for row in rows)])
    local_w = max([len("LOCAL TIME"), *(len(row[1]) for row in rows)])
    lines = [f"{'JOB':<{job_w}}  {'LOCAL TIME':<{local_w}}  UTC"]
    lines += [f"{job:<{job_w}}  {local:<{local_w}}  {utc}" for job, local, utc in rows]
    return "\n".join(lines)


def format_report(report: CampaignRunReport) -> str:
    """The run report as a short table for people."""
    head = f"campaign {report.campaign} at {report.now:%Y-%m-%d %H:%M} UTC (state: {report.state})"
    if report.locked:
        return f"{head}\nanother run holds the campaign lock; this run did nothing."
    width = max((len(j.job) for j in report.jobs), default=3)
    lines = [head, f"{'JOB':<{width}}  {'STATUS':<8}  {'SCHEDULED (UTC)':<16}  DETAIL"]
    for job in report.jobs:
        when = f"{job.scheduled:%Y-%m-%d %H:%M}" if job.scheduled else "-"
        detail = job.pack or job.detail
        lines.append(f"{job.job:<{width}}  {job.status:<8}  {when:<16}  {detail}")
    for skipped in report.skipped:
        times = ", ".join(f"{t:%Y-%m-%d %H:%M}" for t in skipped.times)
        lines.append(f"skipped {skipped.job}: {times} ({skipped.reason})")
    return "\n".join(lines)
