"""Fixtures for multi-panel sets: the carousel example, loaded, written and laid out once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assetpack.build_tasks import lay_out_all
from assetpack.config import CopySet, Project, load_project
from assetpack.copy import write_copy_with_usage
from assetpack.fonts import resolve_fonts
from assetpack.layout import LayoutPlan, Typesetter

ROOT = Path(__file__).resolve().parents[2]
CAROUSEL = ROOT / "examples" / "carousel" / "brief.yaml"


@pytest.fixture(scope="session")
def carousel_project() -> Project:
    return load_project(CAROUSEL)


@pytest.fixture(scope="session")
def carousel_panels(carousel_project: Project) -> list[dict[str, CopySet]]:
    return write_copy_with_usage(carousel_project).panels


@pytest.fixture(scope="session")
def carousel_plans(carousel_project: Project) -> dict[str, dict[str, LayoutPlan]]:
    written = write_copy_with_usage(carousel_project)
    ts = Typesetter(resolve_fonts(carousel_project.kit, carousel_project.locales))
    return lay_out_all(carousel_project, written.copy_by_locale, ts, written.panels)


@pytest.fixture
def carousel_copy(tmp_path: Path) -> Path:
    """The carousel example and the kit copied, so a test can change the brief."""
    shutil.copytree(ROOT / "examples" / "carousel", tmp_path / "campaign")
    shutil.copytree(ROOT / "brand_kits" / "lumen", tmp_path / "kit")
    brief = tmp_path / "campaign" / "brief.yaml"
    brief.write_text(brief.read_text().replace("../../brand_kits/lumen", "../kit"))
    return brief
