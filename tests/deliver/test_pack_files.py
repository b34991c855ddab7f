"""Reading and checking a pack before anything is delivered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assetpack.deliver import PackNotVerified, build_id_for, read_pack
from assetpack.errors import InputError, VerificationFailed


def _edit_manifest(pack_dir: Path, **changes: object) -> None:
    path = pack_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


def test_reads_a_verified_pack(pack_dir: Path) -> None:
    pack = read_pack(pack_dir)

    assert pack.campaign == "spring-sale"
    assert [f.path for f in pack.files] == [
        "instagram/feed__en.png",
        "instagram/feed__de.png",
        "instagram/feed__ja.png",
        "linkedin/banner__en.jpg",
        "linkedin/banner__de.jpg",
        "linkedin/banner__ja.jpg",
        "pack.zip",
        "index.html",
        "report.json",
        "report.html",
        "proof.png",
    ]
    assert pack.manifest.path == "manifest.json"
    assert len(pack.build_id) == 16 and pack.build_id == build_id_for((*pack.files, pack.manifest))


def test_build_id_is_a_content_hash(make_pack) -> None:
    same_a, same_b = read_pack(make_pack()), read_pack(make_pack())
    other = read_pack(make_pack(variant=1))

    assert same_a.build_id == same_b.build_id
    assert other.build_id != same_a.build_id


def test_build_id_covers_non_asset_files(pack_dir: Path) -> None:
    before = read_pack(pack_dir).build_id
    (pack_dir / "index.html").write_text("<!doctype html><title>new gallery</title>")

    assert read_pack(pack_dir).build_id != before


def test_stray_files_are_not_shipped(pack_dir: Path) -> None:
    (pack_dir / "instagram" / "feed__fr.png").write_bytes(b"left over from an older build")

    assert "instagram/feed__fr.png" not in [f.path for f in read_pack(pack_dir).files]


def test_failed_pack_is_refused_with_exit_1(make_pack) -> None:
    with pytest.raises(PackNotVerified) as refused:
        read_pack(make_pack(passed=False))

    assert isinstance(refused.value, VerificationFailed) and refused.value.exit_code == 1
    assert "did not pass verification; failing: instagram/feed__de.png (contrast)" in str(
        refused.value
    )


def test_tampered_asset_is_refused(pack_dir: Path) -> None:
    (pack_dir / "linkedin" / "banner__ja.jpg").write_bytes(b"swapped")

    with pytest.raises(PackNotVerified, match=r"1 asset\(s\) differ .*linkedin/banner__ja.jpg"):
        read_pack(pack_dir)


def test_missing_asset_is_refused(pack_dir: Path) -> None:
    (pack_dir / "instagram" / "feed__en.png").unlink()

    with pytest.raises(PackNotVerified, match="missing, e.g. instagram/feed__en.png"):
        read_pack(pack_dir)


def test_missing_manifest_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a pack directory \\(no manifest.json\\)"):
        read_pack(tmp_path)


def test_out_dir_instead_of_campaign_dir_names_the_campaign(pack_dir: Path) -> None:
    with pytest.raises(InputError, match=f"e.g. {pack_dir}$"):
        read_pack(pack_dir.parent)


@pytest.mark.parametrize("bad_path", ["../escape.png", "/etc/passwd", "a/./b.png", "a\\b.png"])
def test_asset_paths_must_stay_inside_the_pack(pack_dir: Path, bad_path: str) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text())
    manifest["assets"][0]["path"] = bad_path
    (pack_dir / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(InputError, match="must be relative and stay inside the pack"):
        read_pack(pack_dir)


@pytest.mark.parametrize("campaign", ["", "a/b", ".."])
def test_campaign_must_be_a_folder_name(pack_dir: Path, campaign: str) -> None:
    _edit_manifest(pack_dir, campaign=campaign)

    with pytest.raises(InputError, match="cannot name a folder"):
        read_pack(pack_dir)


def test_malformed_manifest_is_an_input_error(pack_dir: Path) -> None:
    _edit_manifest(pack_dir, passed="maybe")
    with pytest.raises(InputError, match="manifest.json: passed: "):
        read_pack(pack_dir)

    (pack_dir / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        read_pack(pack_dir)
