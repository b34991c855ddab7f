"""Parsing delivery targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from assetpack.deliver import S3Target, parse_target
from assetpack.deliver.target import resolve_target
from assetpack.errors import InputError


@pytest.mark.parametrize(
    ("uri", "bucket", "prefix"),
    [
        ("s3://brand-assets", "brand-assets", ""),
        ("s3://brand-assets/", "brand-assets", ""),
        ("s3://brand-assets/packs", "brand-assets", "packs"),
        ("s3://brand-assets//packs/2024/", "brand-assets", "packs/2024"),
        ("S3://my.bucket.eu/a%20b", "my.bucket.eu", "a b"),
    ],
)
def test_parse_target(uri: str, bucket: str, prefix: str) -> None:
    assert parse_target(uri) == S3Target(bucket, prefix)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("brand-assets/packs", "not an S3 target — write it as s3://bucket/prefix"),
        ("https://brand-assets/packs", "not an S3 target"),
        ("s3://", "'' is not a valid bucket name"),
        ("s3://Brand_Assets/x", "'Brand_Assets' is not a valid bucket name — use 3-63"),
        ("s3://ab", "'ab' is not a valid bucket name"),
        ("s3://bucket/../x", "'.' and '..' are not allowed"),
        ("s3://bucket/x?versionId=1", "take no '?' or '#' part"),
    ],
)
def test_bad_targets_name_the_fix(uri: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_target(uri)
    assert str(raised.value).startswith(uri + ": ")
    assert message in str(raised.value)


def test_keys_and_uris() -> None:
    target = S3Target("bkt", "packs/2024")
    assert target.key("spring", "abc", "manifest.json") == "packs/2024/spring/abc/manifest.json"
    assert S3Target("bkt").key("spring", "latest.json") == "spring/latest.json"
    assert target.uri(target.key("x")) == "s3://bkt/packs/2024/x"
    assert str(target) == "s3://bkt/packs/2024"


def test_resolve_target_local_and_file_uris(tmp_path: Path) -> None:
    assert resolve_target(str(tmp_path)) == tmp_path
    assert resolve_target(f"file://{tmp_path}/a%20b") == tmp_path / "a b"
    assert resolve_target(tmp_path) == tmp_path
    assert resolve_target("s3://bkt/p") == S3Target("bkt", "p")
    with pytest.raises(InputError, match="cannot deliver to 'gs://'"):
        resolve_target("gs://bkt/p")
