"""OpenAI copy through the real `openai` client against a loopback OpenAI-compatible server."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from assetpack.copy import write_copy, write_copy_with_usage
from assetpack.copy.openai_request import DEFAULT_COPY_MODEL
from assetpack.errors import CopyError, ProviderError

DEC_1 = dt.date(2025, 12, 1)


def _project(make_project, locales=("en-US", "ja-JP"), **options):
    options.setdefault("headlines", False)
    return make_project(locales, provider="openai", **options)


def test_structured_answer_fills_every_locale(make_project, fake_openai, tmp_path) -> None:
    project = _project(make_project, discount=20, ends=DEC_1, legal="Terms apply.")
    result = write_copy_with_usage(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    en, ja = result.copy_by_locale["en-US"], result.copy_by_locale["ja-JP"]
    assert en.headline == "Lighter miles ahead en-US"
    assert en.subhead == "The Acme Runner, now €279.00."
    assert (en.cta, en.badge) == ("Get yours", "20%")
    assert en.price == "€279.00"  # CLDR, never the model's
    assert en.legal == "Until Dec 1. Terms apply."  # model's deadline, kit's legal line
    assert ja.legal == "Until 12月1日。Terms apply."
    assert en.sources["headline"] == "openai" and en.sources["price"] == "cldr"
    assert result.usage is not None
    assert result.usage.model_dump() == {
        "model": DEFAULT_COPY_MODEL, "responses": 1, "prompt_tokens": 100,
        "completion_tokens": 10, "total_tokens": 110,
    }  # fmt: skip
    assert result.usage.requests_sent == 1


def test_request_uses_structured_outputs(make_project, fake_openai, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSETPACK_COPY_MODEL", "gpt-test-copy")
    project = _project(make_project, banned=("cheap",), discount=20)
    write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    (request,) = fake_openai.requests
    assert request["model"] == "gpt-test-copy"
    schema = request["response_format"]
    assert schema["type"] == "json_schema"
    assert schema["json_schema"]["name"] == "CopyDraft" and schema["json_schema"]["strict"]
    assert "'cheap'" in request["messages"][0]["content"]
    ask = json.loads(request["messages"][1]["content"])
    assert [item["locale"] for item in ask["locales"]] == ["en-US", "ja-JP"]
    assert ask["locales"][1]["price"] == "€279.00"
    assert ask["locales"][0]["budgets"]["headline"] == 32
    assert ask["locales"][1]["budgets"]["headline"] == 16  # wide CJK glyphs


def test_brief_copy_wins_and_is_shown_as_fixed(make_project, fake_openai, tmp_path) -> None:
    project = _project(make_project, copy={"ja-JP": {"headline": "軽く、遠くへ。", "cta": "購入"}})
    copies = write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    ja = copies["ja-JP"]
    assert (ja.headline, ja.cta) == ("軽く、遠くへ。", "購入")
    assert ja.subhead == "The Acme Runner, now €279.00."
    assert ja.sources["headline"] == "brief" and ja.sources["subhead"] == "openai"
    ask = json.loads(fake_openai.requests[0]["messages"][1]["content"])
    assert ask["locales"][1]["fixed"] == {"headline": "軽く、遠くへ。", "cta": "購入"}


def test_fully_written_brief_makes_no_request(make_project, fake_openai, tmp_path) -> None:
    full = {"headline": "Run", "subhead": "Far.", "cta": "Buy", "badge": "New"}
    project = _project(make_project, ("en-US",), copy={"en-US": full})
    result = write_copy_with_usage(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert fake_openai.requests == []
    assert result.copy_by_locale["en-US"].cta == "Buy"


def test_rate_limit_then_success(make_project, fake_openai, tmp_path) -> None:
    fake_openai.queue.append(fake_openai.error(429, "Rate limit reached"))
    copies = write_copy(
        _project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path
    )
    assert len(fake_openai.requests) == 2
    assert copies["en-US"].headline == "Lighter miles ahead en-US"


def test_persistent_server_error(make_project, fake_openai, tmp_path) -> None:
    fake_openai.queue.extend([fake_openai.error(500, "The server had an error")] * 3)
    with pytest.raises(ProviderError) as caught:
        write_copy(_project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert str(caught.value) == (
        f"OpenAI at {fake_openai.url}/ answered HTTP 500 after 2 retries: The server had an error"
    )
    assert caught.value.exit_code == 4
    assert len(fake_openai.requests) == 3  # the first try and the client's 2 retries
    assert not list(tmp_path.rglob("*.json"))  # failures are never cached


def test_bad_api_key(make_project, fake_openai, tmp_path) -> None:
    fake_openai.queue.append(fake_openai.error(401, "Incorrect API key provided"))
    with pytest.raises(ProviderError, match="rejected the API key .* check OPENAI_API_KEY"):
        write_copy(_project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path)


def test_malformed_json_is_asked_again(make_project, fake_openai, tmp_path) -> None:
    fake_openai.queue.append(fake_openai.completion('{"locales": [{"locale": "en-US", '))
    copies = write_copy(
        _project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path
    )
    assert len(fake_openai.requests) == 2
    assert copies["ja-JP"].headline == "Lighter miles ahead ja-JP"


def test_malformed_json_every_time(make_project, fake_openai, tmp_path) -> None:
    fake_openai.queue.extend([fake_openai.completion("not json at all")] * 3)
    with pytest.raises(ProviderError) as caught:
        write_copy(_project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path)
    message = str(caught.value)
    assert message.startswith(
        f"OpenAI ({DEFAULT_COPY_MODEL}) gave no usable copy in 3 tries; the last answer was not "
        "valid JSON for CopyDraft"
    )
    assert message.endswith("or write the copy in the brief and build with --copy offline")
    assert len(fake_openai.requests) == 3


def test_answer_missing_a_locale_is_asked_again(make_project, fake_openai, tmp_path) -> None:
    partial = {"locales": [fake_openai.draft_for("en-US")]}
    fake_openai.queue.append(fake_openai.completion(json.dumps(partial)))
    copies = write_copy(
        _project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path
    )
    assert len(fake_openai.requests) == 2
    assert set(copies) == {"en-US", "ja-JP"}


def test_refusal(make_project, fake_openai, tmp_path) -> None:
    fake_openai.queue.append(fake_openai.completion(None, refusal="I can't help with that."))
    with pytest.raises(ProviderError) as caught:
        write_copy(_project(make_project), openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert str(caught.value).startswith(
        f'OpenAI ({DEFAULT_COPY_MODEL}) refused to write the copy: "I can\'t help with that.".'
    )
    assert len(fake_openai.requests) == 1  # a refusal is not retried


def test_rebuild_comes_from_the_cache(make_project, fake_openai, tmp_path) -> None:
    project = _project(make_project, discount=20, ends=DEC_1)
    client = fake_openai.client()
    first = write_copy_with_usage(project, openai_client=client, cache_dir=tmp_path)
    second = write_copy_with_usage(project, openai_client=client, cache_dir=tmp_path)
    assert len(fake_openai.requests) == 1
    assert second.copy_by_locale == first.copy_by_locale
    assert second.model_dump_json() == first.model_dump_json()  # same manifest entry
    assert second.usage is not None and second.usage.requests_sent == 0


def test_cached_rebuild_needs_no_api_key(make_project, fake_openai, tmp_path) -> None:
    project = _project(make_project)
    first = write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert write_copy(project, cache_dir=tmp_path) == first  # no client, no key: cache only


def test_another_model_is_another_cache_entry(
    make_project, fake_openai, tmp_path, monkeypatch
) -> None:
    project = _project(make_project)
    write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    monkeypatch.setenv("ASSETPACK_COPY_MODEL", "gpt-other")
    write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert len(fake_openai.requests) == 2


def test_client_from_environment(make_project, fake_openai, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    copies = write_copy(_project(make_project, ("en-US",)))
    assert copies["en-US"].headline == "Lighter miles ahead en-US"
    assert len(fake_openai.requests) == 1
    cache_root = Path(os.environ["ASSETPACK_CACHE_DIR"])  # set per test by conftest
    assert len(list(cache_root.rglob("*.json"))) == 1


def test_no_api_key_and_nothing_cached(make_project, tmp_path) -> None:
    with pytest.raises(CopyError, match="--copy openai needs an API key: set OPENAI_API_KEY"):
        write_copy(_project(make_project), cache_dir=tmp_path)


def test_provider_argument_overrides_the_brief(make_project, fake_openai, tmp_path) -> None:
    project = make_project(("en-US",), provider="openai", headlines=False)
    write_copy(project, openai_client=fake_openai.client(), cache_dir=tmp_path)
    assert len(fake_openai.requests) == 1  # the brief said openai
    with pytest.raises(CopyError, match="copy is missing for 1 locale"):
        write_copy(project, provider="offline")  # --copy offline wins over the brief


def test_missing_deadline_phrase_is_asked_again(make_project, fake_openai, tmp_path) -> None:
    undated = {"locales": [fake_openai.draft_for(tag) for tag in ("en-US", "ja-JP")]}
    fake_openai.queue.append(fake_openai.completion(json.dumps(undated)))
    copies = write_copy(
        _project(make_project, ends=DEC_1), openai_client=fake_openai.client(), cache_dir=tmp_path
    )
    assert len(fake_openai.requests) == 2
    assert copies["en-US"].legal == "Until Dec 1"
