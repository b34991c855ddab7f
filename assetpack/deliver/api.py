"""The one entry point of the stage: ``deliver`` a built pack to S3 or a directory."""

from __future__ import annotations

from pathlib import Path

from assetpack.deliver.local import deliver_to_dir
from assetpack.deliver.models import DeliveryOptions, DeliveryResult
from assetpack.deliver.pack_files import read_pack
from assetpack.deliver.s3 import deliver_to_s3
from assetpack.deliver.s3_client import S3Client, make_s3_client
from assetpack.deliver.target import resolve_target


def deliver(
    pack_dir: Path,
    target: str | Path,
    *,
    options: DeliveryOptions | None = None,
    s3_client: S3Client | None = None,
) -> DeliveryResult:
    """Deliver the pack in ``pack_dir`` (``OUT/<campaign>/``) to ``target``.

    ``target`` is ``s3://bucket/prefix`` or a local directory. Idempotent: whatever is
    already there with the same checksum is left alone, and ``result.wrote_nothing`` says so.

    Raises InputError for a bad target or a malformed pack, PackNotVerified (exit 1) for a
    pack that failed verification or no longer matches its manifest (checked before any
    network traffic, so nothing is uploaded), DeliveryError (exit 3) when the store refuses.

    ``s3_client`` replaces the client built from ``options`` (its own retry and endpoint
    config then apply); the other options (encryption, headers, multipart) still do.
    """
    options = options or DeliveryOptions()
    destination = resolve_target(target)
    pack = read_pack(Path(pack_dir))
    if isinstance(destination, Path):
        return deliver_to_dir(pack, destination)
    client = s3_client if s3_client is not None else make_s3_client(options)
    return deliver_to_s3(pack, destination, options, client)
