"""Loading briefs and kits: relative paths, every problem at once, with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assetpack.config import load_catalog, load_project
from assetpack.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def _example_copy(tmp_path: Path) -> Path:
    """The example brief and kit copied so a test can break them."""
    shutil.copytree(ROOT / "examples" / "spring-launch", tmp_path / "campaign")
    shutil.copytree(ROOT / "brand_kits" / "lumen", tmp_path / "kit")
    brief = tmp_path / "campaign" / "brief.yaml"
    text = brief.read_text().replace("../../brand_kits/lumen", "../kit")
    brief.write_text(text)
    return brief


def test_example_loads_with_absolute_paths(example_project):
    assert example_project.brief.campaign == "aura-launch"
    assert len(example_project.locales) == 12
    assert len(example_project.presets) >= 12
    assert example_project.brief.product.image.is_absolute()
    assert example_project.kit.logo.on_light.is_file()
    assert len(example_project.brief_sha256) == 64


def test_catalog_has_required_presets():
    ids = {p.id: p for p in load_catalog()}
    assert len(ids) >= 20
    for required, size in {
        "instagram/feed-square": (1080, 1080),
        "instagram/feed-portrait": (1080, 1350),
        "instagram/story": (1080, 1920),
    }.items():
        assert (ids[required].width_px, ids[required].height_px) == size
    for required in (
        "tiktok/in-feed",
        "x/post",
        "linkedin/post",
        "pinterest/pin",
        "youtube/thumbnail",
        "google-display/300x250",
        "google-display/728x90",
        "amazon/main",
    ):
        assert required in ids
    assert ids["amazon/main"].text == "none" and ids["amazon/main"].background == "white"
    assert all(p.source for p in ids.values())


def test_every_problem_reported_once_with_line_numbers(tmp_path):
    brief = _example_copy(tmp_path)
    text = brief.read_text()
    text = text.replace("campaign: aura-launch", "campaign: Aura Launch!")
    text = text.replace("  discount_percent: 20", "  discount_percent: 120")
    text = text.replace("key_message:", "key_mesage:")
    brief.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_project(brief)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 3
    lines = text.splitlines()
    for problem in info.value.problems:
        assert problem.file == str(brief)
        assert problem.line is not None
        assert problem.field.split(".")[-1] in lines[problem.line - 1]
    assert any("campaign" in m and "pattern" in m for m in messages)
    assert any("offer.discount_percent" in m and "99" in m for m in messages)
    assert any("key_mesage" in m and "not a known field" in m for m in messages)


def test_bad_kit_color_names_kit_file_and_line(tmp_path):
    brief = _example_copy(tmp_path)
    kit = tmp_path / "kit" / "brandkit.yaml"
    kit.write_text(kit.read_text().replace('color: "#C8361F"', 'color: "red"'))
    with pytest.raises(ConfigError) as info:
        load_project(brief)
    (problem,) = info.value.problems
    assert problem.file == str(kit)
    assert problem.field == "palette.accent.color"
    assert "#RRGGBB" in problem.message
    assert 'color: "red"' in kit.read_text().splitlines()[problem.line - 1]


def test_unknown_preset_suggests_close_ids(tmp_path):
    brief = _example_copy(tmp_path)
    brief.write_text(brief.read_text().replace("  - x/post\n", "  - x/posts\n"))
    with pytest.raises(ConfigError) as info:
        load_project(brief)
    (problem,) = info.value.problems
    assert "x/posts" in problem.message and "x/post" in problem.message


def test_file_outside_folders_refused_unless_allowed(tmp_path):
    brief = _example_copy(tmp_path)
    outside = tmp_path / "elsewhere.png"
    shutil.copy(tmp_path / "campaign" / "product.png", outside)
    brief.write_text(brief.read_text().replace("image: product.png", "image: ../elsewhere.png"))
    with pytest.raises(ConfigError) as info:
        load_project(brief)
    assert "--allow-outside" in str(info.value)
    assert load_project(brief, allow_outside=True).brief.product.image == outside


def test_missing_file_and_yaml_syntax(tmp_path):
    brief = _example_copy(tmp_path)
    brief.write_text(brief.read_text().replace("image: product.png", "image: nope.png"))
    with pytest.raises(ConfigError, match="nope.png"):
        load_project(brief)
    brief.write_text("campaign: [unclosed\n")
    with pytest.raises(ConfigError) as info:
        load_project(brief)
    assert "YAML syntax" in str(info.value) and info.value.problems[0].line == 2


def test_overrides_replace_locales_and_presets(example_brief):
    project = load_project(example_brief, locales=["ja-JP"], presets=["google-display/*"])
    assert project.locales == ["ja-JP"]
    assert {p.platform for p in project.presets} == {"google-display"}
    with pytest.raises(ConfigError, match="--locales"):
        load_project(example_brief, locales=["xx-NOPE"])
