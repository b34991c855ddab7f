"""Typed options and results of delivery.

Options are what the CLI flags and the brief's delivery setting turn into; the result is what
``--json`` prints. Both are frozen so a delivery can be logged and replayed exactly.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from assetpack.errors import InputError

MIB = 1024 * 1024
# SigV4 presigned URLs cannot outlive seven days; S3 rejects longer ones when they are used.
MAX_PRESIGN_EXPIRY_S = 7 * 24 * 3600


class DeliveryOptions(BaseModel):
    """How to reach the store and how to write objects into it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    endpoint_url: str | None = Field(
        default=None,
        description="S3-compatible endpoint (MinIO, R2, Ceph). None: boto3 decides, which "
        "honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 and the AWS config file.",
    )
    region: str | None = Field(
        default=None, description="AWS region; None: the standard chain (AWS_REGION, profile)."
    )
    addressing_style: Literal["auto", "path", "virtual"] = Field(
        default="auto", description="Bucket addressing; some self-hosted stores need 'path'."
    )
    sse: Literal["AES256", "aws:kms"] | None = Field(
        default=None, description="Server-side encryption for every object written."
    )
    kms_key_id: str | None = Field(
        default=None, description="KMS key id, ARN or alias; only with sse='aws:kms'."
    )
    presign_expiry_s: int = Field(
        default=3600,
        ge=1,
        le=MAX_PRESIGN_EXPIRY_S,
        description="Lifetime of the zip's presigned URL.",
    )
    cache_control_build: str = Field(
        default="max-age=31536000, immutable",
        description="Cache-Control for objects under the build prefix. The prefix is named "
        "after the content hash, so its objects never change and may be cached forever.",
    )
    cache_control_pointer: str = Field(
        default="no-cache",
        description="Cache-Control for latest.json, which moves on every delivery.",
    )
    multipart_threshold_bytes: int = Field(
        default=16 * MIB, ge=1, description="Files at least this big go up as multipart uploads."
    )
    multipart_chunk_bytes: int = Field(
        default=16 * MIB, ge=5 * MIB, description="Part size; S3 refuses parts under 5 MiB."
    )
    max_concurrency: int = Field(
        default=8, ge=1, description="Objects (or parts) in flight at once."
    )
    max_attempts: int = Field(
        default=6, ge=1, description="Attempts per request, first one included (botocore retries)."
    )
    retry_mode: Literal["standard", "adaptive"] = Field(
        default="standard",
        description="botocore retry mode; 'adaptive' also rate-limits the client.",
    )
    connect_timeout_s: float = Field(
        default=10.0, gt=0, description="TCP connect timeout per attempt."
    )
    read_timeout_s: float = Field(
        default=60.0, gt=0, description="Socket read timeout per attempt."
    )

    @model_validator(mode="after")
    def _kms_key_needs_kms(self) -> Self:
        # Raised as InputError (not ValueError) so pydantic lets it through unwrapped and the
        # CLI reports it like any other bad flag, exit code 2.
        if self.kms_key_id and self.sse != "aws:kms":
            raise InputError("--kms-key-id needs --sse aws:kms (AES256 uses S3-managed keys)")
        return self


class DeliveryResult(BaseModel):
    """What a delivery wrote, what it found already in place, and where to fetch the zip."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str = Field(
        description="Build location: s3://bucket/prefix/campaign/build-id/ or a directory."
    )
    build_id: str = Field(description="Content-hash build id (see pack_files.build_id_for).")
    manifest_uri: str = Field(description="The commit marker; present means the build is whole.")
    latest_uri: str = Field(description="The campaign's latest.json pointer.")
    uploaded: list[str] = Field(description="URIs (or paths) written by this run.")
    skipped: list[str] = Field(description="URIs already present with the same checksum.")
    presigned_zip_url: str | None = Field(
        default=None, description="Time-limited GET URL of pack.zip."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def wrote_nothing(self) -> bool:
        """True when the store already held this exact build (a no-op rerun)."""
        return not self.uploaded

    def summary(self) -> str:
        """One line for the terminal."""
        if self.wrote_nothing:
            return (
                f"{self.target}: already delivered, nothing written "
                f"({len(self.skipped)} objects unchanged)"
            )
        return (
            f"{self.target}: wrote {len(self.uploaded)} objects, "
            f"{len(self.skipped)} already in place"
        )
