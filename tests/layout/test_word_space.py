"""The word space is at least MIN_WORD_SPACE_EM wherever the brand face sets it tighter."""

from __future__ import annotations

import pytest

from assetpack.layout import Typesetter
from assetpack.layout.measure import MIN_WORD_SPACE_EM


@pytest.mark.parametrize("size_px", [8, 10, 13, 18, 24, 37, 50, 72, 110])
def test_words_are_never_closer_than_the_minimum_space(typesetter: Typesetter, size_px: int):
    """The brand face's own space is 0.17 em: every size gets at least 0.25 em between the
    words' advances (each piece's advance is rounded, so half a pixel either way), and no
    more than a pixel over it."""
    placed = typesetter.line("what matters.", "headline", "en-US", size_px, "ltr")
    assert [p.run.text for p in placed] == ["what ", "matters."]
    word = typesetter.font(placed[0].run, size_px).getlength("what")
    space = placed[1].x - placed[0].x - word
    assert MIN_WORD_SPACE_EM * size_px - 0.5 <= space <= MIN_WORD_SPACE_EM * size_px + 1.5
