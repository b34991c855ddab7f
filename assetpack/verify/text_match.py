"""Compare the copy a region should show with what OCR read from its pixels.

Both strings are normalized the same way, then scored with the normalized edit distance
NED = 1 - Levenshtein / max(len). A region passes when NED reaches its script's threshold;
because NED is 1 - edits/length, a threshold is an edit budget that grows with the length of
the string, and a string shorter than 1 / (1 - threshold) characters must be read exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from assetpack.verify.ocr import detect_script

# Typographic variants that carry no meaning on a poster and that OCR engines give back in
# their plain form (or the other way round): curly vs straight quotes, the dash family.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\ufe58": "-",
        "\ufe63": "-",
        "\uff0d": "-",
    }
)
# Arabic tatweel only stretches a word; pixels show no letter for it.
_INVISIBLE = {"\u0640"}
_WHITESPACE = re.compile(r"\s+")
# Languages written without spaces between words: spaces there are layout, not spelling.
_SPACELESS_LANGUAGES = {"zh", "ja", "th", "lo", "km", "my", "bo"}
_SPACELESS_SCRIPTS = {"han_sc", "han_tc", "japanese", "thai"}


def _is_spaceless(text: str, locale: str) -> bool:
    language = locale.replace("_", "-").split("-")[0].lower()
    return language in _SPACELESS_LANGUAGES or detect_script(text, locale) in _SPACELESS_SCRIPTS


def normalize(text: str, locale: str) -> str:
    """The form in which expected copy and OCR output are compared.

    NFKC folds compatibility forms (full-width ASCII, ligatures, no-break spaces) to what a
    reader sees; format characters (ZWJ, ZWNJ, bidi marks, soft hyphens) are dropped because
    they shape glyphs but are not glyphs; quotes and dashes collapse to ASCII; case is folded
    because layout may set a headline in capitals. Whitespace collapses to one space, or is
    removed for languages written without spaces (Chinese, Japanese, Thai).
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch not in _INVISIBLE)
    text = text.translate(_PUNCTUATION).casefold()
    if _is_spaceless(text, locale):
        return _WHITESPACE.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def similarity(expected: str, read: str, locale: str) -> float:
    """NED between the normalized strings: 1.0 identical, 0.0 nothing in common."""
    return Levenshtein.normalized_similarity(normalize(expected, locale), normalize(read, locale))


# Measured with benchmarks/ocr_thresholds.py; see its docstring for the numbers behind them.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "latin": 0.9,
    "han_sc": 0.9,
    "han_tc": 0.9,
    "japanese": 0.9,
    "hangul": 0.9,
    "devanagari": 0.9,
    "bengali": 0.9,
    "arabic": 0.9,
    "thai": 0.9,
}


@dataclass(frozen=True)
class TextMatch:
    """The outcome of comparing one region's copy with its OCR reading."""

    expected: str
    read: str
    ned: float
    exact: bool
    passed: bool
    threshold: float


def match(
    expected: str,
    read: str,
    locale: str,
    script: str,
    thresholds: Mapping[str, float] | None = None,
) -> TextMatch:
    """Score ``read`` against ``expected``; a script without a threshold must match exactly."""
    table = DEFAULT_THRESHOLDS if thresholds is None else {**DEFAULT_THRESHOLDS, **thresholds}
    threshold = table.get(script, 1.0)
    want, got = normalize(expected, locale), normalize(read, locale)
    ned = Levenshtein.normalized_similarity(want, got)
    # The epsilon keeps an edit budget such as 1 edit in 20 characters (NED 0.95) from
    # failing on float rounding.
    return TextMatch(expected, read, ned, want == got, ned >= threshold - 1e-9, threshold)
