"""When is a job due? Pure functions of (job, last handled time, now, max lateness).

A cron expression is read on the job's wall clock, the way cron on a machine in that time zone
reads it, and each wall-clock match is then placed on the UTC timeline:

- a wall time that does not exist (the hour skipped when clocks spring forward) runs at the
  moment the clocks jump, as Vixie cron does: "30 2 * * *" in New York on spring-forward day
  runs at 03:00 EDT, not never and not twice;
- a wall time that happens twice (the hour repeated when clocks fall back) runs once, at its
  first occurrence.

Both rules keep the mapping from wall time to instant monotonic, so scanning wall times forward
or backward visits instants in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter
from pydantic import Field

from assetpack.campaign.models import Campaign, FrozenModel, Job

# No time zone has moved its clocks back by more than this, so a wall-clock scan that starts
# this far beyond "now" cannot miss a match inside a repeated hour.
SLACK = timedelta(hours=3)
# Enough to show what was missed without printing a year of minutes.
MAX_LISTED = 20


class Decision(FrozenModel):
    """What to do about one job at one moment."""

    job: str = Field(description="Job name.")
    status: str = Field(
        description="due, not-due, handled (nothing new since the last run) or missed."
    )
    due_at: datetime | None = Field(default=None, description="Scheduled time to build now (UTC).")
    skipped: tuple[datetime, ...] = Field(
        default=(),
        description=f"Scheduled times (UTC) not built on their own, newest {MAX_LISTED}.",
    )
    skipped_reason: str = Field(default="", description="Why the skipped times were not built.")
    record: datetime | None = Field(
        default=None, description="Time to store as handled when the build (if any) succeeds."
    )


def to_instant(wall: datetime, tz: ZoneInfo) -> datetime:
    """Place a naive wall-clock time in ``tz`` on the UTC timeline (see module docstring)."""
    first = wall.replace(tzinfo=tz, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall:
        return instant  # exists (in a repeated hour, fold=0 is the first occurrence)
    return _transition_before(instant, tz)


def _transition_before(instant: datetime, tz: ZoneInfo) -> datetime:
    """The moment the clocks jumped over a gap, found by bisecting on the UTC offset."""
    offset = instant.astimezone(tz).utcoffset()
    low, high = instant - timedelta(days=1), instant  # no gap exceeds a day (Samoa, 2011)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def _in_window(job: Job, day: date) -> bool:
    window = job.window
    if window is None:
        return True
    return (window.start is None or day >= window.start) and (
        window.end is None or day <= window.end
    )


def _walls(job: Job, start: datetime, *, backward: bool) -> Iterator[datetime]:
    """Naive wall-clock matches of the job's cron from ``start``, strictly, one direction."""
    # Setting max_years_between_matches makes croniter end the iteration instead of raising
    # when a schedule has no further match (e.g. "0 0 29 2 *" near the end of time).
    cron = croniter(job.schedule, start, ret_type=datetime, max_years_between_matches=50)
    return cron.all_prev() if backward else cron.all_next()


def runs_before(job: Job, now: datetime) -> Iterator[datetime]:
    """Scheduled instants (UTC) at or before ``now``, newest first."""
    tz, window = job.tz, job.window
    start = _wall(now, tz) + SLACK
    if window and window.end:
        start = min(start, datetime.combine(window.end + timedelta(days=1), time()))
    last: datetime | None = None
    for wall in _walls(job, start, backward=True):
        if window and window.start and wall.date() < window.start:
            return
        instant = to_instant(wall, tz)
        if instant <= now and instant != last and _in_window(job, wall.date()):
            last = instant
            yield instant


def runs_after(job: Job, now: datetime) -> Iterator[datetime]:
    """Scheduled instants (UTC) strictly after ``now``, oldest first."""
    tz, window = job.tz, job.window
    start = _wall(now, tz) - SLACK
    if window and window.start:
        start = max(start, datetime.combine(window.start, time()) - timedelta(seconds=1))
    last: datetime | None = None
    for wall in _walls(job, start, backward=False):
        if window and window.end and wall.date() > window.end:
            return
        instant = to_instant(wall, tz)
        if instant > now and instant != last and _in_window(job, wall.date()):
            last = instant
            yield instant


def decide(
    job: Job, last_handled: datetime | None, now: datetime, max_lateness: timedelta
) -> Decision:
    """Decide whether ``job`` is due at ``now``.

    With a last handled time, the newest scheduled time in (last_handled, now] is due and any
    older ones in that range are skipped (one build covers them). Without one, only the newest
    scheduled time counts, and only if it is at most ``max_lateness`` old; older scheduled times
    within ``max_lateness`` are skipped, and a newest time older than that is skipped too.
    """
    _require_aware(now)
    newest = next(runs_before(job, now), None)
    if newest is None:
        return Decision(job=job.name, status="not-due")
    if last_handled is not None:
        return _since_last(job, newest, last_handled)
    return _first_time(job, newest, now - max_lateness, max_lateness)


def _since_last(job: Job, newest: datetime, last_handled: datetime) -> Decision:
    if newest <= last_handled:
        return Decision(job=job.name, status="handled")
    older = _listed(_older_than(job, newest), last_handled)
    return Decision(
        job=job.name,
        status="due",
        due_at=newest,
        skipped=older,
        skipped_reason="superseded by a later scheduled time; one build covers them"
        if older
        else "",
        record=newest,
    )


def _first_time(job: Job, newest: datetime, horizon: datetime, lateness: timedelta) -> Decision:
    # Nothing on record (a new job, or lost state): building weeks-old runs would surprise
    # people, so only a recent enough latest time is built.
    if newest < horizon:
        return Decision(
            job=job.name,
            status="missed",
            skipped=(newest,),
            skipped_reason=f"more than {_hours(lateness)} late and no earlier run recorded",
            record=newest,  # remembered, so the same miss is not reported on every run
        )
    older = _listed(_older_than(job, newest), horizon, inclusive=True)
    return Decision(
        job=job.name,
        status="due",
        due_at=newest,
        skipped=older,
        skipped_reason="missed with no earlier run recorded; only the latest is built"
        if older
        else "",
        record=newest,
    )


def _older_than(job: Job, instant: datetime) -> Iterator[datetime]:
    return runs_before(job, instant - timedelta(microseconds=1))


def _listed(
    newest_first: Iterator[datetime], floor: datetime, *, inclusive: bool = False
) -> tuple[datetime, ...]:
    """Up to MAX_LISTED instants above ``floor`` (or at it, if inclusive), oldest first."""
    out: list[datetime] = []
    for instant in newest_first:
        if instant < floor or (instant == floor and not inclusive) or len(out) == MAX_LISTED:
            break
        out.append(instant)
    return tuple(reversed(out))


def next_runs(campaign: Campaign, now: datetime, count: int) -> list[tuple[str, datetime]]:
    """The next ``count`` runs of each job after ``now``, in the job's time zone, by time."""
    _require_aware(now)
    runs: list[tuple[str, datetime]] = []
    for job in campaign.jobs:
        upcoming = runs_after(job, now)
        runs += [
            (job.name, instant.astimezone(job.tz))
            for _, instant in zip(range(count), upcoming, strict=False)
        ]
    return sorted(runs, key=lambda run: (run[1], run[0]))


def _hours(span: timedelta) -> str:
    return f"{span.total_seconds() / 3600:g} h"


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must carry a UTC offset (e.g. 2025-03-10T06:00:00+09:00)")
