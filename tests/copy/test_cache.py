"""The answer cache: stable keys, atomic files, damaged entries ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from assetpack.copy.cache import ResponseCache, cache_key, default_cache_dir


def test_key_is_stable_and_depends_on_model_and_request() -> None:
    request = {"messages": [{"role": "user", "content": "こんにちは"}], "schema": {"a": 1}}
    same_request = {"schema": {"a": 1}, "messages": [{"role": "user", "content": "こんにちは"}]}
    key = cache_key("gpt-5-mini", request)
    assert key == cache_key("gpt-5-mini", same_request)  # key order does not matter
    assert len(key) == 64
    assert key != cache_key("gpt-5", request)
    assert key != cache_key("gpt-5-mini", {**request, "schema": {"a": 2}})


def test_round_trip_and_layout(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    key = cache_key("m", {"x": 1})
    assert cache.get(key) is None
    cache.put(key, {"answer": {"text": "今すぐ購入"}, "usage": {"total_tokens": 3}})
    assert cache.get(key) == {"answer": {"text": "今すぐ購入"}, "usage": {"total_tokens": 3}}
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")] == [
        f"copy/{key[:2]}/{key}.json"
    ]


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", ""])
def test_damaged_entry_is_a_miss(tmp_path: Path, text: str) -> None:
    cache = ResponseCache(tmp_path)
    key = cache_key("m", {"x": 1})
    path = tmp_path / "copy" / key[:2] / f"{key}.json"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert cache.get(key) is None


def test_default_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSETPACK_CACHE_DIR", str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("ASSETPACK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "assetpack"
