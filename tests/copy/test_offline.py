"""Offline copy: brief wins slot by slot, phrasebook and CLDR fill the rest, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from assetpack.copy import write_copy, write_copy_with_usage
from assetpack.copy.offline import join_sentences
from assetpack.errors import CopyError

DEC_1 = dt.date(2025, 12, 1)
NBSP = "\u00a0"


def test_defaults_for_a_discounted_offer(make_project) -> None:
    project = make_project(
        ("en-US", "ja-JP", "de-DE"), discount=20, ends=DEC_1, legal="Terms apply.",
        prices={"ja-JP": ("39800", "JPY"), "en-US": ("279", "USD")},
    )  # fmt: skip
    copies = write_copy(project)
    assert list(copies) == ["en-US", "ja-JP", "de-DE"]
    en, ja, de = copies["en-US"], copies["ja-JP"], copies["de-DE"]
    assert (en.cta, en.badge, en.price, en.legal) == (
        "Shop now", "Save 20%", "$279.00", "Ends Dec 1. Terms apply."
    )  # fmt: skip
    assert (ja.cta, ja.badge, ja.price, ja.legal) == (
        "今すぐチェック", "20%オフ", "￥39,800", "12月1日まで。Terms apply."
    )  # fmt: skip
    assert (de.cta, de.badge, de.price, de.legal) == (
        "Jetzt shoppen", f"20{NBSP}% sparen", f"279,00{NBSP}€", "Endet am 1. Dez. Terms apply."
    )  # fmt: skip
    assert en.sources == {
        "headline": "brief", "subhead": "brief", "price": "cldr", "cta": "phrasebook",
        "badge": "phrasebook", "legal": "kit",
    }  # fmt: skip


def test_badge_is_new_without_a_discount(make_project) -> None:
    copies = write_copy(make_project(("en-US", "ko-KR")))
    assert copies["en-US"].badge == "New"
    assert copies["ko-KR"].badge == "신제품"
    assert copies["en-US"].legal == ""  # no kit legal, no deadline: nothing to show


def test_brief_wins_slot_by_slot(make_project) -> None:
    project = make_project(
        ("en-US", "ja-JP"), discount=20, ends=DEC_1, legal="Terms apply.",
        copy={"ja-JP": {"cta": "購入する", "price": "39,800円(税込)", "legal": "※数量限定"}},
    )  # fmt: skip
    ja = write_copy(project)["ja-JP"]
    assert (ja.cta, ja.price, ja.legal) == ("購入する", "39,800円(税込)", "※数量限定")
    assert ja.badge == "20%オフ"  # not given, so still the phrasebook's
    assert ja.sources["cta"] == ja.sources["price"] == ja.sources["legal"] == "brief"
    assert ja.sources["badge"] == "phrasebook"


def test_deadline_alone_when_the_kit_has_no_legal_line(make_project) -> None:
    ar = write_copy(make_project(("ar-SA",), ends=DEC_1))["ar-SA"]
    assert ar.legal == "ينتهي العرض في 1 ديسمبر"
    assert ar.sources["legal"] == "phrasebook"
    assert ar.direction == "rtl"


def test_hindi_lakh_price_and_danda(make_project) -> None:
    project = make_project(
        ("hi-IN",), ends=DEC_1, legal="शर्तें लागू", prices={"hi-IN": ("2499999", "INR")}
    )
    hi = write_copy(project)["hi-IN"]
    assert (hi.price, hi.legal) == ("₹24,99,999.00", "1 दिस॰ तक। शर्तें लागू")


def test_empty_string_leaves_a_slot_empty_on_purpose(make_project) -> None:
    project = make_project(copy={"en-US": {"subhead": "", "badge": ""}}, discount=10)
    en = write_copy(project)["en-US"]
    assert (en.subhead, en.badge) == ("", "")


def test_missing_copy_listed_in_one_error(make_project) -> None:
    project = make_project(
        ("en-US", "de-DE", "fr-FR"), headlines=False,
        copy={"en-US": {"headline": "Run light", "subhead": "Go far."},
              "fr-FR": {"subhead": "Courez léger."}},
    )  # fmt: skip
    with pytest.raises(CopyError) as caught:
        write_copy(project)
    assert str(caught.value) == (
        "examples/spring/brief.yaml: copy is missing for 2 locales — add copy.de-DE.headline, "
        "copy.de-DE.subhead, copy.fr-FR.headline; or build with --copy openai. "
        '(Set a slot to "" to leave it empty on purpose.)'
    )
    assert caught.value.exit_code == 2


def test_locale_without_phrasebook_names_every_slot_to_write(make_project) -> None:
    project = make_project(("pl-PL",), discount=15, ends=DEC_1)
    with pytest.raises(CopyError) as caught:
        write_copy(project)
    message = str(caught.value)
    assert message.startswith(
        "examples/spring/brief.yaml: copy is missing for 1 locale — add copy.pl-PL.cta, "
        "copy.pl-PL.badge, copy.pl-PL.legal; or build with --copy openai. The offline "
        "phrasebook has no pl-PL (it covers en, de, fr,"
    )


def test_locale_without_phrasebook_works_when_the_brief_writes_everything(make_project) -> None:
    project = make_project(("pl-PL",), copy={"pl-PL": {"cta": "Kup teraz", "badge": "Nowość"}})
    pl = write_copy(project)["pl-PL"]
    assert (pl.cta, pl.badge, pl.price) == ("Kup teraz", "Nowość", f"279,00{NBSP}€")


def test_banned_word_in_the_brief_stops_the_build(make_project) -> None:
    project = make_project(copy={"en-US": {"headline": "Cheap thrills"}}, banned=("cheap",))
    with pytest.raises(CopyError, match=r"copy\.en-US\.headline \(from the brief\)"):
        write_copy(project)


def test_banned_word_in_a_phrasebook_default_is_caught_too(make_project) -> None:
    with pytest.raises(CopyError, match=r"copy\.en-US\.cta \(from the phrasebook\)"):
        write_copy(make_project(banned=("shop",)))


def test_offline_has_no_usage(make_project) -> None:
    assert write_copy_with_usage(make_project()).usage is None


def test_unknown_provider(make_project) -> None:
    with pytest.raises(CopyError, match="unknown copy provider 'claude'"):
        write_copy(make_project(), provider="claude")


@pytest.mark.parametrize(
    ("tag", "first", "second", "joined"),
    [("en-US", "Ends Dec 1", "Terms apply.", "Ends Dec 1. Terms apply."),
     ("de-DE", "Endet am 1. Dez.", "AGB gelten.", "Endet am 1. Dez. AGB gelten."),
     ("zh-CN", "12月1日截止", "详见条款。", "12月1日截止。详见条款。"),
     ("th-TH", "หมดเขต 1 ธ.ค.", "มีเงื่อนไข", "หมดเขต 1 ธ.ค. มีเงื่อนไข"),
     ("en-US", "Ends Dec 1", "", "Ends Dec 1")],
)  # fmt: skip
def test_join_sentences(tag: str, first: str, second: str, joined: str) -> None:
    assert join_sentences(tag, first, second) == joined
