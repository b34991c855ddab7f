"""Brand rules on finished copy: banned words, required phrases, the legal line.

Matching is done on folded text (NFKC, invisible format characters removed, casefolded with
Turkish dotted/dotless i where the locale is tr or az), so full-width "ＣＨＥＡＰ", "Che\u00adap"
and "CHEAP" all count as "cheap".

Word boundaries: a banned word written in a spaced script (Latin, Cyrillic, Devanagari,
Arabic, ...) only matches as a whole word, so banning "cheap" leaves "cheapskate" and
"cheaper" alone (list every form you mean). A banned word containing Han, kana, Hangul, Thai,
Lao, Khmer or Myanmar letters matches anywhere: those scripts do not put spaces between
words, and Korean glues particles to nouns ("최저가를"), so a boundary would hide real uses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from assetpack.config.brandkit import BrandKit
from assetpack.config.copyset import CopySet
from assetpack.copy.cldr import parse_locale
from assetpack.copy.problems import rules_error

# Soft hyphen, zero-width space, word joiner, BOM, and the bidi marks CLDR puts around
# Arabic and Hebrew prices. ZWJ/ZWNJ stay: they change spelling in Indic scripts and Persian.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\u200e\u200f\u061c"), None)
_SPACES = re.compile(r"\s+")
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3005\u3040-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]"
)
_TURKIC = {"tr", "az"}
SOURCE_HINTS = {
    "brief": "from the brief",
    "phrasebook": "from the phrasebook",
    "cldr": "from CLDR",
    "kit": "from the brand kit",
    "openai": "written by OpenAI",
}


def fold(text: str, tag: str) -> str:
    """Text reduced for matching: NFKC, invisibles dropped, locale-aware casefold."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    if parse_locale(tag).language in _TURKIC:
        # Turkish capital I lowers to dotless ı and İ to i; casefold() would get both wrong.
        text = text.replace("I", "ı").replace("İ", "i")
    return _SPACES.sub(" ", text.casefold()).strip()


def _is_word_char(char: str) -> bool:
    # Combining marks count as letters: Devanagari and Thai vowel signs belong to the word.
    if _UNSPACED.match(char):
        return False
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _whole_word_at(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def contains_word(text: str, word: str, tag: str) -> bool:
    """Whether `word` occurs in `text` under the rules in the module docstring."""
    haystack, needle = fold(text, tag), fold(word, tag)
    if not needle:
        return False
    if _UNSPACED.search(needle):
        return needle in haystack
    start = haystack.find(needle)
    while start != -1:
        if _whole_word_at(haystack, start, start + len(needle)):
            return True
        start = haystack.find(needle, start + 1)
    return False


def banned_in(text: str, banned: Iterable[str], tag: str) -> list[str]:
    """The banned words that occur in `text`, in list order."""
    return [word for word in banned if contains_word(text, word, tag)]


def banned_word_problems(copy: CopySet, kit: BrandKit, field: str) -> list[str]:
    """One sentence per banned word in a CopySet's slots; `field` names where the copy sits
    in the brief (copy.de-DE, panels[2].copy.de-DE)."""
    problems = []
    for slot, text in copy.slots().items():
        for word in banned_in(text, kit.tone.banned_words, copy.locale):
            hint = SOURCE_HINTS.get(copy.sources.get(slot, ""), "")
            where = f"{field}.{slot}" + (f" ({hint})" if hint else "")
            problems.append(
                f"{where}: {text!r} uses the banned word {word!r} (brand kit "
                "tone.banned_words); reword it"
            )
    return problems


def rule_violations(copy: CopySet, kit: BrandKit) -> list[str]:
    """Every brand-rule problem of one locale's copy, each a sentence saying how to fix it."""
    tag = copy.locale
    problems = banned_word_problems(copy, kit, f"copy.{tag}")
    everything = fold(" \n ".join(copy.slots().values()), tag)
    for required in kit.tone.required_phrases:
        if fold(required, tag) not in everything:
            problems.append(
                f"{tag}: the required phrase {required!r} (brand kit tone.required_phrases) "
                f"appears in no slot; add it to copy.{tag}.headline, subhead or legal"
            )
    if kit.legal_for(tag).strip() and not copy.legal.strip():
        problems.append(
            f"copy.{tag}.legal is empty but the brand kit has a legal line; remove the empty "
            "legal from the brief to use the kit's line, or write a localized one"
        )
    return problems


def check_rules(copies: dict[str, CopySet], kit: BrandKit, brief_path: Path) -> None:
    """Raise one CopyError listing every violation in every locale; return when all is well."""
    violations = [item for copy in copies.values() for item in rule_violations(copy, kit)]
    if violations:
        raise rules_error(brief_path, violations)
