"""Cached measurement and pruned line breaking give exactly what measuring afresh gives."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from assetpack.fonts import language_of, pil_font
from assetpack.layout.measure import REFERENCE_PX, Typesetter, _bbox_font
from assetpack.layout.text_fit import (
    HYPHEN_GAIN,
    TextSpec,
    _largest,
    _pieces,
    _w,
    break_lines,
    fit_text,
)

TEXTS = [
    TextSpec("Adaptive noise cancelling with a 40-hour battery.", "body", "en-US"),
    TextSpec("Adaptive Geräuschunterdrückung, 40 Stunden Akku.", "body", "de-DE", hyphens=True),
    TextSpec("今すぐ購入して、静けさを手に入れよう。", "headline", "ja-JP"),
    TextSpec("ميزة إلغاء الضوضاء التكيفية، وبطارية تدوم 40 ساعة.", "body", "ar-SA", "rtl"),
]


def _reference_break_lines(
    ts: Typesetter, spec: TextSpec, size_px: int, max_width: int, max_lines: int
) -> tuple[str, ...] | None:
    """The line breaker as it was before pruning: every row in full, for every line count."""
    pieces = _pieces(ts, spec, size_px, max_width)
    if pieces is None:
        return None
    n = len(pieces)

    def width(i: int, j: int) -> int:
        return _w(ts, spec, "".join(pieces[i:j]), size_px)

    for count in range(1, min(max_lines, n) + 1):
        inf = float("inf")
        best = [[inf] * (n + 1) for _ in range(count + 1)]
        back = [[0] * (n + 1) for _ in range(count + 1)]
        best[0][0] = 0.0
        for k in range(1, count + 1):
            for j in range(k, n + 1):
                for i in range(k - 1, j):
                    if best[k - 1][i] == inf:
                        continue
                    w = width(i, j)
                    if w > max_width:
                        continue
                    cost = best[k - 1][i] + (max_width - w) ** 2
                    if cost < best[k][j]:
                        best[k][j], back[k][j] = cost, i
        if best[count][n] < inf:
            cuts, j = [], n
            for k in range(count, 0, -1):
                i = back[k][j]
                cuts.append("".join(pieces[i:j]).strip())
                j = i
            return tuple(reversed(cuts))
    return None


def test_pruned_line_breaking_matches_the_full_search(typesetter):
    outcomes = set()
    for spec in TEXTS:
        for size in (12, 31, 58):
            for max_width in (90, 160, 240, 400, 700, 1200):
                for max_lines in (1, 2, 3):
                    got = break_lines(typesetter, spec, size, max_width, max_lines)
                    want = _reference_break_lines(typesetter, spec, size, max_width, max_lines)
                    assert got == want, (spec.text, size, max_width, max_lines)
                    outcomes.add(0 if got is None else len(got))
    assert outcomes == {0, 1, 2, 3}


def test_hyphenation_is_skipped_only_where_it_cannot_change_the_size(typesetter):
    outcomes = set()
    for spec in [*TEXTS, TextSpec("Geräuschunterdrückung", "body", "de-DE")]:
        for box_w, max_px in ((150, 80), (260, 30), (260, 80), (480, 40)):
            args = (box_w, 400, 3, 10, max_px)
            plain = _largest(typesetter, spec, *args)
            hyphenated = _largest(typesetter, replace(spec, hyphens=True), *args)
            uses_plain = hyphenated is None or (
                plain is not None and hyphenated.size_px < plain.size_px * HYPHEN_GAIN
            )
            assert fit_text(typesetter, spec, *args) == (plain if uses_plain else hyphenated)
            outcomes.add(uses_plain)
    assert outcomes == {True, False}


def test_measurements_do_not_depend_on_what_was_measured_before(typesetter):
    """A fresh typesetter and one that has measured everything else agree exactly."""
    for spec in TEXTS:
        for size in (17, 44, REFERENCE_PX):
            fresh = Typesetter(typesetter.book)
            assert fresh.line(spec.text, spec.role, spec.locale, size, spec.base) == (
                typesetter.line(spec.text, spec.role, spec.locale, size, spec.base)
            )
            assert fresh.ink_width(spec.text, spec.role, spec.locale, size, spec.base) == (
                typesetter.ink_width(spec.text, spec.role, spec.locale, size, spec.base)
            )


def test_shaping_cache_keeps_sizes_languages_and_faces_apart(typesetter):
    """Every cached result is what a fresh font object measures for exactly that key."""
    fresh = Typesetter(typesetter.book)
    [run] = fresh.runs("Shop now", "cta", "en-US")
    variants = [
        (face, size, language)
        for face in (run.face, typesetter.book.primary["headline"])
        for size in (20, REFERENCE_PX)
        for language in ("en", "de")
    ]
    for face, size, language in variants:
        piece = replace(run, face=face)
        length = pil_font(face, size).getlength(piece.text, direction="ltr", language=language)
        box = pil_font(face, size).getbbox(
            piece.text, anchor="ls", direction="ltr", language=language
        )
        assert fresh.shape(piece, size, language) == (round(length), tuple(map(round, box)))
    assert len(fresh._shaped) == len(variants)


@pytest.mark.parametrize("size_px", [REFERENCE_PX, 96, 44, 16])
def test_boxes_do_not_depend_on_what_the_shared_object_measured(
    typesetter, example_copies, size_px
):
    """Ink boxes come from one font object per face and size (measure.py); every script's
    box equals a fresh object's, whatever that object measured before, lengths included,
    at the reference size, poster sizes and small print, where hinting moves ink most."""
    pieces = [
        (run, language_of(locale))
        for locale, copy in example_copies.items()
        for slot, text in copy.slots().items()
        for run in typesetter.runs(text, "headline" if slot == "headline" else "body", locale)
    ]
    # Latin, Japanese, both Chinese, Korean, Devanagari, Bengali, Arabic and Thai faces.
    assert len({run.face.path for run, _ in pieces}) >= 9
    random.Random(7).shuffle(pieces)
    for run, language in pieces:
        shared = _bbox_font(run.face, size_px)
        shared.getlength(run.text[::-1], direction=run.direction, language=language)
        box = shared.getbbox(run.text, anchor="ls", direction=run.direction, language=language)
        fresh = pil_font(run.face, size_px).getbbox(
            run.text, anchor="ls", direction=run.direction, language=language
        )
        assert box == fresh, (run.text, run.face.path)
