"""The campaign file as typed, frozen models: a campaign is a list of scheduled brief builds.

Validation that needs the campaign file's location (relative brief paths, a relative delivery
directory) reads it from the pydantic validation context, key ``base_dir``; the loader passes
it. Built in Python without a context, paths are taken as given.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadDateError, croniter
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

# Ids end up in S3 keys, directory names and state keys, so keep them boring.
SLUG = r"^[a-z0-9][a-z0-9_-]{0,62}$"
CRON_MACROS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check_cron(expr: str) -> str:
    """Return ``expr`` if it is a five-field cron expression that matches at least once."""
    expr = " ".join(expr.split())
    # croniter also takes a sixth (seconds) field; Kubernetes, systemd users and GitHub Actions
    # think in five, so a sixth field is far more likely a mistake than a wish.
    if not (expr in CRON_MACROS or len(expr.split()) == 5):
        raise ValueError(
            f"{expr!r} is not a five-field cron expression "
            '(minute hour day-of-month month day-of-week, e.g. "0 6 * * MON")'
        )
    if not croniter.is_valid(expr):
        raise ValueError(f'{expr!r} is not a valid cron expression (e.g. "0 6 * * MON")')
    try:
        croniter(expr, datetime(2000, 1, 1)).get_next(datetime)
    except CroniterBadDateError:
        raise ValueError(f"{expr!r} never matches a real date (e.g. 30 February)") from None
    return expr


def check_timezone(name: str) -> str:
    """Return ``name`` if it is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)"
        ) from None
    return name


def _base_dir(info: ValidationInfo) -> Path | None:
    context = info.context or {}
    base = context.get("base_dir")
    return Path(base) if base is not None else None


class Window(FrozenModel):
    """The dates between which a job runs, inclusive, read as dates in the job's time zone."""

    start: date | None = Field(default=None, description="First local date a run may fall on.")
    end: date | None = Field(default=None, description="Last local date a run may fall on.")

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Overrides(FrozenModel):
    """What a job changes in its brief for this campaign run."""

    locales: tuple[str, ...] | None = Field(
        default=None, min_length=1, description="Build only these locales (BCP 47, e.g. de-DE)."
    )
    presets: tuple[str, ...] | None = Field(
        default=None,
        min_length=1,
        description="Build only these size presets (e.g. instagram_square).",
    )

    @field_validator("locales")
    @classmethod
    def _locales(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for locale in value or ():
            if not _LOCALE.match(locale):
                raise ValueError(f"{locale!r} is not a locale tag (e.g. en-US, ja, pt-BR)")
        return value


class Job(FrozenModel):
    """One brief built on a cron schedule in one time zone."""

    name: str = Field(pattern=SLUG, description="Job id, unique in the campaign (a-z, 0-9, -_).")
    brief: Path = Field(description="Brief YAML; a relative path is relative to the campaign.")
    schedule: str = Field(description="Five-field cron expression, read in `timezone`.")
    timezone: str = Field(description="IANA time zone the schedule is read in.")
    window: Window | None = Field(
        default=None, description="Dates outside which the job never runs."
    )
    overrides: Overrides | None = Field(
        default=None, description="Locales/presets to build instead."
    )

    @property
    def tz(self) -> ZoneInfo:
        """The job's time zone as an object."""
        return ZoneInfo(self.timezone)

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        return check_cron(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("brief")
    @classmethod
    def _brief(cls, value: Path, info: ValidationInfo) -> Path:
        base = _base_dir(info)
        if base is None:
            return value
        path = (base / value).resolve()
        if (info.context or {}).get("check_files", True) and not path.is_file():
            raise ValueError(f"brief file {str(value)!r} not found (looked at {path})")
        return path


class Campaign(FrozenModel):
    """A campaign file: an id, where packs go, and the scheduled jobs."""

    campaign: str = Field(pattern=SLUG, description="Campaign id; names state and S3 prefixes.")
    delivery: str | None = Field(
        default=None, description="Where packs go: s3://bucket/prefix or a directory."
    )
    # Emptiness is checked in the validator below: a min_length constraint would also fire,
    # confusingly, when every job merely has a mistake in it.
    jobs: tuple[Job, ...] = Field(description="The scheduled builds.")

    @field_validator("delivery")
    @classmethod
    def _delivery(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if value.startswith("s3://"):
            bucket = value[len("s3://") :].split("/", 1)[0]
            if not _BUCKET.match(bucket):
                raise ValueError(f"{bucket!r} is not an S3 bucket name (s3://my-bucket/prefix)")
            return value.rstrip("/")
        if "://" in value:
            raise ValueError(f"{value!r}: only s3:// URLs or directories are supported")
        base = _base_dir(info)
        return str((base / value).resolve()) if base is not None else value

    @field_validator("jobs")
    @classmethod
    def _unique(cls, jobs: tuple[Job, ...]) -> tuple[Job, ...]:
        if not jobs:
            raise ValueError("needs at least one job (name, brief, schedule, timezone)")
        seen: dict[str, int] = {}
        for index, job in enumerate(jobs):
            if job.name in seen:
                raise ValueError(
                    f"job name {job.name!r} is used by jobs[{seen[job.name]}] and jobs[{index}];"
                    " each job needs its own name"
                )
            seen[job.name] = index
        return jobs

    @property
    def s3_delivery(self) -> tuple[str, str] | None:
        """(bucket, prefix without slashes) when packs go to S3, else None."""
        if self.delivery is None or not self.delivery.startswith("s3://"):
            return None
        bucket, _, prefix = self.delivery[len("s3://") :].partition("/")
        return bucket, prefix.strip("/")

    def job(self, name: str) -> Job:
        """The job called ``name``."""
        for job in self.jobs:
            if job.name == name:
                return job
        raise KeyError(name)
