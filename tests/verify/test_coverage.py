"""The renderer's text coverage: the very mask the verifier would draw for itself, so passing
it to `verify` spares a second drawing of every line and never changes a verdict."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from assetpack.config import SizePreset, load_catalog
from assetpack.layout import LayoutPlan, lay_out_preset
from assetpack.render import render, render_with_coverage
from assetpack.verify import ocr_reference, verify

PRESET = "instagram/feed-square"
# Latin left to right, Arabic right to left, Thai with stacked vowel and tone marks.
LOCALES = ("en-US", "ar-SA", "th-TH")


@pytest.fixture(scope="module")
def preset() -> SizePreset:
    return next(p for p in load_catalog() if p.id == PRESET)


@pytest.fixture(scope="module")
def plans(example_project, example_copies, typesetter, preset) -> dict[str, LayoutPlan]:
    copies = {locale: example_copies[locale] for locale in LOCALES}
    product = str(example_project.brief.product.image)
    return lay_out_preset(preset, copies, example_project.kit, typesetter, product)


def test_the_plans_cover_both_directions(plans):
    directions = {
        locale: {run.direction for b in plan.blocks for line in b.lines for run in line.runs}
        for locale, plan in plans.items()
    }
    assert "rtl" in directions["ar-SA"] and directions["th-TH"] == {"ltr"}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_render_s_coverage_is_the_mask_the_verifier_draws(plans, locale):
    plan = plans[locale]
    image, coverage = render_with_coverage(plan, None)
    drawn = ocr_reference.Proof(plan, image).coverage
    assert (coverage.mode, coverage.size) == ("L", image.size)
    assert np.array_equal(np.asarray(coverage), np.asarray(drawn))
    # Every block is in it: each one's ink holds fully covered pixels.
    for block in plan.blocks:
        assert block.ink is not None
        x0, y0, x1, y1 = block.ink
        assert (np.asarray(coverage)[y0:y1, x0:x1] == 255).any(), block.slot
    assert image.tobytes() == render(plan, None).tobytes()


@pytest.mark.parametrize("locale", LOCALES)
def test_verify_gives_the_same_checks_with_the_render_s_coverage(
    plans, preset, example_project, locale
):
    plan = plans[locale]
    image, coverage = render_with_coverage(plan, None)
    given = verify(plan, image, preset, example_project.kit, coverage=coverage)
    drawn = verify(plan, image, preset, example_project.kit)
    assert given == drawn
    assert [c for c in given if c.name == "ocr"], "no OCR check was made"


def test_a_passed_coverage_is_not_drawn_again(plans, monkeypatch):
    plan = plans["en-US"]
    image, coverage = render_with_coverage(plan, None)

    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the verifier drew the text again")

    monkeypatch.setattr(ocr_reference, "draw_runs", no_drawing)
    proof = ocr_reference.Proof(plan, image, coverage)
    block = plan.blocks[0]
    assert proof.shows_exactly(block, block.lines[0].runs, block.lines[0].ink)
    with pytest.raises(AssertionError, match="drew the text again"):
        ocr_reference.Proof(plan, image).shows_exactly(
            block, block.lines[0].runs, block.lines[0].ink
        )


@pytest.mark.parametrize("where", ["after", "over"])
def test_ink_added_after_rendering_is_seen_with_the_render_s_coverage(plans, where):
    """The coverage says where the plan's glyphs are, not what the pixels show: a mark in
    the text colour beside the line, or a patch over its first letters, still breaks it."""
    plan = plans["en-US"]
    image, coverage = render_with_coverage(plan, None)
    block = plan.blocks[0]
    line = block.lines[0]
    x0, y0, x1, y1 = line.ink
    margin = block.size_px // 4
    crop = (max(0, x0 - margin), max(0, y0 - margin), x1 + margin, y1 + margin)
    assert ocr_reference.Proof(plan, image, coverage).shows_exactly(block, line.runs, crop)
    box, colour = (x1 + 4, y0 + 10, x1 + 14, y1 - 10), block.color
    if where == "over":
        box, colour = (x0, y0, x0 + 30, y1), "#FFFFFF" if block.color != "#FFFFFF" else "#000000"
    ImageDraw.Draw(image).rectangle(box, fill=colour)
    assert not ocr_reference.Proof(plan, image, coverage).shows_exactly(block, line.runs, crop)


def test_a_coverage_of_another_canvas_is_refused(plans):
    plan = plans["en-US"]
    image = render(plan, None)
    with pytest.raises(ValueError, match="coverage must be"):
        ocr_reference.Proof(plan, image, Image.new("L", (image.width, image.height + 1)))
    with pytest.raises(ValueError, match="coverage must be"):
        ocr_reference.Proof(plan, image, Image.new("1", image.size))
