"""Every locale has every intent, in its own script and words, never English by accident."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from assetpack.copy.cldr import format_day
from assetpack.copy.phrasebook import (
    INTENTS,
    LOANWORDS,
    PHRASES,
    PLACEHOLDERS,
    MissingPhrase,
    phrase,
    phrasebook_key,
)

SAMPLE = {"percent": "20%", "price": "$279.00", "date": "Dec 1"}
# Letters each locale's phrases must be written in (placeholders removed).
SCRIPTS = {
    "zh-Hans": r"[\u4e00-\u9fff]", "zh-Hant": r"[\u4e00-\u9fff]",
    "ja": r"[\u3040-\u30ff\u4e00-\u9fff]", "ko": r"[\uac00-\ud7af]",
    "hi": r"[\u0900-\u097f]", "bn": r"[\u0980-\u09ff]", "ar": r"[\u0600-\u06ff]",
    "th": r"[\u0e00-\u0e7f]",
}  # fmt: skip
CASES = [(key, intent) for key in PHRASES for intent in INTENTS]


def test_at_least_fourteen_locales() -> None:
    assert len(PHRASES) >= 14


@pytest.mark.parametrize(("key", "intent"), CASES)
def test_every_intent_present_with_exactly_its_placeholder(key: str, intent: str) -> None:
    template = PHRASES[key][intent]  # type: ignore[index]
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    expected = {PLACEHOLDERS[intent]} if intent in PLACEHOLDERS else set()  # type: ignore[index]
    assert fields == expected, template
    assert template.format(**SAMPLE).strip()
    assert template == template.strip() and "  " not in template


@pytest.mark.parametrize(("key", "intent"), [c for c in CASES if c[0] != "en"])
def test_no_english_leak(key: str, intent: str) -> None:
    ours, english = PHRASES[key][intent], PHRASES["en"][intent]  # type: ignore[index]
    if (key, intent) in LOANWORDS:
        assert ours == english  # a stale allowance would hide a real leak later
    else:
        assert ours.casefold() != english.casefold()


@pytest.mark.parametrize(("key", "intent"), [c for c in CASES if c[0] in SCRIPTS])
def test_written_in_the_locale_script(key: str, intent: str) -> None:
    text = re.sub(r"\{\w+\}", "", PHRASES[key][intent])  # type: ignore[index]
    assert re.search(SCRIPTS[key], text), text


def test_simplified_and_traditional_differ() -> None:
    assert phrase("buy_now", "zh-CN") == "立即购买"
    assert phrase("buy_now", "zh-TW") == "立即購買"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("de-DE", "Jetzt kaufen"), ("ja-JP", "今すぐ購入"), ("ko-KR", "지금 구매하기"),
     ("hi-IN", "अभी खरीदें"), ("bn-BD", "এখনই কিনুন"), ("th-TH", "ซื้อเลย"),
     ("vi-VN", "Mua ngay"), ("en-GB", "Buy now")],
)  # fmt: skip
def test_buy_now(tag: str, expected: str) -> None:
    assert phrase("buy_now", tag) == expected


def test_arabic_shop_now() -> None:
    assert phrase("shop_now", "ar-SA") == "تسوق الآن"


def test_deadline_with_cldr_dates() -> None:
    day = dt.date(2025, 12, 1)
    assert phrase("ends", "en-US", date=format_day(day, "en-US")) == "Ends Dec 1"
    assert phrase("ends", "ja-JP", date=format_day(day, "ja-JP")) == "12月1日まで"


@pytest.mark.parametrize(
    ("tag", "key"),
    [("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"),
     ("zh-Hant-TW", "zh-Hant"), ("zh", "zh-Hans"), ("pt-BR", "pt-BR"), ("pt", "pt-BR"),
     ("pt-PT", None), ("es-MX", "es"), ("ar-EG", "ar"), ("en", "en"), ("pl-PL", None)],
)  # fmt: skip
def test_lookup_falls_back_from_tag_to_language(tag: str, key: str | None) -> None:
    assert phrasebook_key(tag) == key


def test_unknown_locale_is_an_error_not_english() -> None:
    with pytest.raises(MissingPhrase) as caught:
        phrase("buy_now", "pl-PL")
    assert (caught.value.tag, caught.value.intent) == ("pl-PL", "buy_now")
