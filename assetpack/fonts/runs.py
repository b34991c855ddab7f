"""Itemize text into runs: one script, one direction and one face per run."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assetpack.fonts.book import Face, FontBook
from assetpack.fonts.faces import codepoints
from assetpack.fonts.scripts import NEUTRAL, RTL_KEYS, is_rtl_locale, locale_script, script_key

# Characters that never need a glyph of their own (joiners, variation selectors, marks
# that only steer shaping); a font lacking them does not make the text uncovered.
IGNORABLE = frozenset({0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}) | frozenset(
    range(0xFE00, 0xFE10)
)


NUMBER = re.compile(r"\d+(?:[.,:/\u00a0\u202f'’]\d+)*%?")
NUMBER_SCRIPT = "number"


@dataclass(frozen=True)
class RunSpec:
    """A stretch of text drawn with one face in one direction."""

    text: str
    face: Face
    script: str
    direction: str  # "ltr" | "rtl"


def covers(face: Face, text: str) -> bool:
    cmap = codepoints(face.path)
    return all(ord(c) in cmap or ord(c) in IGNORABLE for c in text)


def missing_chars(face: Face, text: str) -> str:
    cmap = codepoints(face.path)
    return "".join(c for c in text if ord(c) not in cmap and ord(c) not in IGNORABLE)


def _direction(key: str) -> str:
    return "rtl" if key in RTL_KEYS else "ltr"


def _resolve_neutrals(keys: list[str], locale: str) -> list[str]:
    """Give spaces, digits and punctuation a script, the way UAX #9 gives them a direction.

    Between two runs of the same direction a neutral stretch joins the run before it;
    between runs of opposite directions (or at an edge) it follows the paragraph direction,
    so "Lumen Audio. تطبق" keeps its space and period with the Arabic, as a reader expects.
    """
    base = "rtl" if is_rtl_locale(locale) else "ltr"
    own = locale_script(locale)
    out = list(keys)
    i = 0
    while i < len(out):
        if out[i] != NEUTRAL:
            i += 1
            continue
        j = i
        while j < len(out) and out[j] == NEUTRAL:
            j += 1
        before = out[i - 1] if i > 0 else None
        after = out[j] if j < len(out) else None
        if (
            before
            and after
            and _direction(before) == _direction(after)
            or before
            and _direction(before) == base
        ):
            chosen = before
        elif after and _direction(after) == base:
            chosen = after
        else:
            chosen = own if _direction(own) == base else (before or after or own)
        out[i:j] = [chosen] * (j - i)
        i = j
    return out


def _script_runs(text: str, locale: str) -> list[tuple[str, str]]:
    """Split text into (chunk, script key) runs, neutrals resolved as above."""
    keys = _resolve_neutrals([script_key(c, locale) for c in text], locale)
    runs: list[tuple[str, str]] = []
    for char, key in zip(text, keys, strict=True):
        if runs and runs[-1][1] == key:
            runs[-1] = (runs[-1][0] + char, key)
        else:
            runs.append((char, key))
    return runs


def _faces_for(book: FontBook, role: str, script: str) -> list[Face]:
    return [book.primary[role], *book.fallbacks[role].get(script, [])]


def _last_resort(book: FontBook, role: str, char: str) -> Face | None:
    for chain in book.fallbacks[role].values():
        for face in chain:
            if covers(face, char):
                return face
    return None


def itemize(text: str, role: str, locale: str, book: FontBook) -> list[RunSpec]:
    """Runs for `text`; each run's face is the first in the chain covering all its characters.

    Runs keep one direction each; the line places them in visual order (layout/measure.py).
    """
    runs: list[RunSpec] = []
    for chunk, script in _script_runs(text, locale):
        direction = _direction(script)
        chain = _faces_for(book, role, script)
        face = next((f for f in chain if covers(f, chunk)), None)
        if face is not None:
            runs.append(RunSpec(chunk, face, script, direction))
            continue
        # No single face has every character: fall back character by character.
        for char in chunk:
            face = next((f for f in chain if covers(f, char)), None)
            face = face or _last_resort(book, role, char) or chain[-1]
            if runs and runs[-1].face == face and runs[-1].script == script:
                last = runs[-1]
                runs[-1] = RunSpec(last.text + char, face, script, direction)
            else:
                runs.append(RunSpec(char, face, script, direction))
    return _split_numbers(_merge(runs))


def _split_numbers(runs: list[RunSpec]) -> list[RunSpec]:
    """Numbers inside words get runs of their own (same face, left to right).

    Digits run left to right even in Arabic, and an engine that reads a script's letters
    often misreads its digits and percent signs; a run of their own gives the verifier a
    box to read them with the engine that reads numbers best.
    """
    out: list[RunSpec] = []
    for run in runs:
        if not (NUMBER.search(run.text) and any(c.isalpha() for c in run.text)):
            out.append(run)
            continue
        position = 0
        for found in NUMBER.finditer(run.text):
            if found.start() > position:
                out.append(replace(run, text=run.text[position : found.start()]))
            out.append(replace(run, text=found.group(0), script=NUMBER_SCRIPT, direction="ltr"))
            position = found.end()
        if position < len(run.text):
            out.append(replace(run, text=run.text[position:]))
    return out


def _merge(runs: list[RunSpec]) -> list[RunSpec]:
    merged: list[RunSpec] = []
    for run in runs:
        if merged and merged[-1].face == run.face and merged[-1].direction == run.direction:
            last = merged[-1]
            merged.append(RunSpec(last.text + run.text, run.face, last.script, run.direction))
            del merged[-2]
        else:
            merged.append(run)
    return merged
