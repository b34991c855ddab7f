"""The gate against a corpus of posters with one injected defect each, plus clean ones:
every defect must fail, every clean poster must pass."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from assetpack.art import make_art
from assetpack.build_tasks import art_inputs
from assetpack.config import load_catalog
from assetpack.fonts.resolve import fallback_font_path
from assetpack.layout import LayoutPlan, TextBlock, lay_out_preset
from assetpack.render import render
from assetpack.verify import verify

PRESETS = ("instagram/feed-square", "instagram/story", "amazon/main")
LOCALES = ("en-US", "ja-JP", "hi-IN", "zh-CN")


@pytest.fixture(scope="module")
def corpus(example_project, example_copies, typesetter):
    catalog = {p.id: p for p in load_catalog()}
    presets = [catalog[p] for p in PRESETS]
    copies = {loc: example_copies[loc] for loc in LOCALES}
    product = str(example_project.brief.product.image)
    plans = {p.id: lay_out_preset(p, copies, example_project.kit, typesetter, product)
             for p in presets}  # fmt: skip
    arts = make_art(example_project, *art_inputs(presets, plans))
    return catalog, plans, arts, example_project.kit


def _draw(corpus, plan: LayoutPlan) -> Image.Image:
    catalog, _, arts, _ = corpus
    return render(plan, arts.get(catalog[plan.preset_id].aspect_class))


def _failed(corpus, plan: LayoutPlan, image: Image.Image) -> set[str]:
    catalog, _, _, kit = corpus
    checks = verify(plan, image, catalog[plan.preset_id], kit)
    return {c.name for c in checks if c.status == "fail"}


def _with_block(plan: LayoutPlan, slot: str, block: TextBlock) -> LayoutPlan:
    blocks = [block if b.slot == slot else b for b in plan.blocks]
    return plan.model_copy(update={"blocks": blocks})


def _retext(plan: LayoutPlan, slot: str, old: str, new: str) -> LayoutPlan:
    """The same plan with `old` replaced by `new` in one slot's text (boxes unchanged)."""
    block = plan.block(slot)
    assert block is not None and any(old in r.text for line in block.lines for r in line.runs)
    lines = [
        line.model_copy(update={
            "text": line.text.replace(old, new),
            "runs": [r.model_copy(update={"text": r.text.replace(old, new)}) for r in line.runs],
        })
        for line in block.lines
    ]  # fmt: skip
    changed = block.model_copy(update={"text": block.text.replace(old, new), "lines": lines})
    return _with_block(plan, slot, changed)


def _shift(plan: LayoutPlan, slot: str, dx: int, dy: int) -> LayoutPlan:
    """One slot's text moved by (dx, dy), box and all."""

    def move(box):
        return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

    block = plan.block(slot)
    assert block is not None
    lines = [
        line.model_copy(update={
            "ink": move(line.ink),
            "runs": [r.model_copy(update={"x": r.x + dx, "baseline_y": r.baseline_y + dy,
                                          "ink": move(r.ink)}) for r in line.runs],
        })
        for line in block.lines
    ]  # fmt: skip
    moved = block.model_copy(update={"box": move(block.box), "lines": lines})
    return _with_block(plan, slot, moved)


def test_clean_posters_pass(corpus):
    _, plans, _, _ = corpus
    for by_locale in plans.values():
        for plan in by_locale.values():
            assert _failed(corpus, plan, _draw(corpus, plan)) == set(), plan.preset_id


@pytest.mark.parametrize(
    ("locale", "slot", "intended", "drawn"),
    [
        ("en-US", "headline", "matters", "mattres"),  # a misspelled word
        ("en-US", "subhead", "noise", ""),  # a dropped word
        ("ja-JP", "headline", "音", "昔"),  # one wrong CJK character
        ("zh-CN", "headline", "听", "昕"),  # one wrong CJK character
        ("hi-IN", "headline", "सुनिए", "सुनए"),  # a dropped Devanagari vowel sign (ि)
    ],
)
def test_wrong_text_fails_ocr(corpus, locale, slot, intended, drawn):
    _, plans, _, _ = corpus
    intended_plan = plans["instagram/feed-square"][locale]
    image = _draw(corpus, _retext(intended_plan, slot, intended, drawn))
    assert "ocr" in _failed(corpus, intended_plan, image)


def test_low_contrast_text_fails(corpus):
    _, plans, _, _ = corpus
    plan = plans["instagram/feed-square"]["en-US"]
    pale = plan.block("subhead").model_copy(update={"color": "#E4DED2"})
    low = _with_block(plan, "subhead", pale)
    assert "contrast" in _failed(corpus, low, _draw(corpus, low))


def test_text_in_the_story_top_inset_fails(corpus):
    _, plans, _, _ = corpus
    plan = plans["instagram/story"]["en-US"]
    headline = plan.block("headline")
    high = _shift(plan, "headline", 0, 60 - headline.ink[1])
    assert "safe_zone" in _failed(corpus, high, _draw(corpus, high))


def test_tofu_fails_the_glyph_check(corpus):
    _, plans, _, _ = corpus
    plan = plans["instagram/feed-square"]["ja-JP"]
    latin_face = plans["instagram/feed-square"]["en-US"].block("headline").lines[0].runs[0].face
    block = plan.block("headline")
    lines = [
        line.model_copy(
            update={"runs": [r.model_copy(update={"face": latin_face}) for r in line.runs]}
        )
        for line in block.lines
    ]
    tofu = _with_block(plan, "headline", block.model_copy(update={"lines": lines}))
    assert "glyphs" in _failed(corpus, tofu, _draw(corpus, tofu))


def test_text_clipped_at_the_edge_fails(corpus):
    _, plans, _, _ = corpus
    plan = plans["instagram/feed-square"]["en-US"]
    headline = plan.block("headline")
    clipped = _shift(plan, "headline", plan.width_px - headline.ink[2] + 40, 0)
    clipped = _with_block(clipped, "headline", clipped.block("headline").model_copy(
        update={"box": headline.box}))  # fmt: skip
    assert "fit" in _failed(corpus, clipped, _draw(corpus, clipped))


def test_canvas_one_pixel_short_fails(corpus):
    _, plans, _, _ = corpus
    plan = plans["instagram/feed-square"]["en-US"]
    image = _draw(corpus, plan)
    short = image.crop((0, 0, image.width, image.height - 1))
    assert "canvas" in _failed(corpus, plan, short)


def test_text_on_a_marketplace_image_fails(corpus):
    _, plans, _, _ = corpus
    plan = plans["amazon/main"]["en-US"]
    image = _draw(corpus, plan)
    font_path = fallback_font_path("latin")
    ImageDraw.Draw(image).text((80, 60), "BEST SELLER -20%", fill=(200, 30, 30),
                               font=ImageFont.truetype(font_path, 90))  # fmt: skip
    assert "marketplace" in _failed(corpus, plan, image)
