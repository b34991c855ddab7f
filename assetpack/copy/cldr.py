"""Prices, percentages and dates as each locale writes them, from CLDR through Babel.

Digits: CLDR's default numbering system for ar-SA (and bn, fa, ...) is native digits, but
Babel's formatters default to Latin digits, and asking Babel for ``numbering_system="default"``
only swaps the separators (``279٫00`` with Latin digits and an Arabic decimal mark, which no
reader expects). The price slot must equal plain ``format_currency(amount, currency, locale)``,
so every number here uses Babel's default ``latn`` system and a poster never mixes two digit
systems. Babel's date formatting also writes Latin digits, so dates agree too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Literal

from babel import Locale, localedata
from babel.dates import format_skeleton
from babel.numbers import format_currency, format_percent

from assetpack.config.brief import Money

NUMBERING_SYSTEM = "latn"
# Month and day only: a poster's deadline is always near, and CLDR's MMMd skeleton gives each
# locale's own short form ("Dec 1", "1. Dez.", "12月1日").
DATE_SKELETON = "MMMd"


@cache
def parse_locale(tag: str) -> Locale:
    """BCP 47 tag (en-US, zh-TW, zh-Hant-TW) -> Babel Locale, with likely script filled in."""
    return Locale.parse(tag, sep="-")


def release_locale_data() -> None:
    """Forget the CLDR data loaded so far, once the copy is written: Babel keeps every
    locale it loaded, 15 MB for a 30-locale build, and nothing after the copy asks for it
    (a later call loads what it needs again)."""
    parse_locale.cache_clear()
    localedata.clear_caches()


def format_price(money: Money, tag: str) -> str:
    """Exactly what ``babel.numbers.format_currency(amount, currency, locale)`` gives.

    That includes the currency's own precision (no decimals for JPY and KRW), the locale's
    grouping (lakh grouping for hi-IN) and symbol placement.
    """
    return format_currency(
        money.amount, money.currency, locale=parse_locale(tag), numbering_system=NUMBERING_SYSTEM
    )


def format_discount(percent: int, tag: str) -> str:
    """A whole-number discount in the locale's percent format: '20%', '20 %', '%20'."""
    return format_percent(
        Decimal(percent) / 100, locale=parse_locale(tag), numbering_system=NUMBERING_SYSTEM
    )


def format_day(day: dt.date, tag: str) -> str:
    """Month and day in the locale's short form: 'Dec 1', '1. Dez.', '12月1日'."""
    return format_skeleton(DATE_SKELETON, day, locale=parse_locale(tag))


def text_direction(tag: str) -> Literal["ltr", "rtl"]:
    """Base direction of the locale's script (rtl for ar, he, fa, ur), from CLDR."""
    order = parse_locale(tag).character_order
    return "rtl" if order == "right-to-left" else "ltr"
