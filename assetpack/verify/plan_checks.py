"""Checks on the plan itself: glyph coverage, fit, safe zone, legibility, overlap."""

from __future__ import annotations

from assetpack.fonts import missing_chars
from assetpack.layout.plan import Box, LayoutPlan, box_inside, boxes_overlap
from assetpack.verify.report import Check, check


def glyph_checks(plan: LayoutPlan) -> list[Check]:
    """Every character of every run has a glyph in the face it is drawn with."""
    out = []
    for block in plan.blocks:
        missing = "".join(
            missing_chars(run.face, run.text) for line in block.lines for run in line.runs
        )
        out.append(
            check(
                "glyphs",
                not missing,
                f"{block.slot}: no glyph for {missing!r} in the chosen fonts; add a fallback font",
                slot=block.slot,
                region=block.ink,
                measured=len(missing),
                threshold=0,
            )
        )
    return out


def fit_checks(plan: LayoutPlan) -> list[Check]:
    """Ink stays inside its block's box and inside the canvas."""
    canvas: Box = (0, 0, plan.width_px, plan.height_px)
    out = []
    for block in plan.blocks:
        ink = block.ink
        ok = ink is not None and box_inside(ink, block.box) and box_inside(ink, canvas)
        out.append(
            check(
                "fit",
                ok,
                f"{block.slot}: text {ink} spills out of its box {block.box}",
                slot=block.slot,
                region=ink,
                measured=str(ink),
                threshold=str(block.box),
            )
        )
    return out


def safe_zone_checks(plan: LayoutPlan) -> list[Check]:
    """Text and logo stay inside the preset's safe zone."""
    items: list[tuple[str, Box | None]] = [(b.slot, b.ink) for b in plan.blocks]
    if plan.logo is not None:
        items.append(("logo", plan.logo.box))
    out = []
    for slot, region in items:
        ok = region is not None and box_inside(region, plan.safe_box)
        out.append(
            check(
                "safe_zone",
                ok,
                f"{slot}: {region} reaches outside the safe zone {plan.safe_box}",
                slot=slot,
                region=region,
                measured=str(region),
                threshold=str(plan.safe_box),
            )
        )
    return out


def legibility_checks(plan: LayoutPlan) -> list[Check]:
    """Each block is at least the smallest legible size for its slot on this canvas."""
    return [
        check(
            "legibility",
            block.size_px >= block.min_size_px,
            f"{block.slot}: {block.size_px} px is below the legible minimum {block.min_size_px} px",
            slot=block.slot,
            region=block.ink,
            measured=block.size_px,
            threshold=block.min_size_px,
        )
        for block in plan.blocks
    ]


def overlap_checks(plan: LayoutPlan) -> list[Check]:
    """Text blocks do not overlap each other, the logo or the product."""
    others: list[tuple[str, Box]] = []
    if plan.logo is not None:
        others.append(("logo", plan.logo.box))
    if plan.product is not None:
        others.append(("product", plan.product.box))
    out = []
    blocks = [(b.slot, b.ink) for b in plan.blocks if b.ink is not None]
    for index, (slot, ink) in enumerate(blocks):
        against = [*others, *blocks[index + 1 :]]
        hits = [name for name, box in against if box is not None and boxes_overlap(ink, box)]
        out.append(
            check(
                "overlap",
                not hits,
                f"{slot} overlaps {', '.join(hits)}",
                slot=slot,
                region=ink,
                measured=", ".join(hits) or "none",
                threshold="none",
            )
        )
    return out


def plan_checks(plan: LayoutPlan) -> list[Check]:
    return [
        *glyph_checks(plan),
        *fit_checks(plan),
        *safe_zone_checks(plan),
        *legibility_checks(plan),
        *overlap_checks(plan),
    ]
