"""Delivery to a real S3-compatible server (moto) through a proxy that injects faults."""

from __future__ import annotations

import base64
import json
import urllib.request
from pathlib import Path

import pytest

from assetpack.deliver import (
    DeliveryOptions,
    PackNotVerified,
    deliver,
    make_s3_client,
    read_pack,
)
from assetpack.errors import DeliveryError, InputError


def _deliver(pack_dir, bucket, options, prefix="packs"):
    return deliver(pack_dir, f"s3://{bucket}/{prefix}", options=options)


def _keys(admin, bucket):
    listing = admin.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_complete_upload_through_a_proxy_that_fails_every_few_writes(
    pack_dir, bucket, proxy, options_for, admin, reader
):
    proxy.plan.fail_every = 3

    result = _deliver(pack_dir, bucket, options_for(proxy.url))

    pack = read_pack(pack_dir)
    build = f"packs/spring-sale/{pack.build_id}/"
    assert {f for f, _, _ in proxy.plan.injected} >= {"500 InternalError", "drop", "503 SlowDown"}
    assert reader(admin, bucket) == 1
    expected = sorted(
        [build + f.path for f in (*pack.files, pack.manifest)] + ["packs/spring-sale/latest.json"]
    )
    assert _keys(admin, bucket) == expected
    assert result.target == f"s3://{bucket}/{build}"
    assert sorted(result.uploaded) == [f"s3://{bucket}/{k}" for k in expected]
    assert result.skipped == [] and not result.wrote_nothing


def test_every_write_carries_the_manifest_sha256(pack_dir, bucket, proxy, options_for):
    _deliver(pack_dir, bucket, options_for(proxy.url))

    pack = read_pack(pack_dir)
    expected = {f.path: f.sha256 for f in (*pack.files, pack.manifest)}
    puts = {
        path.split(f"/{pack.build_id}/", 1)[1]: h
        for m, path, h in proxy.plan.writes()
        if m == "PUT" and f"/{pack.build_id}/" in path
    }
    assert puts.keys() == expected.keys()
    for rel, headers in puts.items():
        sent = base64.b64decode(headers["x-amz-checksum-sha256"]).hex()
        assert sent == expected[rel], rel


def test_rerun_with_unchanged_pack_writes_nothing(pack_dir, bucket, proxy, options_for):
    options = options_for(proxy.url)
    first = _deliver(pack_dir, bucket, options)
    plan = proxy.reset()

    again = _deliver(pack_dir, bucket, options)

    assert again.wrote_nothing and again.uploaded == []
    assert sorted(again.skipped) == sorted(first.uploaded)
    assert plan.writes() == []
    assert "nothing written" in again.summary()
    assert json.loads(again.model_dump_json())["wrote_nothing"] is True


def test_rerun_after_an_interrupted_upload_completes_it(
    pack_dir, bucket, proxy, options_for, admin, reader
):
    proxy.plan.dead_after_writes = 4
    options = options_for(proxy.url, max_attempts=2, max_concurrency=1)

    with pytest.raises(DeliveryError) as failed:
        _deliver(pack_dir, bucket, options)

    assert "\n" not in str(failed.value) and "a rerun resumes" in str(failed.value)
    partial = _keys(admin, bucket)
    assert len(partial) == 4 and not any(k.endswith("manifest.json") for k in partial)
    assert reader(admin, bucket) == 0  # nothing committed, so nothing to be misled by

    proxy.reset()
    result = _deliver(pack_dir, bucket, options)

    assert sorted(result.skipped) == [f"s3://{bucket}/{k}" for k in partial]
    assert len(result.uploaded) == len(_keys(admin, bucket)) - 4
    assert reader(admin, bucket) == 1


def test_manifest_is_written_after_every_object_and_latest_after_it(
    pack_dir, bucket, proxy, options_for, admin
):
    _deliver(pack_dir, bucket, options_for(proxy.url))

    paths = [path for method, path, _ in proxy.plan.writes() if method == "PUT"]
    assert paths[-2].endswith("/manifest.json")
    assert paths[-1].endswith("/spring-sale/latest.json")
    latest = json.loads(
        admin.get_object(Bucket=bucket, Key="packs/spring-sale/latest.json")["Body"].read()
    )
    assert latest["build_id"] == read_pack(pack_dir).build_id
    assert latest["manifest"] == f"{latest['build_id']}/manifest.json"


def test_a_new_build_moves_latest_and_leaves_the_old_one_whole(
    make_pack, bucket, proxy, options_for, admin, reader
):
    options = options_for(proxy.url)
    old = _deliver(make_pack(), bucket, options)

    new = _deliver(make_pack(variant=1), bucket, options)

    assert new.build_id != old.build_id
    assert reader(admin, bucket) == 2
    latest = json.loads(
        admin.get_object(Bucket=bucket, Key="packs/spring-sale/latest.json")["Body"].read()
    )
    assert latest["build_id"] == new.build_id


def test_failing_pack_uploads_nothing(make_pack, bucket, proxy, options_for, admin):
    failing = make_pack(passed=False)

    with pytest.raises(PackNotVerified) as refused:
        _deliver(failing, bucket, options_for(proxy.url))

    assert refused.value.exit_code == 1
    assert "instagram/feed__de.png (contrast)" in str(refused.value)
    assert proxy.plan.requests == [] and _keys(admin, bucket) == []


def test_tampered_pack_uploads_nothing(pack_dir, bucket, proxy, options_for, admin):
    (pack_dir / "instagram" / "feed__ja.png").write_bytes(b"not the verified image")

    with pytest.raises(PackNotVerified, match="feed__ja.png"):
        _deliver(pack_dir, bucket, options_for(proxy.url))

    assert proxy.plan.requests == [] and _keys(admin, bucket) == []


def test_missing_bucket_is_one_clear_line(pack_dir, proxy, options_for):
    with pytest.raises(DeliveryError) as failed:
        _deliver(pack_dir, "no-such-bucket", options_for(proxy.url))

    message = str(failed.value)
    assert message == (
        "s3://no-such-bucket: bucket does not exist — create it or fix the --upload target"
    )
    assert failed.value.exit_code == 3
    assert proxy.plan.writes() == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("AccessDenied", "access denied — these credentials need s3:ListBucket on {b}"),
        ("InvalidAccessKeyId", "s3://{b}: credentials rejected (InvalidAccessKeyId) — check"),
        ("SignatureDoesNotMatch", "s3://{b}: credentials rejected (SignatureDoesNotMatch)"),
    ],
)
def test_refused_credentials_are_one_clear_line(
    code, expected, pack_dir, bucket, proxy, options_for
):
    proxy.plan.deny_code = code

    with pytest.raises(DeliveryError) as failed:
        _deliver(pack_dir, bucket, options_for(proxy.url))

    assert expected.format(b=bucket) in str(failed.value)
    assert "\n" not in str(failed.value)
    assert len(proxy.plan.requests) == 1  # 403s are not retried


def test_no_credentials_at_all(pack_dir, bucket, moto_url, options_for, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    with pytest.raises(DeliveryError, match=f"s3://{bucket}: no usable AWS credentials"):
        _deliver(pack_dir, bucket, options_for(moto_url))


def test_store_that_keeps_failing_gives_up_with_exit_3(pack_dir, bucket, proxy, options_for):
    proxy.plan.always_fail = True

    with pytest.raises(DeliveryError) as failed:
        _deliver(pack_dir, bucket, options_for(proxy.url, max_attempts=3, max_concurrency=1))

    assert "kept failing (ServiceUnavailable) after 3 attempts" in str(failed.value)


def test_corruption_in_transit_is_caught_by_the_checksum(
    pack_dir, bucket, proxy, options_for, admin
):
    proxy.plan.corrupt_next_write = True

    with pytest.raises(DeliveryError, match="BadDigest.*corrupted in transit"):
        _deliver(pack_dir, bucket, options_for(proxy.url, max_concurrency=1))

    assert not any(k.endswith("manifest.json") for k in _keys(admin, bucket))


def test_multipart_zip_through_faults_then_rerun_writes_nothing(
    make_pack, bucket, proxy, options_for, admin, reader
):
    big = make_pack(zip_pad_bytes=6 * 1024 * 1024)
    options = options_for(
        proxy.url,
        multipart_threshold_bytes=5 * 1024 * 1024,
        multipart_chunk_bytes=5 * 1024 * 1024,
    )
    proxy.plan.fail_every = 3

    _deliver(big, bucket, options)

    parts = [p for m, p, h in proxy.plan.writes() if "partNumber=" in p]
    assert {p.split("partNumber=")[1][:1] for p in parts} == {"1", "2"}
    assert all(h.get("x-amz-checksum-sha256") for m, p, h in proxy.plan.writes() if p in parts)
    assert reader(admin, bucket) == 1
    zip_key = f"packs/spring-sale/{read_pack(big).build_id}/pack.zip"
    zipped = admin.get_object(Bucket=bucket, Key=zip_key)["Body"].read()
    assert zipped == (big / "pack.zip").read_bytes()

    plan = proxy.reset()
    assert _deliver(big, bucket, options).wrote_nothing and plan.writes() == []


def test_headers_metadata_and_cache_control(pack_dir, bucket, moto_url, options_for, admin):
    result = _deliver(pack_dir, bucket, options_for(moto_url))

    build = result.target.removeprefix(f"s3://{bucket}/")
    sha = {f.path: f.sha256 for f in read_pack(pack_dir).files}
    cases = {
        "instagram/feed__en.png": "image/png",
        "linkedin/banner__de.jpg": "image/jpeg",
        "index.html": "text/html; charset=utf-8",
        "report.json": "application/json",
        "pack.zip": "application/zip",
    }
    for rel, content_type in cases.items():
        head = admin.head_object(Bucket=bucket, Key=build + rel)
        assert head["ContentType"] == content_type, rel
        assert head["CacheControl"] == "max-age=31536000, immutable", rel
        assert head["Metadata"] == {
            "campaign": "spring-sale",
            "build-id": result.build_id,
            "sha256": sha[rel],
        }
    zip_head = admin.head_object(Bucket=bucket, Key=build + "pack.zip")
    assert zip_head["ContentDisposition"] == (
        f'attachment; filename="spring-sale-{result.build_id}.zip"'
    )
    latest = admin.head_object(Bucket=bucket, Key="packs/spring-sale/latest.json")
    assert latest["CacheControl"] == "no-cache"
    assert latest["ContentType"] == "application/json"


@pytest.mark.parametrize(("sse", "key_id"), [("AES256", None), ("aws:kms", "alias/assetpack-test")])
def test_server_side_encryption_is_requested(
    sse, key_id, pack_dir, bucket, moto_url, options_for, admin
):
    result = _deliver(pack_dir, bucket, options_for(moto_url, sse=sse, kms_key_id=key_id))

    for uri in result.uploaded:
        head = admin.head_object(Bucket=bucket, Key=uri.removeprefix(f"s3://{bucket}/"))
        assert head["ServerSideEncryption"] == sse
        assert head.get("SSEKMSKeyId") == key_id


def test_kms_key_without_kms_is_an_input_error(options_for, moto_url):
    with pytest.raises(InputError, match="--kms-key-id needs --sse aws:kms"):
        options_for(moto_url, sse="AES256", kms_key_id="alias/x")


def test_presigned_zip_url_downloads_the_zip(pack_dir, bucket, proxy, options_for):
    result = _deliver(pack_dir, bucket, options_for(proxy.url, presign_expiry_s=600))

    assert result.presigned_zip_url is not None
    assert "X-Amz-Expires=600" in result.presigned_zip_url
    with urllib.request.urlopen(result.presigned_zip_url, timeout=30) as response:
        assert response.read() == (pack_dir / "pack.zip").read_bytes()


def test_aws_endpoint_url_from_the_environment(
    pack_dir, bucket, moto_url, monkeypatch, reader, admin
):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)

    assert make_s3_client(DeliveryOptions()).meta.endpoint_url == moto_url
    deliver(pack_dir, f"s3://{bucket}")

    assert reader(admin, bucket) == 1


def test_explicit_client_is_used(pack_dir, bucket, moto_url, options_for, admin, reader):
    result = deliver(
        pack_dir,
        f"s3://{bucket}/a/b/",
        options=options_for("http://127.0.0.1:9"),
        s3_client=make_s3_client(options_for(moto_url)),
    )

    assert result.target.startswith(f"s3://{bucket}/a/b/spring-sale/")
    assert reader(admin, bucket) == 1


def test_unsupported_target_is_refused_before_reading_anything(tmp_path: Path, proxy):
    with pytest.raises(InputError, match="cannot deliver to 'gs://'"):
        deliver(tmp_path, "gs://bucket/prefix")
    assert proxy.plan.requests == []
