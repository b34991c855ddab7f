"""Text is drawn once per block, through a mask over the block's ink: the same pixels as
drawing every run on the canvas, and nothing lost when a plan's ink box is off."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from assetpack.art import Art
from assetpack.config import load_catalog
from assetpack.config.base import hex_to_rgb
from assetpack.imagegen.text_result import text_free
from assetpack.layout import LayoutPlan, lay_out_preset
from assetpack.memo import SharedLru
from assetpack.render import draw, render, render_with_coverage
from assetpack.render.draw import DrawFonts, draw_runs

PRESETS = ("instagram/feed-square", "instagram/story")
LOCALES = ("en-US", "ja-JP", "ar-SA", "th-TH")


@pytest.fixture(scope="module")
def plans(example_project, example_copies, typesetter) -> dict[tuple[str, str], LayoutPlan]:
    catalog = {p.id: p for p in load_catalog()}
    copies = {locale: example_copies[locale] for locale in LOCALES}
    product = str(example_project.brief.product.image)
    return {
        (preset, locale): plan
        for preset in PRESETS
        for locale, plan in lay_out_preset(
            catalog[preset], copies, example_project.kit, typesetter, product
        ).items()
    }


def _run_by_run(plan: LayoutPlan) -> tuple[Image.Image, Image.Image]:
    """The image and coverage drawn as the renderer used to: every run straight onto the
    canvas, and again onto a canvas-sized mask."""
    image = render(text_free(plan), None)
    coverage = Image.new("L", image.size, 0)
    on_image, on_mask = ImageDraw.Draw(image), ImageDraw.Draw(coverage)
    for block in plan.blocks:
        for line in block.lines:
            draw_runs(on_image, line.runs, block.size_px, hex_to_rgb(block.color))
            draw_runs(on_mask, line.runs, block.size_px, 255)
    return image, coverage


def _assert_same(plan: LayoutPlan) -> None:
    image, coverage = render_with_coverage(plan, None)
    expected_image, expected_coverage = _run_by_run(plan)
    assert np.array_equal(np.asarray(coverage), np.asarray(expected_coverage))
    diff = np.abs(np.asarray(image, np.int16) - np.asarray(expected_image, np.int16))
    # One blend through a block's mask rounds like the run-by-run blends except where two
    # runs' antialiased edges overlap: 2 pixels of 372 example assets, 1 level apart.
    assert int(diff.max()) <= 1 and int((diff > 0).sum()) <= 10


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("locale", LOCALES)
def test_blocks_drawn_through_masks_look_as_runs_drawn_one_by_one(plans, preset, locale):
    _assert_same(plans[(preset, locale)])


def test_text_beyond_its_planned_ink_is_drawn_whole(plans):
    """Runs moved without their ink boxes (a hand-edited plan) would be cut by a mask made
    to the ink: the block is drawn over the whole canvas instead."""
    plan = plans[("instagram/feed-square", "en-US")]
    headline = plan.blocks[0]
    lines = [
        line.model_copy(update={"runs": [r.model_copy(update={"x": r.x + 40}) for r in line.runs]})
        for line in headline.lines
    ]
    moved = headline.model_copy(update={"lines": lines})
    assert moved.ink == headline.ink and moved.ink is not None
    assert moved.ink[2] + 40 < plan.width_px
    _assert_same(plan.model_copy(update={"blocks": [moved, *plan.blocks[1:]]}))


def test_reused_font_objects_draw_what_fresh_ones_draw(plans):
    """Drawing (unlike measuring, fonts/pil.py) does not depend on what a FreeType object drew
    before: one DrawFonts shared by every plan in turn gives each plan's fresh pixels."""
    shared = DrawFonts()
    for plan in plans.values():
        fresh = Image.new("L", (plan.width_px, plan.height_px), 0)
        reused = fresh.copy()
        for block in plan.blocks:
            for line in block.lines:
                draw_runs(ImageDraw.Draw(fresh), line.runs, block.size_px, 255)
                draw_runs(ImageDraw.Draw(reused), line.runs, block.size_px, 255, fonts=shared)
        assert fresh.tobytes() == reused.tobytes()


def test_a_kept_block_mask_is_the_one_its_block_would_draw(plans, monkeypatch):
    """Masks are kept by everything they depend on: drawing a plan again takes its blocks'
    masks from the store and gets the same pixels; a block whose text changed (same boxes)
    is drawn anew."""
    plan = plans[("instagram/feed-square", "ja-JP")]
    monkeypatch.setattr(draw, "_MASKS", SharedLru(256))
    image, coverage = render_with_coverage(plan, None)
    kept = len(draw._MASKS._values)
    assert kept == len(plan.blocks)
    again, again_coverage = render_with_coverage(plan, None)
    assert len(draw._MASKS._values) == kept  # every mask came from the store
    assert again.tobytes() == image.tobytes() and again_coverage.tobytes() == coverage.tobytes()

    headline = plan.blocks[0]
    run = headline.lines[0].runs[0]
    first = headline.lines[0].model_copy(
        update={
            "runs": [run.model_copy(update={"text": run.text[::-1]}), *headline.lines[0].runs[1:]]
        }
    )
    changed = plan.model_copy(
        update={"blocks": [headline.model_copy(update={"lines": [first, *headline.lines[1:]]}),
                           *plan.blocks[1:]]}
    )  # fmt: skip
    drawn, _ = render_with_coverage(changed, None)
    monkeypatch.setattr(draw, "_MASKS", SharedLru(256))
    fresh, _ = render_with_coverage(changed, None)
    assert drawn.tobytes() == fresh.tobytes() != image.tobytes()


def test_images_are_kept_per_size_with_their_shadow_and_huge_ones_are_drawn_anew(
    plans, monkeypatch
):
    """A build's presets draw the product and logo at their own sizes, turn after turn:
    those are kept (the next draw gets the same pixels from the store), except images over
    KEEP_LAYER_MAX_PX."""
    plan = plans[("instagram/feed-square", "en-US")]
    placements = [p for p in (plan.product, plan.logo) if p is not None]
    assert plan.product is not None and plan.product.shadow
    monkeypatch.setattr(draw, "_UNDER_TEXT", SharedLru(0))  # draw what lies under the text
    draw._layer.cache_clear()
    image = render(plan, None)
    assert draw._layer.cache_info().currsize == len(placements)
    assert render(plan, None).tobytes() == image.tobytes()
    assert draw._layer.cache_info().hits == len(placements)
    monkeypatch.setattr(draw, "KEEP_LAYER_MAX_PX", 100 * 100)
    draw._layer.cache_clear()
    assert render(plan, None).tobytes() == image.tobytes()
    assert draw._layer.cache_info().currsize == 0


def test_what_lies_under_the_text_is_drawn_once_per_preset_art_and_direction(plans, monkeypatch):
    """Every locale of a preset has the same art, shapes, product and logo under its text:
    they are drawn once and copied, and the copy is what drawing them afresh gives. A
    mirrored locale, other art or a changed product has its own."""
    monkeypatch.setattr(draw, "_UNDER_TEXT", SharedLru(8))
    drawn: list[str] = []
    real = draw._drawn_under_text

    def counted(plan: LayoutPlan, art: Art | None) -> tuple[Art | None, Image.Image]:
        drawn.append(plan.locale)
        return real(plan, art)

    monkeypatch.setattr(draw, "_drawn_under_text", counted)
    gradient = Image.linear_gradient("L").resize((1080, 1080)).convert("RGB")
    art = Art.from_image("square", gradient, "procedural")
    other = Art.from_image("square", ImageOps.invert(gradient), "procedural")
    feed = {locale: plans[("instagram/feed-square", locale)] for locale in LOCALES}
    images = {locale: render(plan, art) for locale, plan in feed.items()}
    assert drawn == ["en-US", "ar-SA"]  # ar-SA is mirrored; ja-JP and th-TH copy en-US's
    render(feed["ja-JP"], other)
    product = feed["ja-JP"].product
    assert product is not None
    moved = product.model_copy(update={"box": tuple(v + 10 for v in product.box)})
    render(feed["ja-JP"].model_copy(update={"product": moved}), art)
    assert drawn == ["en-US", "ar-SA", "ja-JP", "ja-JP"]
    assert draw._layer.cache_info().currsize and draw._shape_mask.cache_info().currsize
    assert draw._MASKS._values
    draw.release_render_memory()  # a build's assets are made: nothing is kept
    assert not draw._layer.cache_info().currsize and not draw._shape_mask.cache_info().currsize
    assert not draw._MASKS._values
    render(feed["en-US"], art)
    assert drawn[-1] == "en-US" and len(drawn) == 5

    monkeypatch.setattr(draw, "_UNDER_TEXT", SharedLru(0))
    for locale, plan in feed.items():
        assert render(plan, art).tobytes() == images[locale].tobytes()
