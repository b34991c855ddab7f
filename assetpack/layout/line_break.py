"""Where a line may break: UAX #14 for spaced scripts, BudouX phrases for CJK and Thai."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

import budoux
import pyphen
from uniseg.linebreak import LineBreak, line_break, line_break_units

# Kinsoku shori (JIS X 4051): characters that may not start a line, and that may not end one.
NO_LINE_START = frozenset(
    "、。，．・：；？！ー－～…‥）〕］｝〉》」』】〙〗〟’”｠»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    ",.:;!?)]}%％‰°℃"
)
NO_LINE_END = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«([{$￥¥£€＄")


@cache
def _budoux_parser(key: str) -> budoux.Parser:
    loaders = {
        "ja": budoux.load_default_japanese_parser,
        "zh-hans": budoux.load_default_simplified_chinese_parser,
        "zh-hant": budoux.load_default_traditional_chinese_parser,
        "th": budoux.load_default_thai_parser,
    }
    return loaders[key]()


def _phrase_key(locale: str) -> str | None:
    parts = locale.lower().replace("_", "-").split("-")
    if parts[0] == "ja":
        return "ja"
    if parts[0] == "th":
        return "th"
    if parts[0] == "zh":
        traditional = {"hant", "tw", "hk", "mo"} & set(parts[1:])
        return "zh-hant" if traditional else "zh-hans"
    return None


def segments(text: str, locale: str) -> tuple[str, ...]:
    """Unbreakable pieces of `text`, in order; joined they give `text` back exactly."""
    key = _phrase_key(locale)
    if key is None:
        # Korean breaks between words, not syllables; other languages where UAX #14 says.
        key = "words" if locale.lower().split("-")[0] == "ko" else "uax14"
    return _segments(text, key)


@lru_cache(maxsize=4096)
def _segments(text: str, key: str) -> tuple[str, ...]:
    """`segments` by the way the text breaks, not the locale: regional variants share their
    language's copy, and uniseg's UAX #14 takes about 10 ms for a subhead."""
    if key == "words":
        return tuple(_split_spaces(text))
    if key == "uax14":
        return tuple(unit for unit in line_break_units(text) if unit)
    pieces = [p for phrase in _budoux_parser(key).parse(text) for p in _split_spaces(phrase)]
    return tuple(_kinsoku(_rejoin_words(pieces)))


# UAX #14 classes between which a line never breaks: letters and digits of spaced scripts.
_WORD_CLASSES = frozenset({LineBreak.AL, LineBreak.HL, LineBreak.NU})


def _rejoin_words(pieces: list[str]) -> list[str]:
    """BudouX phrases with the Latin words and numbers inside them made whole again: its
    Chinese model cuts "Lumen Audio" into "A", "ud", "io"."""
    out: list[str] = []
    for piece in pieces:
        if out and out[-1] and piece:
            before, after = line_break(out[-1][-1]), line_break(piece[0])
            if before in _WORD_CLASSES and after in _WORD_CLASSES:
                out[-1] += piece
                continue
        out.append(piece)
    return out


def _split_spaces(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"\S+\s*|\s+", text)]


def _kinsoku(pieces: list[str]) -> list[str]:
    """Move closing marks back onto the previous piece and opening marks onto the next."""
    out = [p for p in pieces if p]
    for i in range(1, len(out)):
        while out[i] and out[i][0] in NO_LINE_START:
            out[i - 1] += out[i][0]
            out[i] = out[i][1:]
    for i in range(len(out) - 1):
        while out[i] and out[i].rstrip() and out[i].rstrip()[-1] in NO_LINE_END:
            stripped = out[i].rstrip()
            out[i + 1] = stripped[-1] + out[i][len(stripped) :] + out[i + 1]
            out[i] = stripped[:-1]
    return [p for p in out if p]


@cache
def _hyphenator(locale: str) -> pyphen.Pyphen | None:
    tag = locale.replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        if candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate)
    return None


def hyphenate(word: str, locale: str, fits: Callable[[str], bool]) -> list[str] | None:
    """Split a too-long word at dictionary hyphenation points so each piece fits."""
    dic = _hyphenator(locale)
    if dic is None:
        return None
    pieces: list[str] = []
    rest = word
    while not fits(rest):
        split = next(((a, b) for a, b in dic.iterate(rest) if fits(a + "-")), None)
        if split is None:
            return None
        pieces.append(split[0] + "-")
        rest = split[1]
    return [*pieces, rest]
