"""Seams: the last pixel column of panel N continues into the first of panel N+1.

The panorama is rendered into real panels; a continuous set passes, and the same set with one
panel cut from another panorama, or mirrored, fails at exactly the seams it broke.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageOps

from assetpack.art import Art
from assetpack.art.panorama import make_panorama
from assetpack.layout import LayoutPlan
from assetpack.render import render
from assetpack.verify.sets import (
    SEAM_BASE_LEVELS,
    PanelEdges,
    order_check,
    panel_edges,
    seam_check,
)

PRESET = "instagram/carousel-portrait"


def _panorama(project, seed: int) -> Art:
    strip = make_panorama(project.kit.palette, (1080 * 5, 1350), 5, seed)
    return Art.from_image("portrait-set", strip.picture, "procedural", panels=5)


@pytest.fixture(scope="module")
def rendered(carousel_project, carousel_plans) -> list[tuple[LayoutPlan, Image.Image]]:
    art = _panorama(carousel_project, 11)
    plans = [carousel_plans[PRESET][f"en-US#p{n}"] for n in range(1, 6)]
    return [(plan, render(plan, art)) for plan in plans]


def _seams(panels: list[tuple[LayoutPlan, Image.Image]]):
    edges = [panel_edges(plan, image) for plan, image in panels]
    pairs = zip(edges, edges[1:], strict=False)
    return [seam_check(a, b, 1080, n) for n, (a, b) in enumerate(pairs, 1)]


def test_continuous_panorama_passes_every_seam(rendered) -> None:
    seams = _seams(rendered)
    assert [s.status for s in seams] == ["pass"] * 4
    # Measured: the cut differs by a fraction of a level, far under the tolerance.
    assert all(s.measured < 1.0 for s in seams), [s.measured for s in seams]
    assert all(s.threshold >= SEAM_BASE_LEVELS for s in seams)


def test_panel_cut_from_another_panorama_breaks_its_seams(carousel_project, rendered) -> None:
    plan, _ = rendered[2]
    stranger = render(plan, _panorama(carousel_project, 12))
    broken = [*rendered[:2], (plan, stranger), *rendered[3:]]
    seams = _seams(broken)
    assert [s.status for s in seams] == ["pass", "fail", "fail", "pass"]
    assert seams[1].measured > seams[1].threshold
    assert "panels 2|3" in seams[1].message and "not continuous" in seams[1].message


def test_mirrored_panel_breaks_its_seams(rendered) -> None:
    """What a right-to-left build would get if it mirrored each slice of the panorama."""
    plan, image = rendered[1]
    broken = [rendered[0], (plan, ImageOps.mirror(image)), *rendered[2:]]
    statuses = [s.status for s in _seams(broken)]
    assert statuses[:2] == ["fail", "fail"] and statuses[2:] == ["pass", "pass"]


def _flat_edges(value: int, height: int = 100, clear: int = 1) -> PanelEdges:
    column = np.full((height, 2, 3), value, np.uint8).tobytes()
    rows = np.full(height, clear, np.uint8).tobytes()
    return PanelEdges(
        height_px=height, left=column, right=column, left_clear=rows, right_clear=rows
    )


def test_seam_tolerance_on_flat_colors() -> None:
    assert seam_check(_flat_edges(200), _flat_edges(201), 50, 1).status == "pass"
    jump = seam_check(_flat_edges(200), _flat_edges(210), 50, 1)
    assert jump.status == "fail" and jump.measured == 10.0
    assert jump.threshold == SEAM_BASE_LEVELS
    assert jump.region == (49, 0, 50, 100)


def test_seam_covered_by_drawn_things_is_unverified() -> None:
    covered = seam_check(_flat_edges(200, clear=0), _flat_edges(90, clear=0), 50, 1)
    assert covered.status == "unverified"


def test_rows_where_the_layout_draws_at_the_edge_are_left_out(rendered) -> None:
    plan, image = rendered[0]
    edges = panel_edges(plan, image)
    assert edges.clear("left").all()  # nothing near the left edge of the hook panel
    # A shape reaching the right edge hides its rows from the comparison.
    from assetpack.layout.plan import Shape

    bar = Shape(kind="rounded_rect", box=(1000, 300, 1080, 400), fill="#000000")
    edges = panel_edges(plan.model_copy(update={"shapes": [*plan.shapes, bar]}), image)
    clear = edges.clear("right")
    assert not clear[297:403].any() and clear[:290].all() and clear[410:].all()


def test_order_check() -> None:
    roles = ["hook", "benefit", "offer"]
    assert order_check([1, 2, 3], roles, roles).status == "pass"
    assert order_check([1, 3, 2], ["hook", "offer", "benefit"], roles).status == "fail"
    assert order_check([1, 2, 3], ["hook", "offer", "benefit"], roles).status == "fail"
    assert order_check([1, 2], roles[:2], roles).status == "fail"
