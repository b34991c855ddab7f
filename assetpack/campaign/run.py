"""Run a campaign once: take the lock, build the jobs that are due, record what was handled.

Meant to be started often (hourly by cron, a Kubernetes CronJob, a systemd timer or a CI
schedule); the schedule in campaign.yaml, not the trigger, decides what gets built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assetpack.campaign.loader import load_campaign
from assetpack.campaign.lock import LocalLock, Lock, S3Lease
from assetpack.campaign.models import Campaign, Job, Overrides
from assetpack.campaign.report import (
    CampaignRunReport,
    FailedJob,
    JobOutcome,
    JobReport,
    SkippedRuns,
)
from assetpack.campaign.schedule import Decision, decide, runs_after
from assetpack.campaign.state import (
    CampaignState,
    JobState,
    LocalState,
    S3State,
    StateStore,
    state_prefix,
)
from assetpack.errors import InputError

BuildJob = Callable[[Job, Campaign, Path], JobOutcome]


@dataclass(frozen=True)
class _Handled:
    decision: Decision
    report: JobReport
    entry: JobState | None  # what to record; None leaves the job's state as it was


def run_campaign(
    campaign_path: Path,
    now: datetime,
    *,
    state_dir: Path | None,
    out_dir: Path,
    build_job: BuildJob | None = None,
    s3_client: Any = None,
    max_lateness: timedelta = timedelta(hours=24),
    lease: timedelta = timedelta(hours=1),
) -> CampaignRunReport:
    """Build and deliver every job of the campaign that is due at ``now``, once.

    State (and the lock) live in ``state_dir`` when given, else next to the packs
    (``delivery``). A run that finds the lock taken returns ``locked=True`` having done
    nothing. ``lease`` is how long an S3 lock holds without renewal; it is renewed before each
    build, so it must outlast the longest single build.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError(f"now ({now.isoformat()}) needs a UTC offset, e.g. 2025-03-10T06:00Z")
    now = now.astimezone(UTC)
    campaign = load_campaign(campaign_path)
    store, lock = open_state(campaign, state_dir, s3_client=s3_client, lease=lease)
    if not lock.acquire():
        return CampaignRunReport(
            campaign=campaign.campaign, now=now, state=store.location, locked=True
        )
    try:
        handled = _run_jobs(
            campaign, now, store, lock, out_dir, build_job or build_with_assetpack, max_lateness
        )
    finally:
        lock.release()
    return _report(campaign, now, store, handled)


def open_state(
    campaign: Campaign, state_dir: Path | None, *, s3_client: Any = None, lease: timedelta
) -> tuple[StateStore, Lock]:
    """Where the campaign's state and lock live: ``state_dir``, else next to the packs."""
    if state_dir is not None:
        return _local(state_dir / campaign.campaign, campaign)
    s3 = campaign.s3_delivery
    if s3 is not None:
        bucket, prefix = s3
        client = s3_client if s3_client is not None else _default_s3_client()
        keys = state_prefix(prefix, campaign.campaign)
        store = S3State(client, bucket, f"{keys}/state.json", campaign.campaign)
        return store, S3Lease(client, bucket, f"{keys}/lock.json", duration=lease)
    if campaign.delivery is not None:
        return _local(Path(campaign.delivery) / campaign.campaign / "_state", campaign)
    raise InputError(
        f"campaign {campaign.campaign!r} has nowhere to keep its state: pass --state-dir DIR,"
        " or set delivery: s3://bucket/prefix (or a directory) in the campaign file"
    )


def _local(directory: Path, campaign: Campaign) -> tuple[StateStore, Lock]:
    return LocalState(directory / "state.json", campaign.campaign), LocalLock(directory / "lock")


def _default_s3_client() -> Any:
    import boto3  # only when S3 is really used: boto3 is slow to import

    return boto3.client("s3")


def _run_jobs(
    campaign: Campaign,
    now: datetime,
    store: StateStore,
    lock: Lock,
    out_dir: Path,
    build_job: BuildJob,
    max_lateness: timedelta,
) -> list[_Handled]:
    state: CampaignState = store.load()
    handled: list[_Handled] = []
    for job in campaign.jobs:
        last = state.last_handled(job.name)
        decision = decide(job, last, now, max_lateness)
        if decision.status == "due":
            lock.renew()  # a fresh lease for the build; raises if another run took over
        result = _handle(job, campaign, decision, last, now, out_dir, build_job)
        if result.entry is not None:
            lock.renew()  # never write state under a lease that is no longer ours
            state = state.with_job(job.name, result.entry)
            store.save(state)  # after each job, so a crash later keeps what was done
        handled.append(result)
    return handled


def _handle(
    job: Job,
    campaign: Campaign,
    decision: Decision,
    last: datetime | None,
    now: datetime,
    out_dir: Path,
    build_job: BuildJob,
) -> _Handled:
    report = JobReport(
        job=job.name,
        status=decision.status,
        scheduled=decision.due_at,
        last_handled=last,
        next_run=next(runs_after(job, now), None),
        detail=decision.skipped_reason,
    )
    if decision.status == "missed" and decision.record is not None:
        entry = JobState(last_handled=decision.record, handled_at=now, outcome="skipped")
        return _Handled(decision, report, entry)
    if decision.status != "due" or decision.due_at is None:
        return _Handled(decision, report, None)
    job_out = out_dir / job.name / decision.due_at.strftime("%Y%m%dT%H%MZ")
    outcome = _build(build_job, job, campaign, job_out)
    if not outcome.passed:
        failed = report.model_copy(update={"status": "failed", "detail": outcome.detail})
        return _Handled(decision, failed, None)
    built = report.model_copy(update={"status": "built", "pack": outcome.pack})
    entry = JobState(
        last_handled=decision.due_at, handled_at=now, outcome="built", pack=outcome.pack
    )
    return _Handled(decision, built, entry)


def _build(build_job: BuildJob, job: Job, campaign: Campaign, out_dir: Path) -> JobOutcome:
    try:
        outcome = build_job(job, campaign, out_dir)
    except Exception as exc:  # one broken brief must not stop the other jobs
        return JobOutcome(passed=False, detail=one_line(exc))
    if not outcome.passed and not outcome.detail:
        return outcome.model_copy(update={"detail": "the build did not pass verification"})
    return outcome


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message``, for reports that must stay one line per job."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _report(
    campaign: Campaign, now: datetime, store: StateStore, handled: list[_Handled]
) -> CampaignRunReport:
    reports = [h.report for h in handled]
    skipped = [
        SkippedRuns(job=h.report.job, times=h.decision.skipped, reason=h.decision.skipped_reason)
        for h in handled
        if h.decision.skipped
    ]
    failed = [
        FailedJob(job=r.job, scheduled=r.scheduled, reason=r.detail)
        for r in reports
        if r.status == "failed" and r.scheduled is not None
    ]
    return CampaignRunReport(
        campaign=campaign.campaign,
        now=now,
        state=store.location,
        built=tuple(r.job for r in reports if r.status == "built"),
        skipped=tuple(skipped),
        failed=tuple(failed),
        jobs=tuple(reports),
    )


def pack_target(campaign: Campaign, job: Job) -> str | None:
    """Where a job's packs are delivered: ``<delivery>/<campaign>/<job>``, or None."""
    if campaign.delivery is None:
        return None
    if campaign.s3_delivery is not None:
        return f"{campaign.delivery}/{campaign.campaign}/{job.name}"
    return str(Path(campaign.delivery) / campaign.campaign / job.name)


def build_with_assetpack(job: Job, campaign: Campaign, out_dir: Path) -> JobOutcome:
    """The default ``build_job``: run the project's build with the job's overrides."""
    # Imported here so scheduling works (and is testable) without loading every stage.
    from assetpack.build import BuildOptions, build

    overrides = job.overrides or Overrides()
    target = pack_target(campaign, job)
    options = BuildOptions(locales=overrides.locales, presets=overrides.presets, upload=target)
    result = build(job.brief, out_dir, options)
    if not result.passed:
        return JobOutcome(passed=False, detail=f"verification failed; see {result.out_dir}")
    return JobOutcome(passed=True, pack=target or str(result.zip_path))
