"""Brand rules on what was drawn: palette colors, logo size and clear space, banned words."""

from __future__ import annotations

import unicodedata

from assetpack.config import BrandKit
from assetpack.layout.plan import LayoutPlan, boxes_overlap
from assetpack.verify.report import Check, check


def _palette(kit: BrandKit) -> set[str]:
    roles = (kit.palette.primary, kit.palette.secondary, kit.palette.accent, kit.palette.background)
    return {c.upper() for role in roles for c in (role.color, role.text)}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def brand_checks(plan: LayoutPlan, kit: BrandKit) -> list[Check]:
    out = []
    colors = _palette(kit)
    for block in plan.blocks:
        out.append(
            check(
                "brand",
                block.color.upper() in colors,
                f"{block.slot}: text color {block.color} is not in the brand palette",
                slot=block.slot,
                measured=block.color,
                threshold="palette",
            )
        )
        banned = [w for w in kit.tone.banned_words if _norm(w) in _norm(block.text)]
        out.append(
            check(
                "brand",
                not banned,
                f"{block.slot}: banned word(s) {', '.join(banned)}",
                slot=block.slot,
                region=block.ink,
                measured=", ".join(banned) or "none",
                threshold="none",
            )
        )
    if plan.logo is not None:
        out.extend(_logo_checks(plan, kit))
    return out


def _logo_checks(plan: LayoutPlan, kit: BrandKit) -> list[Check]:
    assert plan.logo is not None
    x0, y0, x1, y1 = plan.logo.box
    height = y1 - y0
    space = round(height * kit.logo.clear_space)
    zone = (x0 - space, y0 - space, x1 + space, y1 + space)
    intruders = [b.slot for b in plan.blocks if b.ink is not None and boxes_overlap(b.ink, zone)]
    return [
        check(
            "brand",
            height >= kit.logo.min_height_px,
            f"logo is {height} px tall; the kit's minimum is {kit.logo.min_height_px} px",
            slot="logo",
            region=plan.logo.box,
            measured=height,
            threshold=kit.logo.min_height_px,
        ),
        check(
            "brand",
            not intruders,
            f"{', '.join(intruders)} inside the logo's clear space of {space} px",
            slot="logo",
            region=zone,
            measured=", ".join(intruders) or "none",
            threshold="none",
        ),
    ]
