"""`assetpack verify`: packs re-checked from their manifest, and images made anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from assetpack.build import BuildOptions, build
from assetpack.cli import main_group
from assetpack.fonts.resolve import fallback_font_path
from assetpack.verify.reverify import verify_image, verify_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory, example_brief) -> Path:
    options = BuildOptions(locales=("en-US", "ja-JP"), presets=("google-display/728x90",),
                           workers=1)  # fmt: skip
    return build(example_brief, tmp_path_factory.mktemp("out"), options).out_dir


def _poster(tmp_path: Path, text: str, top_px: int) -> Path:
    """A poster made elsewhere: plain Pillow, no assetpack layout."""
    path = fallback_font_path("latin")
    image = Image.new("RGB", (1080, 1080), (250, 246, 238))
    font = ImageFont.truetype(path, 96)
    ImageDraw.Draw(image).text((120, top_px), text, font=font, fill=(20, 25, 43))
    out = tmp_path / "poster.png"
    image.save(out)
    return out


def test_a_built_pack_verifies_and_a_changed_file_is_caught(pack_dir: Path, tmp_path: Path):
    reports = verify_pack(pack_dir)
    assert len(reports) == 2 and all(r.passed for r in reports)
    assert {c.name for c in reports[0].checks} >= {"file", "ocr"}
    zipped = verify_pack(pack_dir / "pack.zip")
    assert all(r.passed for r in zipped)
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(pack_dir, copy)
    target = copy / "google-display" / "728x90__en-US.png"
    Image.open(target).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(target)
    tampered = {r.path: r for r in verify_pack(copy)}
    bad = tampered["google-display/728x90__en-US.png"]
    assert not bad.passed
    assert any("changed since it was built" in c.message for c in bad.checks)


def test_an_image_made_elsewhere(tmp_path: Path):
    poster = _poster(tmp_path, "Summer Sale", 400)
    good = verify_image(poster, "instagram/feed-square", "en-US", {"headline": "Summer Sale"})
    assert good.passed, [c.message for c in good.checks if c.status != "pass"]
    wrong = verify_image(poster, "instagram/feed-square", "en-US", {"headline": "Winter Sale"})
    assert not wrong.passed
    high = _poster(tmp_path, "Summer Sale", 5)
    unsafe = verify_image(high, "instagram/story", "en-US", {"headline": "Summer Sale"})
    assert any(c.name == "safe_zone" and c.status == "fail" for c in unsafe.checks)


def test_cli_exit_codes_and_json(pack_dir: Path, tmp_path: Path):
    runner = CliRunner()
    ok = runner.invoke(main_group, ["verify", str(pack_dir), "--json"])
    assert ok.exit_code == 0
    data = json.loads(ok.stdout)
    assert data["passed"] is True
    assert set(data["assets"][0]["checks"][0]) >= {"name", "status", "region", "measured",
                                                    "threshold", "message"}  # fmt: skip
    poster = _poster(tmp_path, "Summer Sale", 400)
    args = [
        "verify",
        str(poster),
        "--preset",
        "instagram/feed-square",
        "--expect",
        "headline=Winter",
    ]
    failing = runner.invoke(main_group, args)
    assert failing.exit_code == 1
    usage = runner.invoke(main_group, ["verify", str(poster), "--expect", "headline=Hi"])
    assert usage.exit_code == 2
