"""Build the boto3 S3 client delivery uses (the seam tests replace with their own)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError

from assetpack.deliver.models import DeliveryOptions
from assetpack.errors import InputError

# boto3 has no importable S3 client type without the boto3-stubs package.
S3Client = Any


def make_s3_client(options: DeliveryOptions) -> S3Client:
    """An S3 client on the standard credential chain, with retries and checksums configured.

    A fresh Session (not boto3's module-level default) so the environment is read now and
    concurrent deliveries do not share mutable state. ``endpoint_url=None`` lets botocore
    apply AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 and the profile's endpoint_url itself.
    """
    config = Config(
        # SigV2 presigned URLs are refused by newer regions; v4 works everywhere.
        signature_version="s3v4",
        # botocore's standard mode already retries 5xx, throttling and dropped connections
        # with jittered exponential backoff, and per part inside multipart uploads.
        retries={"mode": options.retry_mode, "total_max_attempts": options.max_attempts},
        connect_timeout=options.connect_timeout_s,
        read_timeout=options.read_timeout_s,
        max_pool_connections=max(10, 2 * options.max_concurrency),
        s3={"addressing_style": options.addressing_style},
        # request_checksum_calculation is deliberately not set here: every write already
        # names SHA-256 explicitly, and leaving it unset keeps AWS_REQUEST_CHECKSUM_CALCULATION
        # / the profile's setting working for stores that choke on botocore's default CRCs.
    )
    try:
        session = boto3.session.Session(region_name=options.region)
        return session.client("s3", endpoint_url=options.endpoint_url, config=config)
    except (ValueError, BotoCoreError) as exc:
        raise InputError(
            f"cannot set up S3 client ({exc}) — check --endpoint-url "
            f"(e.g. http://127.0.0.1:9000) and --region"
        ) from exc
