"""Fonts: find the brand's faces, fall back per script, itemize text into runs."""

from assetpack.fonts.book import Face, FontBook
from assetpack.fonts.pil import pil_font
from assetpack.fonts.resolve import resolve_fonts
from assetpack.fonts.runs import RunSpec, covers, itemize, missing_chars
from assetpack.fonts.scripts import han_key, is_rtl_locale, language_of, locale_script, script_key

__all__ = [
    "Face",
    "FontBook",
    "RunSpec",
    "covers",
    "han_key",
    "is_rtl_locale",
    "itemize",
    "language_of",
    "locale_script",
    "missing_chars",
    "pil_font",
    "resolve_fonts",
    "script_key",
]
