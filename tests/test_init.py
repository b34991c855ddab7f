"""`assetpack init`: a kit and brief that build offline at once, from flags or questions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from assetpack.init_brand import contrast, derive_palette
from assetpack.init_cmd import TEMPLATES, init_command


def _init(target: Path, *args: str, input: str | None = None) -> object:
    return CliRunner().invoke(init_command, [str(target), *args], input=input)


def test_init_then_build_passes(tmp_path: Path) -> None:
    from assetpack.build import BuildOptions, build

    target = tmp_path / "kettle"
    result = _init(
        target,
        "--no-input",
        "--brand", "Fjord & Co",
        "--product", "Fjord Kettle",
        "--price", "79.50",
        "--currency", "eur",
        "--locales", "en-US,ar-SA,ja-JP",
        "--primary-color", "#1E8C6B",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert names == [
        "brand/brandkit.yaml",
        "brand/logo-on-dark.png",
        "brand/logo-on-light.png",
        "brand/mark-on-dark.png",
        "brand/mark-on-light.png",
        "brief.yaml",
    ]
    brief = yaml.safe_load((target / "brief.yaml").read_text(encoding="utf-8"))
    assert brief["campaign"] == "fjord-kettle-launch"
    assert brief["product"]["price"] == {"amount": 79.5, "currency": "EUR"}
    assert brief["copy"]["ar-SA"]["headline"] == "تعرّف على Fjord Kettle"

    options = BuildOptions(
        presets=("instagram/feed-square", "google-display/300x250", "google-display/728x90"),
        ocr=False,
        workers=2,
    )
    built = build(target / "brief.yaml", tmp_path / "out", options)
    failures = [(a.path, c.message) for a in built.assets for c in a.details if c.status == "fail"]
    assert failures == []
    assert len(built.assets) == 9


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "kit"
    assert _init(target, "--no-input").exit_code == 0
    brief = target / "brief.yaml"
    brief.write_text("# mine\n", encoding="utf-8")
    result = _init(target, "--no-input", "--brand", "Other")
    assert result.exit_code == 2
    assert f"{brief} already exists" in result.output
    assert brief.read_text(encoding="utf-8") == "# mine\n"


def test_init_asks_when_interactive(tmp_path: Path) -> None:
    answers = "Lumo\nLumo Lamp\n45\nGBP\nen-GB,de-DE\n#FFD400\n"
    result = _init(tmp_path / "lamp", input=answers)
    assert result.exit_code == 0, result.output
    assert "Brand name" in result.output and "Primary brand color" in result.output
    kit = yaml.safe_load((tmp_path / "lamp" / "brand" / "brandkit.yaml").read_text("utf-8"))
    assert kit["name"] == "Lumo"
    assert kit["palette"]["primary"]["color"] == "#FFD400"
    brief = yaml.safe_load((tmp_path / "lamp" / "brief.yaml").read_text("utf-8"))
    assert brief["locales"] == ["en-GB", "de-DE"]
    assert brief["copy"]["de-DE"]["headline"] == "Das ist Lumo Lamp."


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--locales", "xx-QQ"),
        ("--locales", "sw-KE"),  # a real locale, but the phrasebook has no Swahili
        ("--price", "cheap"),
        ("--currency", "ABC"),
        ("--primary-color", "blue"),
    ],
)
def test_init_rejects_bad_flags(tmp_path: Path, flag: str, value: str) -> None:
    result = _init(tmp_path / "bad", "--no-input", flag, value)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize(
    "color", ["#F2A93B", "#1E8C6B", "#2F6FEB", "#777777", "#FFFFFF", "#000000"]
)
def test_derived_palette_reads_well(color: str) -> None:
    palette = derive_palette(color)
    for role, pair in palette.items():
        assert contrast(pair["color"], pair["text"]) >= 7.0, (role, pair)


def test_every_phrasebook_language_has_templates() -> None:
    from assetpack.copy.phrasebook import supported_locales

    assert sorted(TEMPLATES) == sorted(supported_locales())
    for headline, _subhead in TEMPLATES.values():
        assert "{product}" in headline
