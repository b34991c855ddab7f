"""Auto-fit: the largest size at which a text fits its box in balanced lines."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from assetpack.layout.line_break import hyphenate, segments
from assetpack.layout.measure import Typesetter

# Leading per script: scripts with tall marks above and below need more room between lines.
LEADING = {
    "latin": 1.12,
    "hangul": 1.25,
    "han_sc": 1.25,
    "han_tc": 1.25,
    "japanese": 1.25,
    "devanagari": 1.38,
    "bengali": 1.38,
    "thai": 1.4,
    "arabic": 1.4,
    "hebrew": 1.3,
}


HYPHEN_GAIN = 1.2
# Entries per cache of the fitting search. Laying out every preset in 30 locales: 65,536
# held 32 MB more than 8,192 for 4% less time (6.6 s against 6.9); 2,048 took 7.7 s.
FIT_CACHE = 8192


@dataclass(frozen=True)
class Fit:
    """Lines of a text at one size, and the room they take."""

    size_px: int
    lines: tuple[str, ...]
    line_height_px: int
    width_px: int  # widest line's ink
    height_px: int  # from the first line's ink top to the last line's ink bottom
    top_offset_px: int  # first baseline below the top of the ink


@dataclass(frozen=True)
class TextSpec:
    """What to fit: text, role, locale and base direction."""

    text: str
    role: str
    locale: str
    base: str = "ltr"
    hyphens: bool = False


def line_height(ts: Typesetter, spec: TextSpec, size_px: int) -> int:
    scripts = {run.script for run in ts.runs(spec.text, spec.role, spec.locale)}
    factor = max((LEADING.get(s, 1.2) for s in scripts), default=1.2)
    return max(1, round(size_px * factor))


def _pieces(ts: Typesetter, spec: TextSpec, size_px: int, max_width: int) -> list[str] | None:
    """Segments, with any segment wider than the box hyphenated (or None if impossible)."""
    out: list[str] = []
    for seg in segments(spec.text, spec.locale):
        if _w(ts, spec, seg, size_px) <= max_width:
            out.append(seg)
            continue
        if not spec.hyphens:
            return None
        trailing = seg[len(seg.rstrip()) :]
        pieces = hyphenate(
            seg.rstrip(), spec.locale, lambda t: _w(ts, spec, t, size_px) <= max_width
        )
        if pieces is None:
            return None
        pieces[-1] += trailing
        out.extend(pieces)
    return out


def _w(ts: Typesetter, spec: TextSpec, text: str, size_px: int) -> int:
    return ts.ink_width(text.strip(), spec.role, spec.locale, size_px, spec.base)


@lru_cache(maxsize=FIT_CACHE)
def break_lines(
    ts: Typesetter, spec: TextSpec, size_px: int, max_width: int, max_lines: int
) -> tuple[str, ...] | None:
    """Balanced line breaks in as few lines as possible, or None if it cannot fit."""
    pieces = _pieces(ts, spec, size_px, max_width)
    if pieces is None:
        return None
    if spec.hyphens and tuple(pieces) == segments(spec.text, spec.locale):
        # No segment needed hyphenating: the pieces, and so the lines, are the plain ones.
        return break_lines(ts, replace(spec, hyphens=False), size_px, max_width, max_lines)
    n = len(pieces)
    widths: dict[tuple[int, int], int] = {}

    def width(i: int, j: int) -> int:
        w = widths.get((i, j))
        if w is None:
            w = widths[i, j] = _w(ts, spec, "".join(pieces[i:j]), size_px)
        return w

    # best[k][j]: least raggedness for pieces[:j] in k lines (every line, last included,
    # counts, which is what balances the lines and avoids a lone word at the end). A row
    # does not depend on how many lines are tried in all, so rows are built one at a time
    # and each is first solved for all n pieces: when they fit, the rest of it is not needed.
    inf = float("inf")
    best: list[list[float]] = [[0.0] + [inf] * n]
    back: list[list[int]] = [[0] * (n + 1)]
    limit = min(max_lines, n)
    for k in range(1, limit + 1):
        prev = best[k - 1]
        row, row_back = [inf] * (n + 1), [0] * (n + 1)
        best.append(row)
        back.append(row_back)
        for j in (n, *range(k, n)) if k < limit else (n,):
            for i in range(k - 1, j):
                # Adding a line never lowers the cost: a start that already costs as much
                # as the best found cannot win, so its line is not even measured.
                if prev[i] >= row[j]:
                    continue
                w = width(i, j)
                if w > max_width:
                    continue
                cost = prev[i] + (max_width - w) ** 2
                if cost < row[j]:
                    row[j], row_back[j] = cost, i
            if j == n and row[n] < inf:
                cuts, end = [], n
                for line in range(k, 0, -1):
                    start = back[line][end]
                    cuts.append("".join(pieces[start:end]).strip())
                    end = start
                return tuple(reversed(cuts))
    return None


@lru_cache(maxsize=FIT_CACHE)
def measure_fit(ts: Typesetter, spec: TextSpec, size_px: int, lines: tuple[str, ...]) -> Fit:
    extents = [ts.ink_extent(line, spec.role, spec.locale, size_px) for line in lines]
    top = min((t for t, _ in extents[:1]), default=0)
    bottom = max((b for _, b in extents[-1:]), default=0)
    lh = line_height(ts, spec, size_px)
    width = max(_w(ts, spec, line, size_px) for line in lines)
    # top is negative (above the baseline); the first line's ink starts `-top` above it.
    return Fit(size_px, lines, lh, width, (len(lines) - 1) * lh + bottom - top, -top)


@lru_cache(maxsize=FIT_CACHE)
def fit_at(
    ts: Typesetter, spec: TextSpec, size_px: int, box_w: int, box_h: int, max_lines: int
) -> Fit | None:
    lines = break_lines(ts, spec, size_px, box_w, max_lines)
    if lines is None:
        return None
    fit = measure_fit(ts, spec, size_px, lines)
    return fit if fit.height_px <= box_h else None


@lru_cache(maxsize=FIT_CACHE)
def fit_text(
    ts: Typesetter,
    spec: TextSpec,
    box_w: int,
    box_h: int,
    max_lines: int,
    min_px: int,
    max_px: int,
) -> Fit | None:
    """Largest size in [min_px, max_px] that fits; None when even min_px does not.

    Hyphenation is a last resort: it is used only when it buys a clearly larger size (more
    than HYPHEN_GAIN) than breaking between words alone, or when nothing else fits.
    """
    plain = _largest(ts, spec, box_w, box_h, max_lines, min_px, max_px)
    if plain is not None and max_px < plain.size_px * HYPHEN_GAIN:
        return plain  # hyphenating could not buy the gain it must, even at max_px
    hyphenated = _largest(ts, replace(spec, hyphens=True), box_w, box_h, max_lines, min_px, max_px)
    if hyphenated is None or (
        plain is not None and hyphenated.size_px < plain.size_px * HYPHEN_GAIN
    ):
        return plain
    return hyphenated


def _largest(
    ts: Typesetter, spec: TextSpec, box_w: int, box_h: int, max_lines: int, min_px: int, max_px: int
) -> Fit | None:
    if fit_at(ts, spec, min_px, box_w, box_h, max_lines) is None:
        return None
    low, high = min_px, max_px
    while low < high:
        mid = (low + high + 1) // 2
        if fit_at(ts, spec, mid, box_w, box_h, max_lines) is not None:
            low = mid
        else:
            high = mid - 1
    return fit_at(ts, spec, low, box_w, box_h, max_lines)
