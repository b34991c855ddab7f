"""The CLI through click's runner: exit codes, --json, messages a marketer can act on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from assetpack.cli import main_group

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(main_group, list(args), catch_exceptions=False)


def test_build_json_contract(tmp_path, example_brief):
    result = run(
        "build",
        str(example_brief),
        "-o",
        str(tmp_path),
        "--json",
        "--locales",
        "ko-KR,th-TH",
        "--presets",
        "google-display/300x250",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"out_dir", "zip", "manifest", "assets", "passed", "reused", "unchanged"}
    assert data["assets"] == 2 and data["passed"] is True
    assert Path(data["zip"]).is_absolute() and Path(data["zip"]).is_file()


def test_bad_brief_exits_2_with_file_line_field(tmp_path):
    shutil.copytree(ROOT / "examples" / "spring-launch", tmp_path / "c")
    brief = tmp_path / "c" / "brief.yaml"
    text = brief.read_text().replace("../../brand_kits/lumen", str(ROOT / "brand_kits/lumen"))
    brief.write_text(text.replace("currency: USD", "currency: DOLLARS"))
    result = CliRunner().invoke(main_group, ["build", str(brief), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{brief}:" in result.stderr and "product.price.currency" in result.stderr
    assert "ISO 4217" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "o" / "aura-launch").exists()


def test_copy_that_cannot_fit_exits_2_naming_preset_locale_slot(tmp_path):
    shutil.copytree(ROOT / "examples" / "spring-launch", tmp_path / "c")
    brief = tmp_path / "c" / "brief.yaml"
    text = brief.read_text().replace("../../brand_kits/lumen", str(ROOT / "brand_kits/lumen"))
    long = "Absolutely " * 30
    brief.write_text(text.replace("    cta: Shop now", f"    cta: {long}"))
    result = CliRunner().invoke(
        main_group,
        [
            "build",
            str(brief),
            "-o",
            str(tmp_path / "o"),
            "--locales",
            "en-US",
            "--presets",
            "google-display/320x50",
        ],
    )
    assert result.exit_code == 2
    assert "google-display/320x50" in result.stderr and "en-US" in result.stderr
    assert "cta" in result.stderr


def test_presets_list_and_schema():
    listing = run("presets", "list", "--platform", "google-display")
    assert listing.exit_code == 0 and "google-display/728x90" in listing.output
    assert "instagram" not in listing.output
    as_json = json.loads(run("presets", "list", "--json").output)
    assert any(p["id"] == "instagram/story" and p["aspect_class"] == "story" for p in as_json)
    schema = json.loads(run("schema", "brief").output)
    assert "copy" in schema["properties"] and "locales" in schema["required"]


def test_kit_check_reports_coverage():
    result = run("kit", "check", str(ROOT / "brand_kits/lumen"), "--locales", "ja-JP,ar-SA,bn-BD")
    assert result.exit_code == 0, result.output
    assert "Noto Sans JP" in result.output and "no coverage gaps" in result.output


def test_verbose_logs_each_asset_and_quiet_prints_only_the_verdict(tmp_path, example_brief):
    args = ["build", str(example_brief), "-o", str(tmp_path), "--locales", "en-US",
            "--presets", "google-display/728x90,google-display/320x50"]  # fmt: skip
    verbose = run(*args, "-v")
    assert verbose.exit_code == 0
    assert "[1/2]" in verbose.stderr and "[2/2]" in verbose.stderr
    assert "google-display/728x90" in verbose.stdout  # the summary table
    quiet = run(*args, "-q")
    assert quiet.exit_code == 0 and "[1/2]" not in quiet.stderr
    assert "preset" not in quiet.stdout and "verification passed" in quiet.stdout
