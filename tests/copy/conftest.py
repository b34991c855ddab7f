"""Fixtures for the copy stage: projects built in code, and an OpenAI-compatible server.

The server is a real HTTP server on 127.0.0.1 (stdlib, in a thread) speaking the chat
completions API, so the tests exercise the real `openai` client end to end: request body,
retries, status codes, parsing. Scripted replies are queued per test; when the queue is empty
the server answers with a valid structured answer built from the request.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
import pytest

from assetpack.config import BrandKit, Brief, Project

from ..loopback import JsonHandler, isolate_openai, serve

BRIEF_PATH = Path.cwd() / "examples" / "spring" / "brief.yaml"


def make_kit(
    legal: str = "", banned: tuple[str, ...] = (), required: tuple[str, ...] = ()
) -> BrandKit:
    role = {"color": "#112233", "text": "#FFFFFF"}
    font = {"family": "Inter"}
    return BrandKit.model_validate({
        "name": "Acme",
        "palette": dict.fromkeys(("primary", "secondary", "accent", "background"), role),
        "fonts": {"headline": font, "body": font, "cta": font},
        "logo": {"on_light": "logo.png", "on_dark": "logo-dark.png"},
        "tone": {"description": "warm, direct", "banned_words": list(banned),
                 "required_phrases": list(required)},
        "legal": legal,
    })  # fmt: skip


def _make_project(
    locales: tuple[str, ...] = ("en-US",),
    *,
    copy: dict[str, dict[str, str]] | None = None,
    discount: int | None = None,
    ends: dt.date | None = None,
    price: tuple[str, str] = ("279", "EUR"),
    prices: dict[str, tuple[str, str]] | None = None,
    legal: str = "",
    banned: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
    provider: str = "offline",
    headlines: bool = True,
) -> Project:
    """A project without YAML: the copy stage only reads the brief and the kit.

    headlines: give every locale an explicit headline and subhead (what an offline build
    needs); `copy` entries are merged over them slot by slot.
    """
    given = {tag: _default_headline(tag) for tag in locales} if headlines else {}
    for tag, slots in (copy or {}).items():
        given.setdefault(tag, {}).update(slots)
    prices = prices or {}
    brief = Brief.model_validate({
        "brand_kit": "kit",
        "campaign": "spring",
        "product": {
            "name": "Acme Runner",
            "price": {"amount": price[0], "currency": price[1]},
            "prices": {tag: {"amount": a, "currency": c} for tag, (a, c) in prices.items()},
        },
        "offer": {"discount_percent": discount, "ends": ends},
        "key_message": "Light shoes for long runs",
        "locales": list(locales),
        "presets": ["instagram/*"],
        "copy": given,
        "copy_provider": provider,
    })  # fmt: skip
    return Project(
        brief=brief, kit=make_kit(legal, banned, required), presets=[],
        brief_path=BRIEF_PATH, brief_sha256="0" * 64,
    )  # fmt: skip


def _default_headline(tag: str) -> dict[str, str]:
    return {"headline": f"Run light ({tag})", "subhead": "Made for long runs."}


@pytest.fixture
def make_project() -> Callable[..., Project]:
    return _make_project


# ---------------------------------------------------------------- OpenAI-compatible server


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def _completion(content: str | None, *, refusal: str | None = None, tokens: int = 10) -> Reply:
    """A chat completion whose message carries `content` (or a refusal)."""
    body = {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{
            "index": 0, "finish_reason": "stop", "logprobs": None,
            "message": {"role": "assistant", "content": content, "refusal": refusal},
        }],
        "usage": {"prompt_tokens": tokens * 10, "completion_tokens": tokens,
                  "total_tokens": tokens * 11},
    }  # fmt: skip
    return Reply(200, body)


def _error(status: int, message: str) -> Reply:
    # retry-after-ms keeps the client's backoff to a millisecond instead of half a second.
    body = {"error": {"message": message, "type": "server_error", "code": None}}
    return Reply(status, body, {"retry-after-ms": "1"})


def structured_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A valid answer for the schema named in the request, built from the request's JSON."""
    schema = request["response_format"]["json_schema"]["name"]
    ask = json.loads(request["messages"][-1]["content"])
    if schema == "CopyDraft":
        return {"locales": [_draft_for(item) for item in ask["locales"]]}
    if schema == "Rewrites":
        return {"rewrites": [
            {"locale": i["locale"], "slot": i["slot"], "text": i["current"][: i["max_characters"]]}
            for i in ask["items"]
        ]}  # fmt: skip
    raise AssertionError(f"unexpected schema {schema}")


def _draft_for(item: dict[str, Any]) -> dict[str, str]:
    tag = item["locale"]
    return {
        "locale": tag,
        "headline": f"Lighter miles ahead {tag}",
        "subhead": f"The Acme Runner, now {item['price']}.",
        "cta": "Get yours",
        "badge": item["discount"] or "Fresh",
        "offer_ends": f"Until {item['offer_ends_on']}" if item["offer_ends_on"] else "",
    }


class FakeOpenAI:
    """Records every request; answers from `queue` first, then with `responder`."""

    completion = staticmethod(_completion)
    error = staticmethod(_error)
    structured_answer = staticmethod(structured_answer)

    @staticmethod
    def draft_for(tag: str) -> dict[str, str]:
        """One locale's entry of a default CopyDraft answer (no discount, no deadline)."""
        return _draft_for({"locale": tag, "price": "€279.00", "discount": "", "offer_ends_on": ""})

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.queue: list[Reply] = []
        self.responder: Callable[[dict[str, Any]], dict[str, Any]] = structured_answer
        self.lock = threading.Lock()
        self.url = ""

    def reply_to(self, path: str, request: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests.append(request)
            if path != "/v1/chat/completions":
                return _error(404, f"no route {path}")
            if self.queue:
                return self.queue.pop(0)
        return _completion(json.dumps(self.responder(request), ensure_ascii=False))

    def client(self, max_retries: int = 2) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.url, api_key="test", max_retries=max_retries)


def _handler_for(fake: FakeOpenAI) -> type[JsonHandler]:
    class Handler(JsonHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("content-length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            reply = fake.reply_to(self.path, request)
            self.send_json(reply.status, reply.body, reply.headers)

    return Handler


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    fake.url, stop = serve(_handler_for(fake))
    try:
        yield fake
    finally:
        stop()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_openai(monkeypatch, tmp_path, "ASSETPACK_COPY_MODEL")
