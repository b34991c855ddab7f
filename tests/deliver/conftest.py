"""Fixtures for delivery tests: a real S3-compatible server on loopback (moto's server mode),
a fault-injecting HTTP proxy in front of it, fake packs with real PNGs, and a reader that
checks every manifest in a bucket names only objects that exist with the right sha256.

Tests get their helpers through fixtures rather than imports: under the suite's
``--import-mode=importlib`` a conftest may import a sibling relatively, but test modules
importing helper modules is fragile.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import random
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from assetpack.deliver import DeliveryOptions

from .fault_proxy import FaultProxy

# ---- servers and clients ------------------------------------------------------------------


_AWS_ENV_TO_CLEAR = (
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
)


def _isolate_aws_env(monkeypatch: pytest.MonkeyPatch, nowhere: Path) -> None:
    """Fake credentials, and nothing from the developer's own AWS setup."""
    for name in _AWS_ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(nowhere))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(nowhere))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    _isolate_aws_env(monkeypatch, tmp_path_factory.getbasetemp() / "no-aws-config")


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_url) as running:
        yield running


@pytest.fixture(scope="session")
def admin(moto_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A client straight to moto, for setting up and inspecting buckets."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate_aws_env(monkeypatch, tmp_path_factory.getbasetemp() / "no-aws-config")
        return boto3.session.Session().client("s3", endpoint_url=moto_url)


_bucket_numbers = itertools.count()


@pytest.fixture
def bucket(admin: Any) -> str:
    name = f"deliver-test-{next(_bucket_numbers)}"
    admin.create_bucket(Bucket=name)
    return name


@pytest.fixture
def options_for() -> Callable[..., DeliveryOptions]:
    """Options for tests: a given endpoint, short timeouts, enough attempts for the faults."""

    def make(endpoint_url: str, **overrides: Any) -> DeliveryOptions:
        base: dict[str, Any] = dict(
            endpoint_url=endpoint_url,
            region="us-east-1",
            max_attempts=4,
            max_concurrency=4,
            connect_timeout_s=5,
            read_timeout_s=20,
        )
        return DeliveryOptions(**(base | overrides))

    return make


# ---- fake packs -----------------------------------------------------------------------------

PRESETS = (("instagram", "feed", (48, 48), "png"), ("linkedin", "banner", (96, 32), "jpg"))
LOCALES = ("en", "de", "ja")


def _image_bytes(size: tuple[int, int], fmt: str, seed: int) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image.putpixel((0, 0), (seed % 256, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG" if fmt == "png" else "JPEG", quality=90)
    return out.getvalue()


def _write_zip(path: Path, members: dict[str, bytes], pad_bytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in sorted(members.items()):
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
        if pad_bytes:  # incompressible filler so tests can force a multipart upload
            filler = random.Random(7).randbytes(pad_bytes)
            zf.writestr(zipfile.ZipInfo("filler.bin", date_time=(2024, 1, 1, 0, 0, 0)), filler)


def _asset_entry(rel: str, data: bytes, preset: tuple, locale: str, failed: bool) -> dict:
    platform, name, size, fmt = preset
    return {
        "path": rel,
        "preset": name,
        "platform": platform,
        "locale": locale,
        "width": size[0],
        "height": size[1],
        "format": fmt,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "copy": {"headline": f"Hi {locale}"},
        "regions": {"headline": [1, 1, 10, 10]},
        "checks": {"contrast": "fail" if failed else "pass", "safe_zone": "pass"},
    }


def build_fake_pack(
    root: Path,
    campaign: str = "spring-sale",
    *,
    passed: bool = True,
    variant: int = 0,
    zip_pad_bytes: int = 0,
) -> Path:
    """OUT/<campaign>/ as the pack stage writes it, with real small images.

    ``variant`` changes the pixels (so the build id); a failing pack fails one asset's check.
    """
    pack = root / campaign
    assets, files = [], {}
    for n, (preset, locale) in enumerate(itertools.product(PRESETS, LOCALES)):
        rel = f"{preset[0]}/{preset[1]}__{locale}.{preset[3]}"
        files[rel] = _image_bytes(preset[2], preset[3], seed=n + 100 * variant)
        assets.append(_asset_entry(rel, files[rel], preset, locale, not passed and n == 1))
    manifest = {"campaign": campaign, "brief_sha256": "ab" * 32, "passed": passed, "assets": assets}
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    files["index.html"] = f"<!doctype html><title>{campaign}</title>".encode()
    files["report.json"] = json.dumps({"passed": passed}).encode()
    files["report.html"] = b"<!doctype html><title>report</title>"
    files["proof.png"] = _image_bytes((32, 32), "png", seed=999 + variant)
    for rel, data in files.items():
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        (pack / rel).write_bytes(data)
    _write_zip(pack / "pack.zip", {a["path"]: files[a["path"]] for a in assets}, zip_pad_bytes)
    return pack


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    counter = itertools.count()

    def make(campaign: str = "spring-sale", **kwargs: Any) -> Path:
        return build_fake_pack(tmp_path / f"out{next(counter)}", campaign, **kwargs)

    return make


@pytest.fixture
def pack_dir(make_pack: Callable[..., Path]) -> Path:
    return make_pack()


# ---- the reader -----------------------------------------------------------------------------


def check_bucket(client: Any, bucket: str) -> int:
    """Every manifest in ``bucket`` names objects that exist with its sha256; every
    latest.json points at such a manifest. Returns how many manifests were checked."""
    keys = [
        item["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
    ]
    manifests = [k for k in keys if k.endswith("/manifest.json")]
    for key in manifests:
        build_prefix = key.removesuffix("manifest.json")
        manifest = json.loads(client.get_object(Bucket=bucket, Key=key)["Body"].read())
        for asset in manifest["assets"]:
            body = client.get_object(Bucket=bucket, Key=build_prefix + asset["path"])["Body"]
            data = body.read()
            assert hashlib.sha256(data).hexdigest() == asset["sha256"], asset["path"]
            assert len(data) == asset["bytes"], asset["path"]
        for name in ("pack.zip", "index.html"):
            assert build_prefix + name in keys, f"{key} committed without {name}"
    for key in (k for k in keys if k.endswith("/latest.json")):
        pointer = json.loads(client.get_object(Bucket=bucket, Key=key)["Body"].read())
        target = key.removesuffix("latest.json") + pointer["manifest"]
        data = client.get_object(Bucket=bucket, Key=target)["Body"].read()
        assert hashlib.sha256(data).hexdigest() == pointer["manifest_sha256"], key
    return len(manifests)


@pytest.fixture
def reader() -> Callable[[Any, str], int]:
    return check_bucket
