"""Coverage comes from each face's cmap: HarfBuzz's reading of it is fontTools' best cmap."""

from __future__ import annotations

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from assetpack.fonts.faces import (
    CodepointSet,
    _read_face_fonttools,
    codepoints,
    find_family,
    installed_font_files,
    read_face,
    variation_axes,
)
from assetpack.fonts.resolve import DEFAULT_CHAINS


def _chain_files() -> list[str]:
    found = {find_family(family, 400) for chain in DEFAULT_CHAINS.values() for family in chain}
    return sorted({info.path for info in found if info is not None})


@pytest.mark.parametrize("path", _chain_files(), ids=lambda p: p.rsplit("/", 1)[-1])
def test_coverage_is_the_best_cmap(path):
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        assert set(codepoints(path)) == set(font.getBestCmap() or {})
    finally:
        font.close()


@pytest.mark.parametrize("path", _chain_files(), ids=lambda p: p.rsplit("/", 1)[-1])
def test_variation_axes_are_the_fvar_table(path):
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        fvar = font["fvar"].axes if "fvar" in font else []
        expected = tuple((a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in fvar)
        assert variation_axes(path) == expected
    finally:
        font.close()


def test_a_codepoint_set_holds_exactly_its_codepoints():
    values = {0, 7, 8, 65, 0x4E00, 0x2FA1D}
    found = CodepointSet(values)
    assert set(found) == values
    assert all(value in found for value in values)
    assert not any(value in found for value in (1, 9, 66, 0x4E01, 0x2FA1E, -1, 10**9, "A"))
    assert set(CodepointSet([])) == set() and 0 not in CodepointSet([])


@pytest.mark.parametrize("path", installed_font_files(), ids=lambda p: p.rsplit("/", 1)[-1])
def test_a_face_reads_as_fonttools_reads_it(path):
    """Family, italic and weight from HarfBuzz are fontTools' (its debug name: English
    first), for every packaged face."""
    assert read_face(path) == _read_face_fonttools(path)


def test_a_family_named_in_another_language_only_reads_as_fonttools_reads_it(tmp_path):
    """fontTools' debug name takes a typographic family (ID 16) in any language before the
    English legacy family (ID 1); HarfBuzz asked for English would give ID 1."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader()
    builder.setupNameTable({"familyName": "Synth", "styleName": "Regular"})
    builder.font["name"].setName("ジャパン", 16, 3, 1, 0x411)  # Japanese only
    builder.setupOS2(usWeightClass=700)
    builder.setupPost()
    path = tmp_path / "synth.ttf"
    builder.save(str(path))
    face = read_face(str(path))
    assert face == _read_face_fonttools(str(path))
    assert (face.family, face.weight_class) == ("ジャパン", 700)
