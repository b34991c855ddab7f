"""One style across a set: same frame, grid and type size on every panel; dots; product beats."""

from __future__ import annotations

from assetpack.layout import LayoutPlan
from assetpack.layout.sets import PRODUCT_ROLES, strip_text_zones

PRESET = "instagram/carousel-portrait"
ROLES = ["hook", "benefit", "feature", "proof", "offer"]


def _panels(plans: dict[str, dict[str, LayoutPlan]], locale: str) -> list[LayoutPlan]:
    return [plans[PRESET][f"{locale}#p{n}"] for n in range(1, 6)]


def test_every_locale_gets_every_panel_in_order(carousel_plans) -> None:
    keys = list(carousel_plans[PRESET])
    assert keys == [
        f"{loc}#p{n}" for loc in ("en-US", "de-DE", "ja-JP", "ar-SA") for n in range(1, 6)
    ]
    for locale in ("en-US", "ar-SA"):
        panels = _panels(carousel_plans, locale)
        assert [p.panel for p in panels] == [1, 2, 3, 4, 5]
        assert [p.panel_role for p in panels] == ROLES
        assert {p.panels for p in panels} == {5}
    # A single-image preset of the same brief keeps its one poster per locale.
    assert list(carousel_plans["instagram/feed-square"]) == ["en-US", "de-DE", "ja-JP", "ar-SA"]
    assert carousel_plans["instagram/feed-square"]["en-US"].panel is None


def test_one_frame_and_one_type_scale_per_set(carousel_plans) -> None:
    for locale in ("en-US", "de-DE", "ja-JP", "ar-SA"):
        panels = _panels(carousel_plans, locale)
        assert len({p.logo.box for p in panels if p.logo}) == 1
        assert len({p.safe_box for p in panels}) == 1
        headlines = [p.block("headline") for p in panels]
        assert all(h is not None for h in headlines)
        assert len({h.size_px for h in headlines if h}) == 1, locale
        # The headline starts at the same place on every panel (same grid, same margins).
        assert len({h.box[:2] for h in headlines if h}) == 1, locale
        subheads = [p.block("subhead") for p in panels]
        assert len({s.size_px for s in subheads if s}) == 1, locale


def test_product_only_on_the_beats_that_sell_it(carousel_plans) -> None:
    for plan in _panels(carousel_plans, "en-US"):
        assert (plan.product is not None) == (plan.panel_role in PRODUCT_ROLES)
    offer = _panels(carousel_plans, "en-US")[4]
    assert offer.block("price") is not None and offer.block("cta") is not None
    assert offer.block("legal") is not None
    assert _panels(carousel_plans, "en-US")[1].block("cta") is None


def _dots(plan: LayoutPlan) -> list:
    return [s for s in plan.shapes if s.kind == "rounded_rect" and not s.slot][-plan.panels :]


def test_progress_dots_mark_the_panel_left_to_right_in_every_locale(carousel_plans) -> None:
    for locale in ("en-US", "ar-SA"):
        for plan in _panels(carousel_plans, locale):
            dots = _dots(plan)
            assert len(dots) == 5
            xs = [d.box[0] for d in dots]
            assert xs == sorted(xs)  # swipe order stays left to right, also in Arabic
            widths = [d.box[2] - d.box[0] for d in dots]
            assert widths.index(max(widths)) == plan.panel - 1
            assert len({d.box[1] for d in dots}) == 1
            logo = plan.logo.box
            assert all(d.box[1] >= logo[1] and d.box[3] <= logo[3] for d in dots)
    en, ar = _panels(carousel_plans, "en-US")[0], _panels(carousel_plans, "ar-SA")[0]
    # Arabic mirrors the layout inside the panel: logo right, dots left.
    assert ar.mirrored and not en.mirrored
    assert _dots(en)[0].box[0] > en.logo.box[2] and _dots(ar)[-1].box[2] < ar.logo.box[0]


def test_text_zones_cover_every_text_block_on_the_strip(carousel_plans) -> None:
    panels = _panels(carousel_plans, "en-US")
    zones = strip_text_zones(panels)
    assert all(0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1 for x0, y0, x1, y1 in zones)
    width = panels[0].width_px * 5
    for plan in panels:
        for block in plan.blocks:
            x0, y0, x1, y1 = block.ink
            left = (plan.panel - 1) * plan.width_px
            assert any(
                z[0] * width <= left + x0
                and left + x1 <= z[2] * width + 1
                and z[1] * plan.height_px <= y0
                and y1 <= z[3] * plan.height_px + 1
                for z in zones
            ), (plan.panel, block.slot)
