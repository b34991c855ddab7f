"""Upload a verified pack to S3: checksummed, resumable, manifest last.

Order is the contract with readers: every object of the build first, then ``manifest.json``
(the commit marker: a reader that finds it finds every object it names), then the campaign's
``latest.json``. Each object is compared with what the bucket already holds before anything
is written, so a rerun with the same pack writes nothing and a rerun after an interruption
writes only what is missing.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from assetpack.deliver.content_types import content_type_for
from assetpack.deliver.errors import translated_errors
from assetpack.deliver.models import DeliveryOptions, DeliveryResult
from assetpack.deliver.pack_files import Pack, PackFile, PackNotVerified, latest_pointer
from assetpack.deliver.s3_client import S3Client
from assetpack.deliver.target import S3Target

LATEST = "latest.json"


@dataclass(frozen=True)
class _Object:
    """One object to write: where, what, and the headers it carries."""

    key: str
    body: Path | bytes
    sha256: str
    size_bytes: int
    cache_control: str
    content_disposition: str | None = None


@dataclass(frozen=True)
class _Bucket:
    client: S3Client
    name: str
    options: DeliveryOptions
    metadata: dict[str, str]


def deliver_to_s3(
    pack: Pack, target: S3Target, options: DeliveryOptions, client: S3Client
) -> DeliveryResult:
    build_prefix = target.key(pack.campaign, pack.build_id)
    where = target.uri(build_prefix + "/")
    bucket = _Bucket(client, target.bucket, options, _metadata(pack))
    build_objects = [_build_object(pack, f, build_prefix, options) for f in pack.files]
    manifest = _build_object(pack, pack.manifest, build_prefix, options)
    latest = _latest_object(pack, target.key(pack.campaign, LATEST), options)
    uploaded: list[str] = []
    skipped: list[str] = []
    with (
        translated_errors(where, target.bucket),
        ThreadPoolExecutor(options.max_concurrency) as pool,
    ):
        # Listing first also proves the bucket exists and is readable before any write.
        sizes = _list_sizes(client, target.bucket, build_prefix + "/")
        sizes |= _list_sizes(client, target.bucket, latest.key)
        for stage in (build_objects, [manifest], [latest]):
            written = _sync(pool, bucket, stage, sizes)
            uploaded += [target.uri(o.key) for o in stage if o.key in written]
            skipped += [target.uri(o.key) for o in stage if o.key not in written]
        zip_url = _presign(client, target.bucket, f"{build_prefix}/pack.zip", options)
    return DeliveryResult(
        target=where,
        build_id=pack.build_id,
        manifest_uri=target.uri(manifest.key),
        latest_uri=target.uri(latest.key),
        uploaded=uploaded,
        skipped=skipped,
        presigned_zip_url=zip_url,
    )


def _sync(
    pool: ThreadPoolExecutor, bucket: _Bucket, objects: Sequence[_Object], sizes: dict[str, int]
) -> set[str]:
    """Write the objects the bucket lacks (or holds different); return their keys."""
    current = list(pool.map(lambda o: _is_current(bucket, o, sizes), objects))
    todo = [o for o, ok in zip(objects, current, strict=True) if not ok]
    _run_all(pool, [partial(_put, bucket, o) for o in todo])
    return {o.key for o in todo}


def _run_all(pool: ThreadPoolExecutor, jobs: Sequence[Callable[[], None]]) -> None:
    """Run jobs concurrently; on the first failure stop starting new ones and re-raise it."""
    futures: list[Future[None]] = [pool.submit(job) for job in jobs]
    wait(futures, return_when=FIRST_EXCEPTION)
    for future in futures:
        future.cancel()
    wait(futures)
    for future in futures:
        if not future.cancelled() and future.exception() is not None:
            raise future.exception()  # type: ignore[misc]


def _list_sizes(client: S3Client, bucket: str, prefix: str) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        sizes |= {item["Key"]: item["Size"] for item in page.get("Contents", [])}
    return sizes


def _is_current(bucket: _Bucket, obj: _Object, sizes: dict[str, int]) -> bool:
    """Does the bucket already hold exactly these bytes under this key?

    Yes if the server's full-object SHA-256 matches. Multipart objects only carry a
    checksum of part checksums, and some stores report none, so the ``sha256`` metadata
    also counts: it was written in the same request as the bytes, which the server checked
    (part by part for multipart). Size is compared first, from the listing, to skip HEADs
    for objects that are missing or plainly different.
    """
    if sizes.get(obj.key) != obj.size_bytes:
        return False
    try:
        head = bucket.client.head_object(Bucket=bucket.name, Key=obj.key, ChecksumMode="ENABLED")
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
            return False  # deleted since the listing
        raise
    return head.get("ChecksumSHA256") == _b64(obj.sha256) or (
        head.get("Metadata", {}).get("sha256") == obj.sha256
    )


def _put(bucket: _Bucket, obj: _Object) -> None:
    args = _put_args(bucket, obj)
    if isinstance(obj.body, Path) and obj.size_bytes >= bucket.options.multipart_threshold_bytes:
        _put_multipart(bucket, obj, obj.body, args)
        return
    data = obj.body if isinstance(obj.body, bytes) else obj.body.read_bytes()
    # Re-hash what is actually sent: a file edited since verification must not slip out.
    if hashlib.sha256(data).hexdigest() != obj.sha256:
        raise PackNotVerified(f"{obj.key}: its file changed during delivery — rebuild the pack")
    # Our own SHA-256, not one botocore computes from the bytes read: the server then
    # checks that what it received is exactly what the manifest verified.
    bucket.client.put_object(
        Bucket=bucket.name,
        Key=obj.key,
        Body=data,
        ChecksumAlgorithm="SHA256",
        ChecksumSHA256=_b64(obj.sha256),
        **args,
    )


def _put_multipart(bucket: _Bucket, obj: _Object, path: Path, args: dict[str, Any]) -> None:
    options = bucket.options
    config = TransferConfig(
        multipart_threshold=options.multipart_threshold_bytes,
        multipart_chunksize=options.multipart_chunk_bytes,
        max_concurrency=options.max_concurrency,
    )
    # upload_fileobj (unlike upload_file) lets the original ClientError through, so the
    # error translation still sees its code. Each part carries its own SHA-256.
    with path.open("rb") as fh:
        bucket.client.upload_fileobj(
            fh,
            bucket.name,
            obj.key,
            ExtraArgs={**args, "ChecksumAlgorithm": "SHA256"},
            Config=config,
        )


def _put_args(bucket: _Bucket, obj: _Object) -> dict[str, Any]:
    args: dict[str, Any] = {
        "ContentType": content_type_for(obj.key),
        "CacheControl": obj.cache_control,
        "Metadata": {**bucket.metadata, "sha256": obj.sha256},
    }
    if obj.content_disposition:
        args["ContentDisposition"] = obj.content_disposition
    if bucket.options.sse:
        args["ServerSideEncryption"] = bucket.options.sse
    if bucket.options.kms_key_id:
        args["SSEKMSKeyId"] = bucket.options.kms_key_id
    return args


def _build_object(pack: Pack, f: PackFile, prefix: str, options: DeliveryOptions) -> _Object:
    disposition = (
        f'attachment; filename="{_ascii(pack.campaign)}-{pack.build_id}.zip"'
        if f.path == "pack.zip"
        else None
    )
    return _Object(
        key=f"{prefix}/{f.path}",
        body=f.local,
        sha256=f.sha256,
        size_bytes=f.size_bytes,
        cache_control=options.cache_control_build,
        content_disposition=disposition,
    )


def _latest_object(pack: Pack, key: str, options: DeliveryOptions) -> _Object:
    data = latest_pointer(pack)
    return _Object(
        key=key,
        body=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        cache_control=options.cache_control_pointer,
    )


def _metadata(pack: Pack) -> dict[str, str]:
    # S3 metadata travels as HTTP headers, which must be ASCII; campaigns may not be.
    return {"campaign": _ascii(pack.campaign), "build-id": pack.build_id}


def _presign(client: S3Client, bucket: str, key: str, options: DeliveryOptions) -> str:
    return str(
        client.generate_presigned_url(
            "get_object",
            Params={"Bucket": bucket, "Key": key},
            ExpiresIn=options.presign_expiry_s,
        )
    )


def _b64(sha256_hex: str) -> str:
    return base64.b64encode(bytes.fromhex(sha256_hex)).decode("ascii")


def _ascii(text: str) -> str:
    return quote(text, safe=" -_.")
