"""The layout's answer to the copy stage: how far a candidate text overflows its slot."""

from __future__ import annotations

from assetpack.layout.slot_fit import slot_overflow_checker


def test_overflow_is_measured_on_the_tightest_preset(example_project, typesetter):
    fits = slot_overflow_checker(example_project.presets, example_project.kit, typesetter)
    assert fits("en-US", "cta", "Shop now") is None
    assert fits("ja-JP", "headline", "静けさを") is None
    too_long = fits("en-US", "cta", "Absolutely fantastic deals for everyone today")
    assert too_long is not None and too_long > 50
    # Longer text overflows more: the copy stage can tell "a bit" from "far too long".
    longer = fits("en-US", "cta", "Absolutely fantastic deals for everyone today and tomorrow")
    assert longer is not None and longer > too_long
