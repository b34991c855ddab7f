"""One campaign run at a time: a file lock for local state, an S3 lease for S3 state.

Both are non-blocking: a run that does not get the lock builds nothing and says so, because
the run holding it is doing the same work.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError
from filelock import FileLock, Timeout
from pydantic import Field, ValidationError

from assetpack.campaign.models import FrozenModel
from assetpack.campaign.state import error_code, s3_failure
from assetpack.errors import DeliveryError

# 412: the condition failed. 409: S3 saw a concurrent conditional write to the same key.
# NoSuchKey: If-Match against a key that was deleted (released) in the meantime.
LOST_RACE = frozenset(
    {"PreconditionFailed", "412", "ConditionalRequestConflict", "409", "NoSuchKey"}
)


class LockLost(DeliveryError):
    """Another run took over this run's expired lease; this run must stop writing state."""


class Lock(Protocol):
    """A campaign lock; ``renew`` raises LockLost when the lock is no longer ours."""

    location: str

    def acquire(self) -> bool: ...

    def renew(self) -> None: ...

    def release(self) -> None: ...


def utc_now() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


def default_owner() -> str:
    """Who holds a lease, readable by whoever finds it: host, pid and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LocalLock:
    """An OS file lock; the kernel drops it when the process dies, so it needs no lease."""

    def __init__(self, path: Path) -> None:
        self.location = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(path))

    def acquire(self) -> bool:
        """Take the lock if it is free; never wait."""
        try:
            self._lock.acquire(blocking=False)
        except Timeout:
            return False
        return True

    def renew(self) -> None:
        """Nothing to renew: the lock lasts as long as this process holds it."""

    def release(self) -> None:
        """Let the next run in."""
        self._lock.release()


class LeaseRecord(FrozenModel):
    """The body of the S3 lock object."""

    owner: str = Field(description="Who holds the lease (host:pid:tag).")
    acquired_at: datetime = Field(description="When the holder first took the lease (UTC).")
    expires_at: datetime = Field(description="When others may take the lease over (UTC).")


class S3Lease:
    """A lease in one S3 object, taken with a conditional PUT.

    ``If-None-Match: *`` creates the object only if nobody holds it; an expired lease (a run
    that crashed) is taken over with ``If-Match: <its ETag>``, so of two runs racing for the
    same expired lease exactly one wins. Expiry is judged by this machine's clock (``clock``),
    so hosts sharing a lease need roughly synchronised clocks (NTP), well within ``duration``.
    """

    def __init__(
        self,
        client: Any,
        bucket: str,
        key: str,
        *,
        duration: timedelta,
        owner: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.key = key
        self.location = f"s3://{bucket}/{key}"
        self.duration = duration
        self.owner = owner or default_owner()
        self.clock = clock
        self._etag: str | None = None
        self._acquired_at: datetime | None = None

    def acquire(self) -> bool:
        """Take the lease if it is free or expired; never wait."""
        for _ in range(3):  # bounded: each retry means the object changed under us
            if self._put(IfNoneMatch="*"):
                return True
            current = self._read()
            if current is None:
                continue  # released between our PUT and our GET
            expires_at, etag = current
            if expires_at > self.clock():
                return False
            if self._put(IfMatch=etag):
                return True
        return False

    def renew(self) -> None:
        """Extend our lease; raise LockLost if another run has taken it over."""
        if self._etag is None or not self._put(IfMatch=self._etag):
            self._etag = None
            raise LockLost(
                f"lost the campaign lock {self.location}: another run took it over after it"
                f" expired. Raise the lease duration above the longest build ({self.duration})."
            )

    def release(self) -> None:
        """Delete the lease if it is still ours; a lease someone took over is theirs."""
        if self._etag is None:
            return
        etag, self._etag = self._etag, None
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.key, IfMatch=etag)
        except (ClientError, BotoCoreError) as exc:
            if error_code(exc) not in LOST_RACE:
                raise s3_failure("release the campaign lock", self.location, exc) from None

    def _put(self, **condition: str) -> bool:
        now = self.clock()
        # A renewal keeps the original acquisition time so a stuck holder stays visible.
        acquired_at = self._acquired_at if self._etag and self._acquired_at else now
        record = LeaseRecord(
            owner=self.owner, acquired_at=acquired_at, expires_at=now + self.duration
        )
        try:
            response = self.client.put_object(
                Bucket=self.bucket,
                Key=self.key,
                Body=record.model_dump_json().encode(),
                ContentType="application/json",
                **condition,
            )
        except (ClientError, BotoCoreError) as exc:
            if error_code(exc) in LOST_RACE:
                return False
            raise s3_failure("take the campaign lock", self.location, exc) from None
        self._etag = response["ETag"]
        self._acquired_at = record.acquired_at
        return True

    def _read(self) -> tuple[datetime, str] | None:
        """(expires_at, ETag) of the current lease, or None when there is none."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key)
        except (ClientError, BotoCoreError) as exc:
            if error_code(exc) in {"NoSuchKey", "404"}:
                return None
            raise s3_failure("read the campaign lock", self.location, exc) from None
        body = response["Body"].read()
        try:
            expires_at = LeaseRecord.model_validate_json(body).expires_at
        except ValidationError:
            # Unreadable leases would otherwise block the campaign forever.
            expires_at = response["LastModified"] + self.duration
        return expires_at, response["ETag"]
