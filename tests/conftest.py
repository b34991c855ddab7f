"""Fixtures shared by the whole suite: the example project and a typesetter for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assetpack.config import CopySet, Project, load_project
from assetpack.copy import write_copy
from assetpack.fonts import resolve_fonts
from assetpack.layout import Typesetter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_BRIEF = ROOT / "examples" / "spring-launch" / "brief.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite the golden PNGs in tests/render/golden from the current renderer.",
    )


@pytest.fixture(scope="session")
def example_brief() -> Path:
    return EXAMPLE_BRIEF


@pytest.fixture(scope="session")
def example_project() -> Project:
    return load_project(EXAMPLE_BRIEF)


@pytest.fixture(scope="session")
def example_copies(example_project: Project) -> dict[str, CopySet]:
    return write_copy(example_project)


@pytest.fixture(scope="session")
def typesetter(example_project: Project) -> Typesetter:
    return Typesetter(resolve_fonts(example_project.kit, example_project.locales))
