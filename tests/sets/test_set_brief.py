"""Briefs with panels: what loads, and every mistake reported with file:line, field and fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assetpack.config import Project, load_project
from assetpack.errors import ConfigError, CopyError


def _edit(brief: Path, change: Any) -> Path:
    data = yaml.safe_load(brief.read_text(encoding="utf-8"))
    change(data)
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return brief


def _problems(brief: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_project(brief)
    return [str(problem) for problem in caught.value.problems]


def test_example_carousel_loads(carousel_project: Project) -> None:
    roles = [panel.role for panel in carousel_project.panels]
    assert roles == ["hook", "benefit", "feature", "proof", "offer"]
    takers = sorted(p.id for p in carousel_project.presets if carousel_project.takes_set(p))
    assert takers == [
        "instagram/carousel-portrait",
        "instagram/carousel-square",
        "linkedin/document",
        "xiaohongshu/cover",
    ]
    assert carousel_project.needs_panels and carousel_project.needs_poster


def test_set_presets_are_marked_in_the_catalog(carousel_project: Project) -> None:
    sizes = {p.id: (p.width_px, p.height_px, p.takes_sets) for p in carousel_project.presets}
    assert sizes["instagram/carousel-portrait"] == (1080, 1350, True)
    assert sizes["instagram/carousel-square"] == (1080, 1080, True)
    assert sizes["linkedin/document"] == (1080, 1350, True)
    assert sizes["xiaohongshu/cover"] == (1080, 1440, True)
    assert sizes["instagram/feed-square"][2] is False


@pytest.mark.parametrize("count", [1, 9])
def test_panel_count_outside_two_to_eight(carousel_copy: Path, count: int) -> None:
    def change(data: dict[str, Any]) -> None:
        data["panels"] = (data["panels"] * 2)[:count]

    (problem,) = _problems(_edit(carousel_copy, change))
    assert re.match(r".*brief\.yaml:\d+: panels: ", problem)
    assert ("at least 2" if count == 1 else "at most 8") in problem


def test_unknown_role_names_the_roles(carousel_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["panels"][1]["role"] = "teaser"

    (problem,) = _problems(_edit(carousel_copy, change))
    assert re.match(r".*brief\.yaml:\d+: panels\.1\.role: ", problem)
    assert "'hook'" in problem and "'cta'" in problem and "'teaser'" in problem


def test_locale_missing_from_a_panels_copy(carousel_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["panels"][2]["copy"]["ja-JP"]

    (problem,) = _problems(_edit(carousel_copy, change))
    assert re.match(r".*brief\.yaml:\d+: panels\.2\.copy: ", problem)
    assert "panel 3 (feature)" in problem and "ja-JP" in problem
    assert "panels[2].copy.ja-JP" in problem and "--copy openai" in problem


def test_panel_copy_for_an_unlisted_locale(carousel_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["panels"][0]["copy"]["fr-FR"] = {"headline": "Le silence."}

    (problem,) = _problems(_edit(carousel_copy, change))
    assert re.match(r".*brief\.yaml:\d+: panels\.0\.copy\.fr-FR: ", problem)
    assert "locales does not list it" in problem


def test_locales_override_only_needs_those_locales(carousel_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["panels"][2]["copy"]["ja-JP"]

    project = load_project(_edit(carousel_copy, change), locales=["en-US", "de-DE"])
    assert project.locales == ["en-US", "de-DE"]


def test_panels_without_copy_need_openai_offline(carousel_copy: Path) -> None:
    from assetpack.copy import write_copy_with_usage

    def change(data: dict[str, Any]) -> None:
        data["panels"][3].pop("copy")

    project = load_project(_edit(carousel_copy, change))
    with pytest.raises(CopyError) as caught:
        write_copy_with_usage(project)
    message = str(caught.value)
    assert "panels[3].copy.en-US.headline" in message and "panels[3].copy.ar-SA.headline" in message
    assert "--copy openai" in message
