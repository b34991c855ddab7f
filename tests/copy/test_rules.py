"""Brand rules: banned words (case-, width- and script-aware), required phrases, legal line."""

from __future__ import annotations

import pytest

from assetpack.config import CopySet
from assetpack.copy.rules import banned_in, check_rules, contains_word, fold
from assetpack.errors import CopyError


@pytest.mark.parametrize(
    ("text", "word", "tag", "found"),
    [
        ("Cheap shoes", "cheap", "en-US", True),
        ("So CHEAP!", "Cheap", "en-US", True),
        ("cheap's the word", "cheap", "en-US", True),
        ("Don't be a cheapskate", "cheap", "en-US", False),  # whole words only
        ("Cheaper by the dozen", "cheap", "en-US", False),  # list every form you mean
        ("ＣＨＥＡＰ", "cheap", "en-US", True),  # full-width letters, NFKC
        ("che\u00adap", "cheap", "en-US", True),  # a soft hyphen hides nothing
        ("The Best  Price ever", "best price", "en-US", True),  # any run of spaces
        ("STRASSE", "Straße", "de-DE", True),  # ß casefolds to ss
        ("SÜPER İNDİRİM", "indirim", "tr-TR", True),  # Turkish dotted capital İ
        ("IŞIK", "ışık", "tr-TR", True),  # Turkish capital I is dotless
        ("超cheapセール", "cheap", "ja-JP", True),  # Latin word between Japanese letters
        ("今だけ激安セール", "激安", "ja-JP", True),  # no spaces in Japanese: substring
        ("全场最低价", "最低价", "zh-CN", True),
        ("최저가를 만나보세요", "최저가", "ko-KR", True),  # particle glued to the noun
        ("ราคาถูกที่สุดวันนี้", "ถูกที่สุด", "th-TH", True),
        ("सस्ता जूता", "सस", "hi-IN", False),  # a vowel sign continues the word
        ("सबसे सस्ता जूता", "सस्ता", "hi-IN", True),
        ("أرخص سعر", "أرخص", "ar-SA", True),
    ],
)
def test_banned_word_matching(text: str, word: str, tag: str, found: bool) -> None:
    assert contains_word(text, word, tag) is found


def test_fold_drops_bidi_marks_around_prices() -> None:
    assert fold("\u200f279.00\u00a0ر.س.\u200f", "ar-SA") == "279.00 ر.س."


def test_banned_in_keeps_list_order() -> None:
    assert banned_in("cheap and free", ["free", "cheap", "gratis"], "en-US") == ["free", "cheap"]


def _copy(tag: str = "en-US", **slots: str) -> CopySet:
    values = {"headline": "Run light", **slots}
    return CopySet.model_validate(
        {"locale": tag, "sources": dict.fromkeys(values, "brief"), **values}
    )


def test_all_violations_in_one_error(make_project) -> None:
    project = make_project(legal="Terms apply.", banned=("cheap",), required=("Acme®",))
    copies = {
        "en-US": _copy(headline="Cheap Acme® shoes", legal="Terms apply."),
        "de-DE": _copy("de-DE", headline="Leichte Schuhe", legal=""),
    }
    with pytest.raises(CopyError) as caught:
        check_rules(copies, project.kit, project.brief_path)
    assert str(caught.value) == (
        "examples/spring/brief.yaml: the copy breaks brand rules in 3 places:\n"
        "  - copy.en-US.headline (from the brief): 'Cheap Acme® shoes' uses the banned word "
        "'cheap' (brand kit tone.banned_words); reword it\n"
        "  - de-DE: the required phrase 'Acme®' (brand kit tone.required_phrases) appears in "
        "no slot; add it to copy.de-DE.headline, subhead or legal\n"
        "  - copy.de-DE.legal is empty but the brand kit has a legal line; remove the empty "
        "legal from the brief to use the kit's line, or write a localized one"
    )
    assert caught.value.exit_code == 2


def test_required_phrase_may_sit_in_any_slot(make_project) -> None:
    project = make_project(required=("ACME",))
    copies = {"en-US": _copy(legal="© Acme 2025")}  # case-insensitive, in the legal slot
    check_rules(copies, project.kit, project.brief_path)


def test_clean_copy_passes(make_project) -> None:
    project = make_project(legal="Terms apply.", banned=("cheap",))
    check_rules({"en-US": _copy(legal="Terms apply.")}, project.kit, project.brief_path)
