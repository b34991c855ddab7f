"""Typesetter: itemize, shape and measure text, with every measurement cached."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from PIL import ImageFont

from assetpack.fonts import Face, FontBook, RunSpec, itemize, language_of, pil_font
from assetpack.layout.plan import Box

REFERENCE_PX = 200
MIN_WORD_SPACE_EM = 0.25

# What one shaping result depends on: font file, axis values, size, text, direction, language.
ShapeKey = tuple[str, tuple[tuple[str, float], ...], int, str, str, str]


@lru_cache(maxsize=8)
def _bbox_font(face: Face, size_px: int) -> ImageFont.FreeTypeFont:
    """One font object per face and size for ink boxes (see fonts/pil.py for why advances
    are measured with fresh objects).

    A fresh object's first hinted glyph load sets up FreeType's autohinter for its face:
    11.7 ms per box for Noto Sans Devanagari, 1.5 ms for Noto Sans JP, against 0.9 and
    0.14 ms on an object that has measured before; for a Latin headline at 72-110 px,
    0.5-0.8 ms against 0.07-0.09. (The faces assetpack draws with carry no hinting programs,
    no fpgm and a 7-byte prep, so FreeType autohints them; perf puts 80-85% of the setup,
    af_face_globals_new, in HarfBuzz collecting the glyphs each GSUB lookup reaches. It grows
    with the GSUB table, at any size: Plus Jakarta Sans 0.5 ms, Noto Sans JP 1.3, Noto Sans
    9, Noto Sans Devanagari 11. Pillow opens a FreeType face per object and FreeType keeps
    the setup per face, so only a kept object saves it; a length is not hinted and does not
    pay it.) Unlike an advance, a box comes out the same whatever the object measured
    first: all 2,784 pieces of the example's layout, measured in three orders with lengths
    in between, gave the fresh object's boxes, at REFERENCE_PX and at poster sizes
    (tests/layout).

    Each object maps its font file and holds 2-3 MB of RSS. Fitting measures every
    candidate line at REFERENCE_PX, one face after another (a locale at a time); placing
    measures each slot's pieces at the slot's size, a few faces and sizes per layout. The
    example's layout (16 presets x 12 locales, 28 faces) with no reference objects kept / 8
    / 32: 5.1 / 4.1 / 3.9 s, its first preset 1.65 / 0.83 / 0.84 s, peak RSS 115 / 130 /
    191 MB. Kept for every size, 8 / 16 / 32 objects missed 609 / 575 / 556 of the
    example's 2,784 boxes (73 / 66 / 66 of the 40 benchmark posters' 485).
    """
    return pil_font(face, size_px)


@lru_cache(maxsize=256)
def _space_em(face: Face) -> float:
    return pil_font(face, REFERENCE_PX).getlength(" ") / REFERENCE_PX


def _words(run: RunSpec) -> list[RunSpec]:
    """A left-to-right run cut after each space, so the spaces can be widened."""
    return [replace(run, text=m.group(0)) for m in re.finditer(r"[^ ]+ *| +", run.text)]


def _scaled(value_px: int, size_px: int) -> int:
    """A reference measurement at another size, rounded up with a 1 px + 1% margin."""
    return -(-value_px * size_px * 101 // (REFERENCE_PX * 100)) + 1 if value_px > 0 else 0


@dataclass(frozen=True)
class PlacedRun:
    run: RunSpec
    x: int  # offset from the line's left edge
    width_px: int
    ink: Box  # relative to (line left, baseline)


def _visual_order(runs: list[RunSpec], base: str) -> list[RunSpec]:
    """Reorder runs for display (UAX #9 for one level of embedding, which posters need)."""
    if base == "ltr":
        return runs
    groups: list[list[RunSpec]] = []
    for run in runs:
        if groups and run.direction == "ltr" and groups[-1][0].direction == "ltr":
            groups[-1].append(run)
        else:
            groups.append([run])
    return [run for group in reversed(groups) for run in group]


@dataclass(eq=False)  # hashed by identity, so results can be cached per typesetter
class Typesetter:
    """Measures text for one font book; one per process is enough (caches grow with use)."""

    book: FontBook
    _runs: dict[tuple[str, str, str], list[RunSpec]] = field(default_factory=dict)
    _lines: dict[tuple[str, str, str, int, str], list[PlacedRun]] = field(default_factory=dict)
    _inks: dict[tuple[str, str, str, str], Box] = field(default_factory=dict)
    _shaped: dict[ShapeKey, tuple[int, Box]] = field(default_factory=dict)

    def runs(self, text: str, role: str, locale: str) -> list[RunSpec]:
        key = (text, role, locale)
        if key not in self._runs:
            self._runs[key] = itemize(text, role, locale, self.book)
        return self._runs[key]

    def font(self, run: RunSpec, size_px: int) -> ImageFont.FreeTypeFont:
        return pil_font(run.face, size_px)

    def line(self, text: str, role: str, locale: str, size_px: int, base: str) -> list[PlacedRun]:
        """The runs of one line in visual order, with offsets, widths and ink boxes."""
        key = (text, role, locale, size_px, base)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        language = language_of(locale)
        placed: list[PlacedRun] = []
        x = 0
        for run in _visual_order(self.runs(text, role, locale), base):
            gap = self._word_gap_px(run, size_px)
            for piece in _words(run) if gap else [run]:
                length, (x0, y0, x1, y1) = self.shape(piece, size_px, language)
                width = length + gap * piece.text.count(" ")
                placed.append(PlacedRun(piece, x, width, (x + x0, y0, x + x1, y1)))
                x += width
        self._lines[key] = placed
        return placed

    def shape(self, piece: RunSpec, size_px: int, language: str) -> tuple[int, Box]:
        """(rounded advance, rounded ink box from the left baseline point) of one piece.

        Shaping is a pure function of the key: the font file and its axis values, the size,
        the text, its direction and language (no OpenType features are passed). The same
        word in many lines, or the same line for two roles or base directions that resolve
        to one face, is shaped once.
        """
        face = piece.face
        key = (face.path, face.axes, size_px, piece.text, piece.direction, language)
        cached = self._shaped.get(key)
        if cached is not None:
            return cached
        # The advance from a fresh object (fonts/pil.py), the box from a kept one (_bbox_font).
        length = self.font(piece, size_px).getlength(
            piece.text, direction=piece.direction, language=language
        )
        boxes = _bbox_font(face, size_px)
        x0, y0, x1, y1 = (
            round(v)
            for v in boxes.getbbox(
                piece.text, anchor="ls", direction=piece.direction, language=language
            )
        )
        result = self._shaped[key] = (round(length), (x0, y0, x1, y1))
        return result

    def _word_gap_px(self, run: RunSpec, size_px: int) -> int:
        """Extra pixels per space where a face's word space is tighter than MIN_WORD_SPACE_EM.

        Some brand faces (Plus Jakarta Sans: 0.17 em) set words so close that at banner sizes
        "Shop now" reads "Shopnow"; a typesetter opens the word space, so do we. Rounded up,
        so the space is never under the minimum: rounded to the nearest pixel, the 320x50
        banner's 18 px headline got 1 px where it needed 1.44, and "what matters." read as
        one word.
        """
        if run.direction != "ltr" or " " not in run.text:
            return 0
        space_em = _space_em(run.face)
        # Less a hair, so that a product that is whole but for float error stays whole.
        return max(0, math.ceil((MIN_WORD_SPACE_EM - space_em) * size_px - 1e-9))

    def width(self, text: str, role: str, locale: str, size_px: int, base: str) -> int:
        placed = self.line(text, role, locale, size_px, base)
        return sum(p.width_px for p in placed)

    def ink_width(self, text: str, role: str, locale: str, size_px: int, base: str) -> int:
        """Width of the ink, which can exceed the advance (italics, overhanging marks).

        Shaped once at a reference size and scaled: outlines scale linearly, and the small
        safety margin covers rounding, so fitting can try many sizes for the cost of one.
        """
        left, _top, right, _bottom = self._reference_ink(text, role, locale, base)
        return _scaled(right - left, size_px)

    def ink_extent(self, text: str, role: str, locale: str, size_px: int) -> tuple[int, int]:
        """(ink top above the baseline as a negative number, ink bottom below it), scaled."""
        _left, top, _right, bottom = self._reference_ink(text, role, locale, "ltr")
        return -_scaled(-top, size_px), _scaled(bottom, size_px)

    def _reference_ink(self, text: str, role: str, locale: str, base: str) -> Box:
        key = (text, role, locale, base)
        cached = self._inks.get(key)
        if cached is not None:
            return cached
        placed = self.line(text, role, locale, REFERENCE_PX, base)
        ink: Box = (0, 0, 0, 0)
        if placed:
            ink = (
                min(0, min(p.ink[0] for p in placed)),
                min(p.ink[1] for p in placed),
                max(sum(p.width_px for p in placed), max(p.ink[2] for p in placed)),
                max(p.ink[3] for p in placed),
            )
        self._inks[key] = ink
        return ink

    def metrics(self, text: str, role: str, locale: str, size_px: int) -> tuple[int, int]:
        """(ascent, descent) in px of the faces a text uses, for line spacing."""
        ascent = descent = 0
        for run in self.runs(text, role, locale):
            a, d = self.font(run, size_px).getmetrics()
            ascent, descent = max(ascent, a), max(descent, d)
        return ascent, descent
