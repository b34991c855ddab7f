"""When every locale fits alone but their shared boxes do not, the next optional slot is
dropped for all of them instead of failing the build."""

from __future__ import annotations

from assetpack.config import load_catalog
from assetpack.layout import lay_out_preset


def test_thai_and_arabic_share_a_300x250_banner(example_project, example_copies, typesetter):
    preset = next(p for p in load_catalog() if p.id == "google-display/300x250")
    copies = {tag: example_copies[tag] for tag in ("th-TH", "ar-SA")}
    product = str(example_project.brief.product.image)
    plans = lay_out_preset(preset, copies, example_project.kit, typesetter, product)
    slots = [{block.slot for block in plan.blocks} for plan in plans.values()]
    assert slots[0] == slots[1]  # the same slots in both locales: one layout
    assert {"headline", "cta"} <= slots[0]
    for plan in plans.values():
        for block in plan.blocks:
            assert block.size_px >= block.min_size_px, (plan.locale, block.slot)
