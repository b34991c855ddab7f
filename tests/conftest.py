"""Fixtures shared by the whole suite: the example project and a typesetter for it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assetpack.config import CopySet, Project, load_project
from assetpack.copy import write_copy
from assetpack.copy.cache import CACHE_ENV
from assetpack.execute.tasks import release_drawings
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


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder of the suite's own: tests never read or fill the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(autouse=True)
def fresh_drawings() -> Iterator[None]:
    """No drawing kept from another test: a test that swaps the renderer or the verifier
    must see its own task drawn (execute/tasks.py keeps drawings for their twins)."""
    release_drawings()
    yield
    release_drawings()


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
