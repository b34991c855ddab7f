"""Due / not due / handled / missed, windows, and daylight-saving time, as pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assetpack.campaign.models import Campaign, Job, Window
from assetpack.campaign.schedule import decide, next_runs, runs_after, runs_before, to_instant

DAY = timedelta(hours=24)
NY = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def job(schedule: str, timezone: str = "UTC", window: Window | None = None) -> Job:
    return Job(name="j", brief=Path("b.yaml"), schedule=schedule, timezone=timezone, window=window)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


MONDAY_6_TOKYO = job("0 6 * * MON", "Asia/Tokyo")
MON_0600_JST = datetime(2025, 3, 10, 6, 0, tzinfo=TOKYO)


def test_due_when_the_scheduled_time_has_just_passed() -> None:
    now = MON_0600_JST + timedelta(minutes=30)
    decision = decide(MONDAY_6_TOKYO, None, now, DAY)
    assert decision.status == "due"
    assert decision.due_at == utc(2025, 3, 9, 21, 0)  # Monday 06:00 JST is Sunday 21:00 UTC
    assert decision.skipped == ()


def test_due_exactly_at_the_scheduled_time() -> None:
    assert decide(MONDAY_6_TOKYO, None, MON_0600_JST, DAY).due_at == MON_0600_JST


def test_not_due_one_second_before_with_last_week_handled() -> None:
    last_week = MON_0600_JST - timedelta(days=7)
    before = MON_0600_JST - timedelta(seconds=1)
    assert decide(MONDAY_6_TOKYO, last_week, before, DAY).status == "handled"


def test_already_handled_is_not_built_again() -> None:
    now = MON_0600_JST + timedelta(hours=2)
    assert decide(MONDAY_6_TOKYO, MON_0600_JST, now, DAY).status == "handled"


def test_with_state_every_time_since_last_handled_counts_and_older_ones_are_skipped() -> None:
    three_weeks_ago = MON_0600_JST - timedelta(days=21)
    decision = decide(MONDAY_6_TOKYO, three_weeks_ago, MON_0600_JST + timedelta(hours=1), DAY)
    assert decision.status == "due"
    assert decision.due_at == MON_0600_JST
    assert decision.skipped == (
        MON_0600_JST - timedelta(days=14),
        MON_0600_JST - timedelta(days=7),
    )
    assert "superseded" in decision.skipped_reason


def test_without_state_a_time_older_than_max_lateness_is_missed_not_built() -> None:
    now = MON_0600_JST + timedelta(hours=25)
    decision = decide(MONDAY_6_TOKYO, None, now, DAY)
    assert decision.status == "missed"
    assert decision.due_at is None
    assert decision.skipped == (MON_0600_JST,)
    assert decision.record == MON_0600_JST  # remembered, so it is not reported again


def test_without_state_only_the_latest_time_within_lateness_is_built() -> None:
    hourly = job("0 * * * *")
    decision = decide(hourly, None, utc(2025, 3, 10, 12, 30), timedelta(hours=3))
    assert decision.due_at == utc(2025, 3, 10, 12)
    # 09:00 is more than 3 h before 12:30, so it is outside the horizon and not listed.
    assert decision.skipped == (utc(2025, 3, 10, 10), utc(2025, 3, 10, 11))


def test_max_lateness_bounds_are_inclusive() -> None:
    assert decide(MONDAY_6_TOKYO, None, MON_0600_JST + DAY, DAY).status == "due"


def test_skipped_list_is_capped() -> None:
    minutely = job("* * * * *")
    decision = decide(minutely, utc(2025, 1, 1), utc(2025, 3, 1), DAY)
    assert decision.due_at == utc(2025, 3, 1)
    assert len(decision.skipped) == 20
    assert decision.skipped[-1] == utc(2025, 2, 28, 23, 59)


def test_window_start_and_end_are_inclusive_local_dates() -> None:
    window = Window(start=date(2025, 3, 10), end=date(2025, 3, 17))
    windowed = job("0 6 * * MON", "Asia/Tokyo", window)
    # Sunday 21:00 UTC on 9 March is already 10 March in Tokyo: inside the window.
    assert decide(windowed, None, MON_0600_JST, DAY).status == "due"
    week_before = MON_0600_JST - timedelta(days=7)
    assert decide(windowed, None, week_before + timedelta(hours=1), DAY).status == "not-due"
    week_after = MON_0600_JST + timedelta(days=7)
    assert decide(windowed, MON_0600_JST, week_after, DAY).due_at == week_after
    two_after = MON_0600_JST + timedelta(days=14)
    assert decide(windowed, week_after, two_after + timedelta(hours=1), DAY).status == "handled"
    assert list(runs_after(windowed, week_after)) == []


def test_window_in_the_past_lists_nothing_after_and_only_window_times_before() -> None:
    windowed = job("0 12 * * *", window=Window(start=date(2025, 1, 1), end=date(2025, 1, 3)))
    assert list(runs_before(windowed, utc(2026, 1, 1))) == [
        utc(2025, 1, 3, 12),
        utc(2025, 1, 2, 12),
        utc(2025, 1, 1, 12),
    ]


def test_spring_forward_runs_a_skipped_wall_time_once_when_the_clocks_jump() -> None:
    # 2025-03-09 in New York: 02:00 EST jumps to 03:00 EDT, so 02:30 never happens.
    half_past_two = job("30 2 * * *", "America/New_York")
    runs = list(islice(runs_after(half_past_two, utc(2025, 3, 8)), 3))
    assert [r.astimezone(NY).isoformat() for r in runs] == [
        "2025-03-08T02:30:00-05:00",
        "2025-03-09T03:00:00-04:00",
        "2025-03-10T02:30:00-04:00",
    ]


def test_spring_forward_is_due_at_the_jump_and_not_before() -> None:
    half_past_two = job("30 2 * * *", "America/New_York")
    jump = utc(2025, 3, 9, 7)  # 03:00 EDT
    last = utc(2025, 3, 8, 7, 30)
    assert decide(half_past_two, last, jump - timedelta(seconds=1), DAY).status == "handled"
    assert decide(half_past_two, last, jump, DAY).due_at == jump


def test_fall_back_runs_a_repeated_wall_time_once() -> None:
    # 2025-11-02 in New York: 01:00-02:00 happens twice (EDT, then EST).
    half_past_one = job("30 1 * * *", "America/New_York")
    runs = list(islice(runs_after(half_past_one, utc(2025, 11, 1, 12)), 2))
    assert [r.isoformat() for r in runs] == [
        "2025-11-02T05:30:00+00:00",
        "2025-11-03T06:30:00+00:00",
    ]
    second_pass = utc(2025, 11, 2, 6, 45)  # 01:45 EST, after the second 01:30
    assert decide(half_past_one, runs[0], second_pass, DAY).status == "handled"


def test_every_half_hour_across_spring_forward() -> None:
    half_hourly = job("*/30 * * * *", "America/New_York")
    runs = islice(runs_after(half_hourly, utc(2025, 3, 9, 6)), 4)
    assert [f"{r.astimezone(NY):%H:%M%z}" for r in runs] == [
        "01:30-0500",
        "03:00-0400",  # 02:00 and 02:30 do not exist; they run once, at the jump
        "03:30-0400",
        "04:00-0400",
    ]


def test_to_instant() -> None:
    assert to_instant(datetime(2025, 3, 9, 2, 30), NY) == utc(2025, 3, 9, 7)
    assert to_instant(datetime(2025, 11, 2, 1, 30), NY) == utc(2025, 11, 2, 5, 30)
    assert to_instant(datetime(2025, 3, 10, 6), TOKYO) == utc(2025, 3, 9, 21)


def test_tokyo_monday_six_is_sunday_evening_utc_and_tokyo_has_no_dst() -> None:
    runs = list(islice(runs_after(MONDAY_6_TOKYO, utc(2025, 3, 1)), 40))
    assert all(r.astimezone(TOKYO).strftime("%a %H:%M") == "Mon 06:00" for r in runs)
    assert all(r.strftime("%a %H:%M") == "Sun 21:00" for r in runs)


def test_next_runs_lists_each_job_in_its_own_time_zone_sorted_by_time() -> None:
    tokyo = MONDAY_6_TOKYO.model_copy(update={"name": "tokyo"})
    ny = job("0 9 * * FRI", "America/New_York").model_copy(update={"name": "ny"})
    campaign = Campaign(campaign="c", jobs=(tokyo, ny))
    runs = next_runs(campaign, utc(2025, 3, 5), 2)
    assert [(name, at.isoformat()) for name, at in runs] == [
        ("ny", "2025-03-07T09:00:00-05:00"),
        ("tokyo", "2025-03-10T06:00:00+09:00"),
        ("ny", "2025-03-14T09:00:00-04:00"),  # New York is on daylight time by then
        ("tokyo", "2025-03-17T06:00:00+09:00"),
    ]


def test_now_without_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        decide(MONDAY_6_TOKYO, None, datetime(2025, 3, 10), DAY)
