"""Prices, percentages and dates exactly as CLDR writes them for each locale."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from babel import Locale, localedata
from babel.numbers import format_currency

from assetpack.config import Money
from assetpack.copy.cldr import (
    format_day,
    format_discount,
    format_price,
    release_locale_data,
    text_direction,
)

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space
RLM = "\u200f"  # right-to-left mark
NON_LATIN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9\u09e6-\u09ef\u0966-\u096f]")

PRICES = [
    ("ja-JP", "39800", "JPY", "￥39,800"),  # full-width yen sign, no decimals
    ("hi-IN", "2499999", "INR", "₹24,99,999.00"),  # lakh grouping
    ("ko-KR", "39800", "KRW", "₩39,800"),  # no decimals
    ("de-DE", "279", "EUR", f"279,00{NBSP}€"),
    ("fr-FR", "1290", "EUR", f"1{NNBSP}290,00{NBSP}€"),  # narrow NBSP groups, NBSP before €
    ("ar-SA", "279", "SAR", f"{RLM}279.00{NBSP}ر.س.{RLM}"),
    ("en-US", "279", "USD", "$279.00"),
    ("zh-TW", "990", "TWD", "$990.00"),
    ("pt-BR", "1290", "BRL", f"R${NBSP}1.290,00"),
    ("tr-TR", "1290", "TRY", "₺1.290,00"),
]


@pytest.mark.parametrize(("tag", "amount", "currency", "expected"), PRICES)
def test_price_exact(tag: str, amount: str, currency: str, expected: str) -> None:
    assert format_price(Money(amount=Decimal(amount), currency=currency), tag) == expected


@pytest.mark.parametrize(("tag", "amount", "currency", "expected"), PRICES)
def test_price_is_plain_format_currency(
    tag: str, amount: str, currency: str, expected: str
) -> None:
    # The contract: the price slot is what format_currency gives, nothing added.
    locale = Locale.parse(tag, sep="-")
    money = Money(amount=Decimal(amount), currency=currency)
    assert format_price(money, tag) == format_currency(Decimal(amount), currency, locale=locale)


def test_yen_rounds_to_whole_units() -> None:
    assert format_price(Money(amount=Decimal("279.5"), currency="JPY"), "ja-JP") == "￥280"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en-US", "20%"), ("de-DE", f"20{NBSP}%"), ("fr-FR", f"20{NBSP}%"), ("tr-TR", "%20"),
     ("ja-JP", "20%"), ("ar-SA", "20%")],
)  # fmt: skip
def test_discount_percent(tag: str, expected: str) -> None:
    assert format_discount(20, tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en-US", "Dec 1"), ("ja-JP", "12月1日"), ("zh-CN", "12月1日"), ("ko-KR", "12월 1일"),
     ("de-DE", "1. Dez."), ("fr-FR", "1 déc."), ("ar-SA", "1 ديسمبر"), ("hi-IN", "1 दिस॰")],
)  # fmt: skip
def test_month_day(tag: str, expected: str) -> None:
    assert format_day(dt.date(2025, 12, 1), tag) == expected


def test_arabic_uses_one_digit_system_everywhere() -> None:
    # Price, percent and date all in Latin digits, as format_currency writes the price.
    texts = [
        format_price(Money(amount=Decimal("279"), currency="SAR"), "ar-SA"),
        format_discount(15, "ar-SA"),
        format_day(dt.date(2025, 12, 1), "ar-SA"),
    ]
    assert not any(NON_LATIN_DIGITS.search(text) for text in texts)
    assert all(re.search("[0-9]", text) for text in texts)


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar-SA", "rtl"), ("he-IL", "rtl"), ("fa-IR", "rtl"), ("ur-PK", "rtl"), ("en-US", "ltr"),
     ("ja-JP", "ltr"), ("hi-IN", "ltr")],
)  # fmt: skip
def test_text_direction(tag: str, direction: str) -> None:
    assert text_direction(tag) == direction


def test_released_locale_data_is_loaded_again_when_asked_for():
    price = Money(amount=Decimal("1299.5"), currency="EUR")
    before = format_price(price, "de-DE")
    release_locale_data()
    assert not localedata._cache  # Babel's own store of loaded locales is empty
    assert format_price(price, "de-DE") == before == format_currency(1299.5, "EUR", locale="de_DE")
