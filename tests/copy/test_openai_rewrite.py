"""Model-written slots that overflow the layout or use a banned word are sent back, bounded."""

from __future__ import annotations

import json

import pytest

from assetpack.copy import write_copy, write_copy_with_usage
from assetpack.errors import CopyError


def _project(make_project, **options):
    return make_project(("en-US", "ja-JP"), provider="openai", headlines=False, **options)


def _too_long_over(limit: int, overflow_px: int = 40):
    """A stand-in for the layout: headlines longer than `limit` characters overflow."""
    calls: list[tuple[str, str, str]] = []

    def fits(locale: str, slot: str, text: str) -> int | None:
        calls.append((locale, slot, text))
        return overflow_px if slot == "headline" and len(text) > limit else None

    return fits, calls


def test_overflowing_headline_is_shortened(make_project, fake_openai, tmp_path) -> None:
    fits, _ = _too_long_over(20)
    result = write_copy_with_usage(
        _project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path, fits=fits
    )
    assert result.copy_by_locale["en-US"].headline == "Lighter miles ahea"  # 25 -> 18 chars
    assert result.copy_by_locale["ja-JP"].headline == "Lighter miles ah"  # ja budget: 16
    draft, rewrite = fake_openai.requests
    assert rewrite["response_format"]["json_schema"]["name"] == "Rewrites"
    items = json.loads(rewrite["messages"][1]["content"])["items"]
    assert items[0] == {
        "locale": "en-US", "slot": "headline", "current": "Lighter miles ahead en-US",
        "problem": "overflows its box by 40 px at the smallest size", "max_characters": 18,
    }  # fmt: skip
    assert result.usage is not None and result.usage.responses == 2


def test_overflow_that_never_fits_fails_clearly(make_project, fake_openai, tmp_path) -> None:
    fits, _ = _too_long_over(5, overflow_px=12)
    with pytest.raises(CopyError) as caught:
        write_copy(
            _project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path,
            fits=fits,
        )  # fmt: skip
    assert str(caught.value) == (
        "examples/spring/brief.yaml: model-written copy could not be fixed:\n"
        "  - copy.en-US.headline 'Lighter miles' still overflows its box by 12 px at the "
        "smallest size after 2 rewrites by gpt-5-mini; write it in the brief as "
        "copy.en-US.headline\n"
        "  - copy.ja-JP.headline 'Lighter mile' still overflows its box by 12 px at the "
        "smallest size after 2 rewrites by gpt-5-mini; write it in the brief as "
        "copy.ja-JP.headline"
    )
    assert len(fake_openai.requests) == 3  # the draft and two rounds of rewrites


def test_brief_slots_are_not_sent_to_the_layout_check(make_project, fake_openai, tmp_path):
    fits, calls = _too_long_over(100)
    project = _project(make_project, copy={"en-US": {"headline": "A very long headline " * 5}})
    write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path, fits=fits)
    assert ("en-US", "headline") not in {(locale, slot) for locale, slot, _ in calls}
    assert ("ja-JP", "headline") in {(locale, slot) for locale, slot, _ in calls}


def test_banned_word_from_the_model_is_rewritten(make_project, fake_openai, tmp_path) -> None:
    def responder(request):
        if request["response_format"]["json_schema"]["name"] == "Rewrites":
            items = json.loads(request["messages"][1]["content"])["items"]
            return {"rewrites": [{**_key(item), "text": "Go further"} for item in items]}
        return fake_openai.structured_answer(request)

    fake_openai.responder = responder
    project = _project(make_project, banned=("miles",))
    copies = write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert copies["en-US"].headline == copies["ja-JP"].headline == "Go further"
    items = json.loads(fake_openai.requests[1]["messages"][1]["content"])["items"]
    assert items[0]["problem"] == "uses the banned word(s) 'miles'"
    assert items[0]["max_characters"] == 32  # not asked to be shorter, only different


def test_banned_word_in_the_brief_is_an_error_not_a_rewrite(make_project, fake_openai, tmp_path):
    project = _project(make_project, banned=("cheap",), copy={"ja-JP": {"subhead": "Cheap!"}})
    with pytest.raises(CopyError, match=r"copy\.ja-JP\.subhead \(from the brief\)"):
        write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert len(fake_openai.requests) == 1


def test_rewritten_copy_rebuilds_from_the_cache(make_project, fake_openai, tmp_path) -> None:
    fits, _ = _too_long_over(20)
    project, client = _project(make_project), fake_openai.client()
    first = write_copy(project, openai_client=client, cache_dir=tmp_path, fits=fits)
    second = write_copy(project, openai_client=client, cache_dir=tmp_path, fits=fits)
    assert second == first
    assert len(fake_openai.requests) == 2  # both answers of the first build, none after


def _key(item: dict[str, str]) -> dict[str, str]:
    return {"locale": item["locale"], "slot": item["slot"]}


def test_required_phrase_left_out_by_the_model_is_asked_for(make_project, fake_openai, tmp_path):
    def responder(request):
        if request["response_format"]["json_schema"]["name"] == "Rewrites":
            items = json.loads(request["messages"][1]["content"])["items"]
            return {"rewrites": [{**_key(i), "text": "Acme® Runner."} for i in items]}
        return fake_openai.structured_answer(request)

    fake_openai.responder = responder
    project = _project(make_project, required=("Acme®",))
    copies = write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert copies["en-US"].subhead == copies["ja-JP"].subhead == "Acme® Runner."
    items = json.loads(fake_openai.requests[1]["messages"][1]["content"])["items"]
    assert [(i["locale"], i["slot"], i["problem"]) for i in items] == [
        ("en-US", "subhead", "must contain 'Acme®' verbatim"),
        ("ja-JP", "subhead", "must contain 'Acme®' verbatim"),
    ]


def test_locale_without_phrasebook_is_fine_with_openai(make_project, fake_openai, tmp_path):
    project = make_project(("pl-PL",), provider="openai", headlines=False, discount=15)
    pl = write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)["pl-PL"]
    assert (pl.badge, pl.price) == ("15%", "279,00\u00a0€")
