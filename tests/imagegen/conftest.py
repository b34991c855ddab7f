"""Fixtures for image API tests: the loopback images server and small projects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assetpack.config import Project, load_project

from .images_server import FakeImages, start

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "spring-launch" / "brief.yaml"


@pytest.fixture
def fake_images() -> Iterator[FakeImages]:
    fake = FakeImages()
    stop = start(fake)
    try:
        yield fake
    finally:
        stop()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may read the developer's key, gateway, image configuration or cache."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ASSETPACK_IMAGE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSETPACK_CACHE_DIR", str(tmp_path / "default-cache"))


def example_project(
    presets: list[str], locales: list[str], *, product: bool = True
) -> Project:
    """The example brief, narrowed; without the product photo when `product` is False."""
    project = load_project(EXAMPLE, presets=presets, locales=locales)
    if product:
        return project
    brief = project.brief
    no_photo = brief.product.model_copy(update={"image": None})
    return project.model_copy(update={"brief": brief.model_copy(update={"product": no_photo})})
