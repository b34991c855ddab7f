"""Script keys: which writing system a character belongs to, and which way it runs."""

from __future__ import annotations

from fontTools import unicodedata as ucd

# ISO 15924 code -> the project's script key (Han is decided by the locale, see han_key).
_ISO_TO_KEY = {
    "Latn": "latin",
    "Grek": "latin",
    "Cyrl": "latin",
    "Hira": "japanese",
    "Kana": "japanese",
    "Hang": "hangul",
    "Deva": "devanagari",
    "Beng": "bengali",
    "Arab": "arabic",
    "Hebr": "hebrew",
    "Thai": "thai",
    "Taml": "tamil",
    "Telu": "telugu",
    "Khmr": "khmer",
    "Laoo": "lao",
    "Mymr": "myanmar",
}
RTL_KEYS = frozenset({"arabic", "hebrew"})
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi"})
NEUTRAL = ""  # common/inherited characters: they take the script of their neighbours


def han_key(locale: str) -> str:
    """Han ideographs are drawn in the locale's own tradition (shapes differ by region)."""
    parts = locale.replace("_", "-").split("-")
    language = parts[0].lower()
    rest = {p.upper() for p in parts[1:]} | {p.title() for p in parts[1:]}
    if language == "ja":
        return "japanese"
    if language == "ko":
        return "hangul"
    if language == "zh" and rest & {"Hant", "TW", "HK", "MO"}:
        return "han_tc"
    return "han_sc"


def script_key(char: str, locale: str) -> str:
    """The script key of one character, or NEUTRAL for spaces, digits and punctuation."""
    iso = ucd.script(char)
    if iso in ("Zyyy", "Zinh", "Zzzz"):
        return NEUTRAL
    if iso in ("Hani", "Bopo"):
        return han_key(locale)
    return _ISO_TO_KEY.get(iso, "symbols")


def is_rtl_locale(locale: str) -> bool:
    return locale.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES


def language_of(locale: str) -> str:
    """The language subtag raqm wants (`hi`, `ar`, `zh-Hant`)."""
    parts = locale.replace("_", "-").split("-")
    if parts[0].lower() == "zh":
        return "zh-Hant" if han_key(locale) == "han_tc" else "zh-Hans"
    return parts[0].lower()


_LANGUAGE_SCRIPT = {
    "ja": "japanese",
    "ko": "hangul",
    "hi": "devanagari",
    "mr": "devanagari",
    "ne": "devanagari",
    "bn": "bengali",
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "he": "hebrew",
    "th": "thai",
    "ta": "tamil",
    "te": "telugu",
    "km": "khmer",
    "lo": "lao",
    "my": "myanmar",
}


def locale_script(locale: str) -> str:
    """The script a locale is mostly written in (what neutral-only text is drawn with)."""
    language = locale.replace("_", "-").split("-")[0].lower()
    if language == "zh":
        return han_key(locale)
    return _LANGUAGE_SCRIPT.get(language, "latin")
