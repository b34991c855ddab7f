"""The S3 lease against a real S3-compatible server on loopback (moto), and runs using it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from assetpack.campaign.lock import LeaseRecord, LockLost, S3Lease
from assetpack.campaign.run import run_campaign

from .conftest import NOW, FakeBuild, write_campaign

T0 = datetime(2025, 3, 10, 6, tzinfo=UTC)
KEY = "marketing/spring-sale/_state/lock.json"
TEN_MINUTES = timedelta(minutes=10)


class Clock:
    """A clock tests move by hand, so expiry never depends on real time passing."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def lease(s3: Any, bucket: str, owner: str, clock: Clock) -> S3Lease:
    return S3Lease(s3, bucket, KEY, duration=TEN_MINUTES, owner=owner, clock=clock)


def holder(s3: Any, bucket: str) -> LeaseRecord:
    body = s3.get_object(Bucket=bucket, Key=KEY)["Body"].read()
    return LeaseRecord.model_validate_json(body)


def test_the_server_honours_conditional_puts(s3: Any, bucket: str) -> None:
    """The lease relies on these; moto 5.2 implements both If-None-Match: * and If-Match."""
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"1", IfNoneMatch="*")
    with pytest.raises(ClientError) as exists:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfNoneMatch="*")
    assert exists.value.response["Error"]["Code"] == "PreconditionFailed"
    s3.put_object(Bucket=bucket, Key="k", Body=b"3", IfMatch=first["ETag"])
    with pytest.raises(ClientError) as stale:
        s3.put_object(Bucket=bucket, Key="k", Body=b"4", IfMatch=first["ETag"])
    assert stale.value.response["Error"]["Code"] == "PreconditionFailed"


def test_only_one_of_two_runs_gets_the_lease(s3: Any, bucket: str) -> None:
    clock = Clock(T0)
    first, second = lease(s3, bucket, "run-a", clock), lease(s3, bucket, "run-b", clock)
    assert first.acquire() is True
    assert second.acquire() is False
    record = holder(s3, bucket)
    assert (record.owner, record.acquired_at, record.expires_at) == ("run-a", T0, T0 + TEN_MINUTES)
    first.release()
    assert second.acquire() is True


def test_a_live_lease_is_respected_until_it_expires_then_taken_over(s3: Any, bucket: str) -> None:
    clock = Clock(T0)
    crashed = lease(s3, bucket, "crashed", clock)
    assert crashed.acquire()
    clock.now = T0 + TEN_MINUTES - timedelta(seconds=1)
    assert lease(s3, bucket, "early", clock).acquire() is False
    clock.now = T0 + TEN_MINUTES + timedelta(seconds=1)
    successor = lease(s3, bucket, "successor", clock)
    assert successor.acquire() is True
    assert holder(s3, bucket).owner == "successor"
    # The old holder wakes up: it may neither renew nor delete the successor's lease.
    with pytest.raises(LockLost, match="another run took it over"):
        crashed.renew()
    crashed.release()
    assert holder(s3, bucket).owner == "successor"
    successor.release()
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key=KEY)


def test_renewing_extends_the_lease_and_keeps_the_acquisition_time(s3: Any, bucket: str) -> None:
    clock = Clock(T0)
    mine = lease(s3, bucket, "run-a", clock)
    assert mine.acquire()
    clock.now = T0 + timedelta(minutes=8)
    mine.renew()
    record = holder(s3, bucket)
    assert (record.acquired_at, record.expires_at) == (T0, T0 + timedelta(minutes=18))
    clock.now = T0 + timedelta(minutes=12)  # past the first expiry, within the renewed one
    assert lease(s3, bucket, "run-b", clock).acquire() is False


class Interleave:
    """A client that lets another contender act between our GET and our conditional PUT."""

    def __init__(self, client: Any, meanwhile: Any) -> None:
        self.client = client
        self.meanwhile = meanwhile

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def get_object(self, **kwargs: Any) -> Any:
        response = self.client.get_object(**kwargs)
        if self.meanwhile is not None:
            self.meanwhile, meanwhile = None, self.meanwhile
            meanwhile()
        return response


def test_two_runs_racing_for_one_expired_lease_exactly_one_wins(s3: Any, bucket: str) -> None:
    clock = Clock(T0)
    assert lease(s3, bucket, "crashed", clock).acquire()
    clock.now = T0 + timedelta(hours=1)
    rival = lease(s3, bucket, "rival", clock)
    results: dict[str, bool] = {}
    racer = S3Lease(
        Interleave(s3, lambda: results.setdefault("rival", rival.acquire())),
        bucket,
        KEY,
        duration=TEN_MINUTES,
        owner="racer",
        clock=clock,
    )
    # racer reads the expired lease; before its If-Match PUT, rival takes the lease over.
    results["racer"] = racer.acquire()
    assert results == {"rival": True, "racer": False}
    assert holder(s3, bucket).owner == "rival"


def test_a_run_with_s3_delivery_keeps_state_and_lock_next_to_the_packs(
    tmp_path: Path, s3: Any, bucket: str
) -> None:
    path = write_campaign(tmp_path, delivery=f"s3://{bucket}/marketing")
    now = datetime.fromisoformat(NOW)
    build = FakeBuild()
    seen: list[str] = []
    build.during = lambda: seen.append(holder(s3, bucket).owner)
    report = run_campaign(
        path, now, state_dir=None, out_dir=tmp_path / "out", build_job=build, s3_client=s3
    )
    assert report.built == ("weekly-tokyo",)
    assert report.state == f"s3://{bucket}/marketing/spring-sale/_state/state.json"
    assert len(seen) == 1  # the lease was held during the build...
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == ["marketing/spring-sale/_state/state.json"]  # ...and released after
    state = json.loads(s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read())
    assert state["jobs"]["weekly-tokyo"]["last_handled"] == "2025-03-09T21:00:00Z"
    again = run_campaign(
        path, now, state_dir=None, out_dir=tmp_path / "out", build_job=build, s3_client=s3
    )
    assert again.built == ()
    assert build.built == ["weekly-tokyo"]


def test_overlapping_s3_runs_build_once(tmp_path: Path, s3: Any, bucket: str) -> None:
    path = write_campaign(tmp_path, delivery=f"s3://{bucket}/marketing")
    now = datetime.fromisoformat(NOW)
    second: list[Any] = []

    def start_second_run() -> None:
        # A second scheduler fires while the first is still building.
        second.append(
            run_campaign(
                path, now, state_dir=None, out_dir=tmp_path / "out2", build_job=build, s3_client=s3
            )
        )

    build = FakeBuild(during=start_second_run)
    first = run_campaign(
        path, now, state_dir=None, out_dir=tmp_path / "out", build_job=build, s3_client=s3
    )
    assert first.built == ("weekly-tokyo",) and first.locked is False
    (other,) = second
    assert other.locked is True and other.built == ()
    assert build.built == ["weekly-tokyo"]


def _stale_lock(s3: Any, bucket: str, expires_at: datetime) -> None:
    record = LeaseRecord(
        owner="crashed-host:123:dead",
        acquired_at=expires_at - timedelta(hours=1),
        expires_at=expires_at,
    )
    s3.put_object(Bucket=bucket, Key=KEY, Body=record.model_dump_json().encode())


def test_a_crashed_runs_expired_lease_is_taken_over(tmp_path: Path, s3: Any, bucket: str) -> None:
    path = write_campaign(tmp_path, delivery=f"s3://{bucket}/marketing")
    _stale_lock(s3, bucket, datetime.now(UTC) - timedelta(minutes=1))
    report = run_campaign(
        path,
        datetime.fromisoformat(NOW),
        state_dir=None,
        out_dir=tmp_path / "out",
        build_job=FakeBuild(),
        s3_client=s3,
    )
    assert report.locked is False and report.built == ("weekly-tokyo",)


def test_a_live_lease_of_another_run_means_locked(tmp_path: Path, s3: Any, bucket: str) -> None:
    path = write_campaign(tmp_path, delivery=f"s3://{bucket}/marketing")
    _stale_lock(s3, bucket, datetime.now(UTC) + timedelta(hours=1))
    build = FakeBuild()
    report = run_campaign(
        path,
        datetime.fromisoformat(NOW),
        state_dir=None,
        out_dir=tmp_path / "out",
        build_job=build,
        s3_client=s3,
    )
    assert report.locked is True and report.built == ()
    assert build.calls == []
    assert holder(s3, bucket).owner == "crashed-host:123:dead"  # untouched
