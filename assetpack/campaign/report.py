"""What a campaign run did, as models: the CLI prints them, schedulers read the JSON."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from assetpack.campaign.models import FrozenModel


class JobOutcome(FrozenModel):
    """What building one job produced; returned by a ``build_job`` function."""

    passed: bool = Field(description="True when the pack was built, verified and delivered.")
    detail: str = Field(default="", description="One line on what went wrong, or empty.")
    pack: str | None = Field(
        default=None, description="Where the pack went (URL, directory or zip)."
    )


class SkippedRuns(FrozenModel):
    """Scheduled times of one job that were not built on their own."""

    job: str = Field(description="Job name.")
    times: tuple[datetime, ...] = Field(description="The skipped scheduled times (UTC).")
    reason: str = Field(description="Why they were skipped.")


class FailedJob(FrozenModel):
    """A due job whose build failed; it is retried on the next run."""

    job: str = Field(description="Job name.")
    scheduled: datetime = Field(description="The scheduled time that was being built (UTC).")
    reason: str = Field(description="One line on why it failed.")


class JobReport(FrozenModel):
    """Everything about one job in one run."""

    job: str = Field(description="Job name.")
    status: str = Field(
        description="built, failed, missed (too late, skipped), handled (nothing new) or not-due."
    )
    scheduled: datetime | None = Field(
        default=None, description="Scheduled time built or tried (UTC)."
    )
    last_handled: datetime | None = Field(
        default=None, description="Last handled time before the run."
    )
    next_run: datetime | None = Field(
        default=None, description="Next scheduled time after now (UTC)."
    )
    pack: str | None = Field(default=None, description="Where the pack went, when built.")
    detail: str = Field(default="", description="One line of explanation.")


class CampaignRunReport(FrozenModel):
    """The result of ``run_campaign``; its JSON is what ``assetpack campaign run`` prints."""

    built: tuple[str, ...] = Field(default=(), description="Jobs built and delivered in this run.")
    skipped: tuple[SkippedRuns, ...] = Field(default=(), description="Scheduled times not built.")
    failed: tuple[FailedJob, ...] = Field(default=(), description="Due jobs whose build failed.")
    locked: bool = Field(default=False, description="Another run held the lock; nothing was done.")
    campaign: str = Field(description="Campaign id.")
    now: datetime = Field(description="The moment the run acted for (UTC).")
    state: str = Field(description="Where the campaign state lives.")
    jobs: tuple[JobReport, ...] = Field(
        default=(), description="Per-job details, in campaign order."
    )
