"""Shared fixtures: campaign files on disk, a recording fake build, S3 on loopback (moto)."""

from __future__ import annotations

import socket
import textwrap
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from assetpack.campaign.models import Campaign, Job
from assetpack.campaign.report import JobOutcome

# Monday 2025-03-10 06:30 in Tokyo: the weekly Tokyo job (Mon 06:00) is 30 minutes due; the
# New York job (Fri 09:00) last fell due on Friday, more than 24 hours ago.
NOW = "2025-03-10T06:30:00+09:00"

TWO_JOBS = """\
campaign: spring-sale
jobs:
  - name: weekly-tokyo
    brief: briefs/tokyo.yaml
    schedule: "0 6 * * MON"
    timezone: Asia/Tokyo
    overrides:
      locales: [ja-JP]
  - name: friday-ny
    brief: briefs/ny.yaml
    schedule: "0 9 * * FRI"
    timezone: America/New_York
"""


def write_campaign(directory: Path, text: str = TWO_JOBS, *, delivery: str | None = None) -> Path:
    """Write campaign.yaml (plus empty brief files it names) into ``directory``."""
    text = textwrap.dedent(text)
    if delivery is not None:
        text = text.replace("jobs:\n", f"delivery: {delivery}\njobs:\n", 1)
    for line in text.splitlines():
        if line.strip().startswith("brief:"):
            brief = directory / line.split(":", 1)[1].strip()
            brief.parent.mkdir(parents=True, exist_ok=True)
            brief.write_text("# stand-in brief\n")
    path = directory / "campaign.yaml"
    path.write_text(text)
    return path


@dataclass
class FakeBuild:
    """A build_job that records its calls and writes a small pack; ``fail`` names jobs to fail."""

    fail: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, Path]] = field(default_factory=list)
    during: Callable[[], None] | None = None

    def __call__(self, job: Job, campaign: Campaign, out_dir: Path) -> JobOutcome:
        self.calls.append((job.name, out_dir))
        if self.during is not None:
            self.during()
        how = self.fail.get(job.name)
        if how == "raise":
            raise RuntimeError(f"brief {job.brief.name} exploded\nsecond line")
        if how == "verify":
            return JobOutcome(passed=False)
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "pack.zip").write_bytes(b"PK fake")
        return JobOutcome(passed=True, pack=str(out_dir / "pack.zip"))

    @property
    def built(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture
def fake_build() -> FakeBuild:
    return FakeBuild()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server (moto) on loopback for the whole session."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture
def s3(s3_endpoint: str) -> Any:
    """A boto3 client on the loopback server."""
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def bucket(s3: Any) -> str:
    """A fresh, empty bucket per test."""
    name = f"packs-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name
