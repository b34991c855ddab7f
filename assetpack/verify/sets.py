"""Set-level checks of multi-panel sets: panel count, panel order, continuous seams.

Each panel goes through the normal gate on its own; these checks look at the set. A seam is
where panel N's right edge meets panel N+1's left edge when the set is swiped: the panorama
runs across it, so the last pixel column of N and the first of N+1 must continue each other.

The seam is measured on the finished pixels (as rendered, before encoding), only in rows
where nothing the layout draws (text, logo, product, shapes) comes near that edge, so it
measures the background. Per row, the difference is the largest channel difference between
the two columns; the seam's value is the mean over those rows, in 8-bit levels. Neighbouring
columns inside one image differ too (gradients, the edges of shapes), so the tolerance is
SEAM_BASE_LEVELS plus SEAM_FACTOR times the larger of the two panels' own column-to-column
difference at that edge. Measured on the example carousel (64 seams, 4 presets x 4 locales),
continuous seams differ by 0.06 to 0.19 levels against thresholds of 2.1 to 2.5; a panel
drawn on a mirrored slice jumps by about 18 levels, one cut from another panorama fails too
(tests/sets/test_set_seams.py). A jump inside a plain, calm stretch of gradient smaller than
2 levels is invisible and passes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image
from pydantic import ConfigDict, Field

from assetpack.config.base import Frozen
from assetpack.layout.plan import Box, LayoutPlan
from assetpack.verify.report import Check, check

SEAM_BASE_LEVELS = 2.0
SEAM_FACTOR = 3.0
EDGE_CLEAR_PX = 3  # a drawn element this close to an edge hides the row from the seam check
MIN_ROWS_SHARE = 0.2  # fewer clear rows than this and the seam cannot be judged


class PanelEdges(Frozen):
    """The outer two pixel columns on each side of a rendered panel, and which rows show
    only background there."""

    # Raw pixel bytes travel as base64 when the entry is JSON (the asset cache).
    model_config = ConfigDict(
        **Frozen.model_config, ser_json_bytes="base64", val_json_bytes="base64"
    )

    height_px: int = Field(description="Image height (rows per column).")
    left: bytes = Field(repr=False, description="Columns 0 and 1, RGB, row-major pairs.")
    right: bytes = Field(repr=False, description="Columns W-1 and W-2, RGB, row-major pairs.")
    left_clear: bytes = Field(repr=False, description="Per row: 1 if only background, else 0.")
    right_clear: bytes = Field(repr=False, description="Per row: 1 if only background, else 0.")

    def columns(self, side: str) -> np.ndarray:
        """(rows, 2, 3) array: the edge column first, then its inner neighbour."""
        raw = self.left if side == "left" else self.right
        return np.frombuffer(raw, np.uint8).reshape(self.height_px, 2, 3).astype(np.int16)

    def clear(self, side: str) -> np.ndarray:
        raw = self.left_clear if side == "left" else self.right_clear
        return np.frombuffer(raw, np.uint8).astype(bool)


def panel_edges(plan: LayoutPlan, image: Image.Image) -> PanelEdges:
    """The edge columns of a rendered panel, with the rows the layout draws on masked out."""
    pixels = np.asarray(image.convert("RGB"))
    width = pixels.shape[1]
    left = np.ascontiguousarray(pixels[:, [0, 1]])
    right = np.ascontiguousarray(pixels[:, [width - 1, width - 2]])
    return PanelEdges(
        height_px=pixels.shape[0],
        left=left.tobytes(),
        right=right.tobytes(),
        left_clear=_clear_rows(plan, 0).tobytes(),
        right_clear=_clear_rows(plan, width - 1).tobytes(),
    )


def _drawn_boxes(plan: LayoutPlan) -> list[Box]:
    boxes = [shape.box for shape in plan.shapes]
    boxes += [block.box for block in plan.blocks]
    boxes += [ink for block in plan.blocks if (ink := block.ink) is not None]
    for placement in (plan.logo, plan.product):
        if placement is not None:
            boxes.append(placement.box)
    if plan.product is not None and plan.product.shadow:
        # The soft shadow's layer reaches 3 blur radii beyond the product (render._shadow:
        # blur = 4% of the product's short side), a little lower than the product.
        x0, y0, x1, y1 = plan.product.box
        pad = 3 * max(2, round(min(x1 - x0, y1 - y0) * 0.04))
        drop = max(1, round((y1 - y0) * 0.025))
        boxes.append((x0 - pad, y0 - pad, x1 + pad, y1 + pad + drop))
    return boxes


def _clear_rows(plan: LayoutPlan, column: int) -> np.ndarray:
    clear = np.ones(plan.height_px, dtype=np.uint8)
    for x0, y0, x1, y1 in _drawn_boxes(plan):
        if x0 - EDGE_CLEAR_PX <= column < x1 + EDGE_CLEAR_PX:
            clear[max(0, y0 - EDGE_CLEAR_PX) : max(0, y1 + EDGE_CLEAR_PX)] = 0
    return clear


def _row_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b).max(axis=1)


def seam_check(left: PanelEdges, right: PanelEdges, width_px: int, panel: int) -> Check:
    """Whether panel `panel` (its right edge) continues into the next panel (its left edge).

    `left` is panel `panel`, `right` panel `panel` + 1; the region is panel `panel`'s last
    column, so outlines land on the cut."""
    region = (width_px - 1, 0, width_px, left.height_px)
    name = f"panels {panel}|{panel + 1}"
    if left.height_px != right.height_px:
        return check(
            "seam",
            False,
            f"{name}: the panels differ in height ({left.height_px} and {right.height_px} px)",
            slot="seam",
            region=region,
        )
    a, b = left.columns("right"), right.columns("left")
    rows = left.clear("right") & right.clear("left")
    if rows.sum() < MIN_ROWS_SHARE * left.height_px:
        return Check(
            name="seam",
            status="unverified",
            slot="seam",
            region=region,
            measured=f"{int(rows.sum())} clear rows",
            threshold=f"{MIN_ROWS_SHARE:.0%} of {left.height_px}",
            message=f"{name}: too little background at the cut to compare the edges",
        )
    across = float(_row_difference(a[rows, 0], b[rows, 0]).mean())
    inside = max(
        float(_row_difference(a[rows, 0], a[rows, 1]).mean()),
        float(_row_difference(b[rows, 0], b[rows, 1]).mean()),
    )
    tolerance = SEAM_BASE_LEVELS + SEAM_FACTOR * inside
    return check(
        "seam",
        across <= tolerance,
        f"{name}: the background jumps at the cut by {across:.1f} levels on average (the "
        f"panels' own columns differ by {inside:.1f}); the panorama is not continuous here",
        slot="seam",
        region=region,
        measured=round(across, 2),
        threshold=round(tolerance, 2),
    )


def count_check(found: int, expected: int, locale: str, counts: dict[str, int]) -> Check:
    """The locale's set has the brief's number of panels (so every locale has the same)."""
    others = ", ".join(f"{tag} {n}" for tag, n in sorted(counts.items()))
    return check(
        "set_panels",
        found == expected,
        f"{locale} has {found} panels; the brief has {expected} (per locale: {others})",
        slot="set",
        measured=found,
        threshold=expected,
    )


def order_check(numbers: Sequence[int], roles: Sequence[str | None], expected: list[str]) -> Check:
    """Panels numbered 1..N once each, in swipe order, each with the brief's beat."""
    want = list(range(1, len(expected) + 1))
    numbered_ok = list(numbers) == want
    roles_ok = numbered_ok and list(roles) == expected
    found = " ".join(f"{n}:{r}" for n, r in zip(numbers, roles, strict=True))
    return check(
        "set_order",
        roles_ok,
        f"panels are {found}; the brief's order is "
        + " ".join(f"{n}:{r}" for n, r in zip(want, expected, strict=True)),
        slot="set",
        measured=found,
        threshold=" ".join(f"{n}:{r}" for n, r in zip(want, expected, strict=True)),
    )
