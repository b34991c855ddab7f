"""Fixtures for image API tests: the loopback images server and small projects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assetpack.art import Art, make_art
from assetpack.build_tasks import art_inputs, lay_out_all
from assetpack.config import CopySlots, Project, load_project
from assetpack.copy import write_copy
from assetpack.fonts import resolve_fonts
from assetpack.layout import LayoutPlan, Typesetter

from ..loopback import isolate_openai
from .images_server import FakeImages, start

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "spring-launch" / "brief.yaml"
# Copy that OCR reads back reliably whoever draws it ("20% OFF" and "279,00 €" it reads as
# "20 %OFF" and "279,00€"): these tests are about the image pipeline, not the OCR engines.
PLAIN_COPY = {
    "en-US": CopySlots(headline="Quiet.", subhead="Adaptive noise cancelling.", cta="Shop now",
                       badge="NEW", legal="Lumen Audio. Terms apply."),
}  # fmt: skip


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
    isolate_openai(monkeypatch, tmp_path, "ASSETPACK_IMAGE_CONFIG")


def example_project(presets: list[str], locales: list[str], *, product: bool = True) -> Project:
    """The example brief, narrowed, with plain English copy; without the product photo when
    `product` is False."""
    project = load_project(EXAMPLE, presets=presets, locales=locales)
    brief = project.brief
    update: dict[str, object] = {"copy_by_locale": {**brief.copy_by_locale, **PLAIN_COPY}}
    if not product:
        update["product"] = brief.product.model_copy(update={"image": None})
    return project.model_copy(update={"brief": brief.model_copy(update=update)})


def example_plans(
    presets: list[str], locales: list[str]
) -> tuple[list[LayoutPlan], dict[str, Art]]:
    """Typeset plans of `example_project` and its offline art, as the build makes them."""
    project = example_project(presets, locales)
    fonts = resolve_fonts(project.kit, project.locales)
    plans = lay_out_all(project, write_copy(project), Typesetter(fonts))
    arts = make_art(project, *art_inputs(project.presets, plans))
    return [p for by_locale in plans.values() for p in by_locale.values()], arts
