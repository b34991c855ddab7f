"""Compare the copy a region should show with what OCR read from its pixels.

Both strings are normalized the same way, then scored with the normalized edit distance
NED = 1 - edits / max(len). A region passes when NED reaches its script's threshold. As NED
is 1 - edits/length, a threshold is an edit budget that grows with the length of the line:
at 0.95 a line under 20 characters must be read exactly, 20-39 characters may differ in one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from assetpack.verify.ocr import detect_script

# Typographic variants that carry no meaning on a poster and that OCR engines give back in
# their plain form (or the other way round): curly vs straight quotes, the dash family.
_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4`\u2039\u203a"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_PUNCTUATION = str.maketrans(
    _QUOTES + _DOUBLE_QUOTES + _DASHES,
    "'" * len(_QUOTES) + '"' * len(_DOUBLE_QUOTES) + "-" * len(_DASHES),
)
_DASH_RUN = re.compile(r"-{2,}")  # "--" is how a typewriter, and tesseract, writes "—"
# Arabic tatweel only stretches a word; the pixels show no letter for it.
_INVISIBLE = {"\u0640"}
_WHITESPACE = re.compile(r"\s+")
# Languages written without spaces between words: spaces there are layout, not spelling.
_RTL_LANGUAGES = {"ar", "fa", "ur", "he", "ps"}
# In right-to-left lines the bidi algorithm and the engines disagree on which side of the
# number a percent sign goes; "%50" and "50%" are the same copy.
_PERCENT_FIRST = re.compile(r"%(\d[\d.,]*)")

# Katakana and kanji (or hiragana) drawn with the same strokes: 才/オ, 口/ロ, 工/エ, 力/カ ...
# No engine can tell them apart from pixels alone, so both sides fold to the katakana.
_HOMOGLYPHS = str.maketrans("才口工力二八卜夕一へべぺ", "オロエカニハトターヘベペ")

# Currency signs the installed engines read exactly ($ € £ ¥, and ¢). Every other one, e.g.
# ₩ ₹ ₫ ฿ ৳, came back as W, \, 뷰, र, đ, $, 8 or nothing, at every size measured: OCR cannot
# verify them, so an edit that replaces or drops one costs nothing. That the font draws the
# sign at all is the font-coverage check's job.
READABLE_CURRENCY = frozenset("$€£¥¢")


# Letters an engine confuses in clean renderings of correct text, folded only when a
# reference reading is judged (ocr_reference.py): there the pixels are proven to be the
# copy's own glyphs, and the reading asks only whether the font draws them legibly.
# Tesseract reads the Thai ช under a tone mark as ซ or ข in Sarabun Bold (ช้อปเลย) at every
# size from 24 to 128 px, with both its Thai models.
ENGINE_CONFUSIONS = {"thai": str.maketrans("ซข", "ชช")}


def _language(locale: str) -> str:
    return locale.replace("_", "-").split("-")[0].lower()


# Kept: every line of every asset is compared, and the copy repeats from preset to preset
# (1,264 calls for the 40 posters, 73 ms of the GIL).
@lru_cache(maxsize=4096)
def normalize(text: str, locale: str) -> str:
    """The form in which expected copy and OCR output are compared.

    NFKC folds compatibility forms (full-width ASCII, ligatures, no-break spaces) to what a
    reader sees; format characters (ZWJ, ZWNJ, bidi marks, soft hyphens) are dropped because
    they shape glyphs but are not glyphs; quotes and dashes collapse to ASCII; case is folded
    because layout may set a headline in capitals; katakana and kanji that look the same are
    one character. Whitespace is removed: spacing is not compared (see below).
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch not in _INVISIBLE)
    text = text.translate(_PUNCTUATION).translate(_HOMOGLYPHS).casefold()
    text = _DASH_RUN.sub("-", text)
    script = detect_script(text, locale)
    if script == "arabic" or _language(locale) in _RTL_LANGUAGES:
        text = _PERCENT_FIRST.sub(r"\1%", text)
    # Word spacing is not compared at all: engines drop and insert spaces in small and tightly
    # set text ("Hearonly", "279,00€"), and a space is not what a misprint looks like. A
    # dropped or misspelled word still changes the letters.
    return _WHITESPACE.sub("", text)


def _unverifiable(ch: str) -> bool:
    return unicodedata.category(ch) == "Sc" and ch not in READABLE_CURRENCY


def _ned(want: str, got: str) -> float:
    """1 - edits / max(len), where replacing or dropping an unreadable currency sign is free."""
    if not want and not got:
        return 1.0
    edits = sum(
        1
        for op in Levenshtein.editops(want, got)
        if not (op.tag != "insert" and _unverifiable(want[op.src_pos]))
    )
    return 1.0 - edits / max(len(want), len(got))


def similarity(expected: str, read: str, locale: str) -> float:
    """NED between the normalized strings: 1.0 identical, 0.0 nothing in common."""
    return _ned(normalize(expected, locale), normalize(read, locale))


# Measured with benchmarks/ocr_thresholds.py: 6-7 poster lines per script, 16-120 px, regular
# and bold, four colourways, read by the engine ``engine_for`` picks. Each is the highest
# threshold at which every clean line passed, unless one stray reading forced it lower:
#   latin 0.93       all 1056 clean pass (RapidOCR; Vietnamese via tesseract:vie); catches
#                    typos in lines under ~15 characters, not a single letter in longer ones.
#   han_sc 0.91      all pass; one 40 px line read 减 as its traditional form 減 (1 in 12).
#   han_tc, japanese 0.93: all pass and every corruption is caught (after the homoglyph fold).
#   hangul 0.86      all pass; 20 px "2025년" read "202544" forced it down from 0.93.
#   devanagari 0.9   all but one pass (40 px white-on-red मुफ़्त read मुप्रत, NED 0.79);
#                    a dropped vowel sign is only caught in lines under ~10 characters.
#   thai 0.9         all but one pass (20 px ซื้อเลย read "jo เลย"); tesseract sometimes reads
#                    a dropped tone mark as present, so those are caught at 64 px and up.
#   bengali 0.71     all pass, but only because Latin brand names in a Bengali line come back
#                    as garbage: single-letter errors are NOT caught, dropped words are.
#   arabic 0.75      CANNOT separate clean from corrupt: 53 of 336 clean lines still fail
#                    (digits and Latin inside RTL text, "ر.س", 16 px text). Treat as advisory.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "latin": 0.93,
    "han_sc": 0.91,
    "han_tc": 0.93,
    "japanese": 0.93,
    "hangul": 0.86,
    "devanagari": 0.9,
    "bengali": 0.71,
    "arabic": 0.75,
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
    folded: bool = False  # the engine's known confusions were folded to get this score


def match(
    expected: str,
    read: str,
    locale: str,
    script: str,
    thresholds: Mapping[str, float] | None = None,
    *,
    confusions: bool = False,
) -> TextMatch:
    """Score ``read`` against ``expected``; a script without a threshold must match exactly.
    With ``confusions``, the engine's ENGINE_CONFUSIONS for the script are folded first."""
    table = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    threshold = table.get(script, 1.0)
    want, got = normalize(expected, locale), normalize(read, locale)
    folded = False
    if confusions and script in ENGINE_CONFUSIONS:
        fold = ENGINE_CONFUSIONS[script]
        folded = want.translate(fold) != want or got.translate(fold) != got
        want, got = want.translate(fold), got.translate(fold)
    ned = _ned(want, got)
    # The epsilon keeps an edit budget such as 1 edit in 20 characters (NED 0.95) from
    # failing on float rounding.
    passed = ned >= threshold - 1e-9
    return TextMatch(expected, read, ned, want == got, passed, threshold, folded)
