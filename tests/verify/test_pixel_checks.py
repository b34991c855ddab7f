"""The contrast measure: text colour against the background found in each cell."""

from __future__ import annotations

import numpy as np
import pytest

from assetpack.verify.pixel_checks import contrast_ratio, worst_contrast

NAVY, WHITE, GREY = (20, 25, 43), (255, 255, 255), (150, 150, 150)


def _ratio(a, b) -> float:
    return float(contrast_ratio(np.array([a], float), np.array([b], float))[0])


def test_text_on_one_background_measures_that_pair():
    pixels = np.full((40, 90, 3), WHITE, np.uint8)
    pixels[10:30, 10:80] = NAVY  # the glyphs
    assert worst_contrast(pixels, NAVY, 16) == pytest.approx(_ratio(NAVY, WHITE))


def test_the_worst_cell_decides():
    pixels = np.full((32, 96, 3), WHITE, np.uint8)
    pixels[:, 64:] = GREY  # one end of the line sits on grey
    pixels[12:20, :] = NAVY
    assert worst_contrast(pixels, NAVY, 32) == pytest.approx(_ratio(NAVY, GREY))


def test_antialiased_edges_do_not_count_as_background():
    pixels = np.full((16, 16, 3), WHITE, np.uint8)
    pixels[4:12, 4:12] = NAVY
    pixels[3, 4:12] = (137, 140, 149)  # an edge, half text, half ground
    assert worst_contrast(pixels, NAVY, 16) == pytest.approx(_ratio(NAVY, WHITE))


def test_cells_of_pure_text_colour_are_skipped():
    assert worst_contrast(np.full((20, 20, 3), NAVY, np.uint8), NAVY, 8) == 21.0
    pixels = np.full((16, 48, 3), NAVY, np.uint8)
    pixels[:, 32:] = WHITE  # only the last cell has background
    assert worst_contrast(pixels, NAVY, 16) == pytest.approx(_ratio(NAVY, WHITE))
