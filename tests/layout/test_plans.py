"""Layout plans: every preset x every locale fits; one geometry per preset; exact values."""

from __future__ import annotations

import pytest

from assetpack.config import load_catalog
from assetpack.layout import box_inside, lay_out_preset
from assetpack.layout.compose import HIERARCHY
from assetpack.layout.plan import boxes_overlap


@pytest.fixture(scope="module")
def all_plans(example_project, example_copies, typesetter):
    """Every preset of the catalog laid out for all 12 example locales."""
    product = str(example_project.brief.product.image)
    return {
        preset.id: lay_out_preset(preset, example_copies, example_project.kit, typesetter, product)
        for preset in load_catalog()
    }


def test_every_preset_and_locale_fits_its_safe_zone(all_plans):
    assert len(all_plans) >= 20
    for preset_id, plans in all_plans.items():
        assert len(plans) == 12, preset_id
        for locale, plan in plans.items():
            for block in plan.blocks:
                assert block.ink is not None
                assert box_inside(block.ink, block.box), (preset_id, locale, block.slot)
                assert box_inside(block.ink, plan.safe_box), (preset_id, locale, block.slot)
                assert block.size_px >= block.min_size_px
            if plan.logo is not None:
                assert box_inside(plan.logo.box, plan.safe_box), (preset_id, locale)


def test_text_never_overlaps_product_logo_or_other_text(all_plans):
    for preset_id, plans in all_plans.items():
        for locale, plan in plans.items():
            boxes = [(b.slot, b.ink) for b in plan.blocks]
            if plan.logo:
                boxes.append(("logo", plan.logo.box))
            if plan.product:
                boxes.append(("product", plan.product.box))
            for i, (a, box_a) in enumerate(boxes):
                for b, box_b in boxes[i + 1 :]:
                    assert not boxes_overlap(box_a, box_b), (preset_id, locale, a, b)


def test_locales_share_one_geometry(all_plans):
    plans = all_plans["instagram/feed-square"]
    ltr = [p for p in plans.values() if not p.mirrored]
    for slot in ("headline", "subhead", "price", "legal"):
        boxes = {p.block(slot).box for p in ltr if p.block(slot)}
        assert len(boxes) == 1, slot
    cta = {next(s.box for s in p.shapes if s.slot == "cta") for p in ltr}
    assert len(cta) == 1
    assert len({p.logo.box for p in ltr}) == 1


def test_right_to_left_mirrors_the_layout(all_plans):
    plans = all_plans["instagram/feed-square"]
    en, ar = plans["en-US"], plans["ar-SA"]
    assert ar.mirrored and not en.mirrored
    width = en.width_px
    head_en, head_ar = en.block("headline").box, ar.block("headline").box
    assert (head_ar[0], head_ar[2]) == (width - head_en[2], width - head_en[0])
    assert ar.logo.box[2] == width - en.logo.box[0]
    # Arabic lines are right-aligned: their ink ends at the box's right edge.
    for line in ar.block("headline").lines:
        assert line.ink[2] == head_ar[2]


def test_type_scale_is_shared(all_plans):
    for preset_id in ("instagram/feed-square", "facebook/link-ad", "pinterest/pin"):
        plan = all_plans[preset_id]["en-US"]
        headline = plan.block("headline").size_px
        assert plan.block("subhead").size_px <= round(headline * 0.42)
        assert plan.block("cta").size_px <= round(headline * 0.34) + 1


def test_the_headline_stands_out_from_the_subhead(all_plans):
    """Where the subhead would sit at its minimum next to a headline barely larger (small
    display ads), the subhead is left out and the headline grows instead."""
    for preset_id, plans in all_plans.items():
        for locale, plan in plans.items():
            headline, subhead = plan.block("headline"), plan.block("subhead")
            if headline is not None and subhead is not None:
                assert headline.size_px >= HIERARCHY * subhead.size_px, (preset_id, locale)
    small = all_plans["google-display/300x250"]
    assert all(plan.block("subhead") is None for plan in small.values())
    assert min(plan.block("headline").size_px for plan in small.values()) >= 20
    assert all(plan.block("price") is not None for plan in small.values())


def test_exact_plan_for_english_square(all_plans):
    plan = all_plans["instagram/feed-square"]["en-US"]
    assert (plan.width_px, plan.height_px, plan.aspect_class) == (1080, 1080, "square")
    assert plan.safe_box == (54, 54, 1026, 1026)
    headline = plan.block("headline")
    assert [line.text for line in headline.lines] == ["Hear only", "what", "matters."]
    assert headline.box[0] == 76 and headline.color == "#14192B"
    assert [s.slot for s in plan.shapes if s.slot] == ["badge", "cta"]


def test_marketplace_image_has_product_only(all_plans):
    plan = all_plans["amazon/main"]["ja-JP"]
    assert plan.blocks == [] and plan.logo is None and plan.background == "white"
    x0, y0, x1, y1 = plan.product.box
    assert max(x1 - x0, y1 - y0) >= 0.85 * 2000


def test_kinsoku_and_bidi_in_plans(all_plans):
    starts = "、。，．）」』】ー"
    for plans in all_plans.values():
        for locale in ("ja-JP", "zh-CN", "zh-TW"):
            for block in plans[locale].blocks:
                for line in block.lines[1:]:
                    assert line.text[0] not in starts, (locale, block.slot, line.text)
