"""What a campaign has already handled: the last scheduled time per job, as one JSON document.

Two stores with the same two methods: a file in a local directory, written atomically, and an
S3 object next to the packs (``<prefix>/<campaign>/_state/state.json``). Callers hold the
campaign lock (``lock.py``) around load → save, so the stores need no concurrency control.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import Field, ValidationError

from assetpack.campaign.models import FrozenModel
from assetpack.errors import DeliveryError, InputError


class JobState(FrozenModel):
    """What happened the last time a job was handled."""

    last_handled: datetime = Field(description="Newest scheduled time handled (UTC).")
    handled_at: datetime = Field(description="The run's 'now' when it was handled (UTC).")
    outcome: str = Field(description="built, or skipped when it was too late to build.")
    pack: str | None = Field(default=None, description="Where the pack went, when one was built.")


class CampaignState(FrozenModel):
    """Everything a campaign remembers between runs."""

    campaign: str = Field(description="Campaign id this state belongs to.")
    version: int = Field(default=1, description="Format version of this document.")
    jobs: dict[str, JobState] = Field(default_factory=dict, description="State per job name.")

    def last_handled(self, job: str) -> datetime | None:
        """The newest scheduled time handled for ``job``, or None when never handled."""
        entry = self.jobs.get(job)
        return entry.last_handled if entry else None

    def with_job(self, job: str, entry: JobState) -> CampaignState:
        """A copy with ``job``'s entry replaced."""
        return self.model_copy(update={"jobs": {**self.jobs, job: entry}})


class StateStore(Protocol):
    """Where a campaign's state is kept."""

    location: str

    def load(self) -> CampaignState: ...

    def save(self, state: CampaignState) -> None: ...


def _parse(raw: bytes, campaign: str, location: str) -> CampaignState:
    try:
        state = CampaignState.model_validate_json(raw)
    except ValidationError as exc:
        raise InputError(
            f"{location}: campaign state is unreadable ({exc.error_count()} problems). Move it"
            " aside to start fresh; jobs then run only if their latest time is recent enough."
        ) from None
    if state.campaign != campaign:
        raise InputError(
            f"{location}: holds state of campaign {state.campaign!r}, not {campaign!r}"
        )
    return state


def _dump(state: CampaignState) -> bytes:
    return (json.dumps(state.model_dump(mode="json"), indent=2, sort_keys=True) + "\n").encode()


class LocalState:
    """State in a JSON file; saved via a temporary file and rename so it is never half written."""

    def __init__(self, path: Path, campaign: str) -> None:
        self.path = path
        self.campaign = campaign
        self.location = str(path)

    def load(self) -> CampaignState:
        """The saved state, or an empty one when there is none yet."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return CampaignState(campaign=self.campaign)
        return _parse(raw, self.campaign, self.location)

    def save(self, state: CampaignState) -> None:
        """Replace the saved state atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_dump(state))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


class S3State:
    """State in one S3 object; ``client`` is a boto3 S3 client."""

    def __init__(self, client: Any, bucket: str, key: str, campaign: str) -> None:
        self.client = client
        self.bucket = bucket
        self.key = key
        self.campaign = campaign
        self.location = f"s3://{bucket}/{key}"

    def load(self) -> CampaignState:
        """The saved state, or an empty one when there is none yet."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key)
        except (ClientError, BotoCoreError) as exc:
            if error_code(exc) in {"NoSuchKey", "404"}:
                return CampaignState(campaign=self.campaign)
            raise s3_failure("read campaign state", self.location, exc) from None
        return _parse(response["Body"].read(), self.campaign, self.location)

    def save(self, state: CampaignState) -> None:
        """Replace the saved state (a single PUT is atomic in S3)."""
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self.key, Body=_dump(state), ContentType="application/json"
            )
        except (ClientError, BotoCoreError) as exc:
            raise s3_failure("save campaign state", self.location, exc) from None


def state_prefix(prefix: str, campaign: str) -> str:
    """The S3 key prefix of a campaign's state and lock, next to its packs."""
    return "/".join(part for part in (prefix.strip("/"), campaign, "_state") if part)


def error_code(exc: Exception) -> str:
    """The S3 error code of a botocore error ("NoSuchKey", "PreconditionFailed", ...) or ""."""
    if not isinstance(exc, ClientError):
        return ""
    return str(exc.response.get("Error", {}).get("Code", ""))


def s3_failure(action: str, location: str, exc: Exception) -> DeliveryError:
    """A DeliveryError a person can act on (no such bucket, access denied, no network)."""
    message = str(exc)
    if isinstance(exc, ClientError):
        message = exc.response.get("Error", {}).get("Message") or error_code(exc)
    return DeliveryError(f"could not {action} at {location}: {message}")
