"""Delivery into a local directory: same layout and idempotency rules as S3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assetpack.deliver import PackNotVerified, deliver, read_pack
from assetpack.errors import DeliveryError


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_copies_the_pack_under_campaign_and_build_id(pack_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "delivered"
    pack = read_pack(pack_dir)

    result = deliver(pack_dir, str(dest))

    build = f"spring-sale/{pack.build_id}/"
    expected = [build + f.path for f in (*pack.files, pack.manifest)]
    assert _tree(dest) == sorted([*expected, "spring-sale/latest.json"])
    for f in (*pack.files, pack.manifest):
        assert (dest / build / f.path).read_bytes() == f.local.read_bytes()
    pointer = json.loads((dest / "spring-sale" / "latest.json").read_text())
    assert pointer["manifest"] == f"{pack.build_id}/manifest.json"
    assert result.target == str(dest / "spring-sale" / pack.build_id)
    assert result.presigned_zip_url is None and not result.wrote_nothing


def test_rerun_writes_nothing(pack_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "delivered"
    first = deliver(pack_dir, dest)
    mtimes = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}

    again = deliver(pack_dir, dest)

    assert again.wrote_nothing and sorted(again.skipped) == sorted(first.uploaded)
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*")} == mtimes


def test_new_build_moves_latest_and_keeps_the_old(make_pack, tmp_path: Path) -> None:
    dest = tmp_path / "delivered"
    old = deliver(make_pack(), dest)

    new = deliver(make_pack(variant=1), f"file://{dest}")

    assert Path(old.manifest_uri).is_file() and Path(new.manifest_uri).is_file()
    pointer = json.loads((dest / "spring-sale" / "latest.json").read_text())
    assert pointer["build_id"] == new.build_id != old.build_id
    assert not [p for p in (dest / "spring-sale").iterdir() if p.name.startswith(".")]


def test_never_overwrites_a_different_existing_build(pack_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "delivered"
    result = deliver(pack_dir, dest)
    (Path(result.target) / "index.html").write_text("edited by hand")

    with pytest.raises(DeliveryError, match="already holds a different build \\(index.html"):
        deliver(pack_dir, dest)

    assert (Path(result.target) / "index.html").read_text() == "edited by hand"


def test_failing_pack_writes_nothing(make_pack, tmp_path: Path) -> None:
    dest = tmp_path / "delivered"

    with pytest.raises(PackNotVerified):
        deliver(make_pack(passed=False), dest)

    assert not dest.exists()


def test_unwritable_target_is_a_delivery_error(pack_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")

    with pytest.raises(DeliveryError, match="cannot write the pack") as failed:
        deliver(pack_dir, blocker)

    assert failed.value.exit_code == 3 and "\n" not in str(failed.value)
