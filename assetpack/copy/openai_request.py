"""One Structured Outputs request to OpenAI: cached, retried when the answer is unusable.

HTTP-level retries (429, 5xx, timeouts) are the `openai` client's own (`max_retries`, honoring
Retry-After). This module retries what the client cannot see: an answer that is not valid JSON
for the schema, or that leaves out a locale. Refusals and exhausted retries become a
ProviderError that says what happened and what to do.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from assetpack.copy.cache import ResponseCache, cache_key
from assetpack.copy.result import CopyUsage
from assetpack.errors import CopyError, ProviderError
from assetpack.openai_errors import provider_error

COPY_MODEL_ENV = "ASSETPACK_COPY_MODEL"
DEFAULT_COPY_MODEL = "gpt-5-mini"
# Unusable answers re-asked before giving up; each try is a full request, so keep it small.
MAX_ANSWER_ATTEMPTS = 3

Answer = TypeVar("Answer", bound=BaseModel)
AnswerCheck = Callable[[Any], "str | None"]
"""Looks at a parsed answer; returns what is wrong with it, or None when it is usable."""


def copy_model() -> str:
    """The model that writes copy: $ASSETPACK_COPY_MODEL, else DEFAULT_COPY_MODEL."""
    return os.environ.get(COPY_MODEL_ENV) or DEFAULT_COPY_MODEL


def default_client() -> openai.OpenAI:
    """A client from OPENAI_API_KEY and, for compatible gateways, OPENAI_BASE_URL."""
    if not os.environ.get("OPENAI_API_KEY"):
        raise CopyError(
            "--copy openai needs an API key: set OPENAI_API_KEY (and OPENAI_BASE_URL for an "
            "OpenAI-compatible gateway), or build with --copy offline"
        )
    return openai.OpenAI(base_url=os.environ.get("OPENAI_BASE_URL") or None)


class _UnusableAnswer(Exception):
    """The model answered, but not with something we can use; worth asking again."""


class ModelSession:
    """Asks one model for structured answers, through the cache, adding up token usage."""

    def __init__(
        self, model: str, cache: ResponseCache, client: openai.OpenAI | None = None
    ) -> None:
        self.model = model
        self.cache = cache
        self._client = client
        self.usage = CopyUsage(model=model)

    def client(self) -> openai.OpenAI:
        # Made on first use, so a rebuild served from the cache needs no API key at all.
        if self._client is None:
            self._client = default_client()
        return self._client

    def ask(
        self, messages: list[dict[str, str]], schema: type[Answer], check: AnswerCheck
    ) -> Answer:
        """The model's answer to `messages` as a `schema` instance that passes `check`."""
        request = {"messages": messages, "schema": schema.model_json_schema()}
        key = cache_key(self.model, request)
        entry = self.cache.get(key)
        if entry is not None:
            cached = _cached_answer(entry, schema, check)
            if cached is not None:
                self.usage = self.usage.plus(entry.get("usage", {}), sent=0)
                return cached
        answer, usage, sent = self._fetch(messages, schema, check)
        self.cache.put(
            key, {"model": self.model, "answer": answer.model_dump(mode="json"), "usage": usage}
        )
        self.usage = self.usage.plus(usage, sent=sent)
        return answer

    def _fetch(
        self, messages: list[dict[str, str]], schema: type[Answer], check: AnswerCheck
    ) -> tuple[Answer, dict[str, int], int]:
        usage: dict[str, int] = {}
        problem = ""
        for attempt in range(1, MAX_ANSWER_ATTEMPTS + 1):
            try:
                answer, spent = self._call(messages, schema)
            except _UnusableAnswer as exc:
                problem = str(exc)
                continue
            usage = _add_usage(usage, spent)
            problem = check(answer) or ""
            if not problem:
                return answer, usage, attempt
        raise ProviderError(
            f"OpenAI ({self.model}) gave no usable copy in {MAX_ANSWER_ATTEMPTS} tries; the last "
            f"answer {problem}. Try again, set {COPY_MODEL_ENV} to another model, or write the "
            "copy in the brief and build with --copy offline"
        )

    def _call(
        self, messages: list[dict[str, str]], schema: type[Answer]
    ) -> tuple[Answer, dict[str, int]]:
        client = self.client()
        try:
            completion = client.chat.completions.parse(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]  # plain dicts are valid params
                response_format=schema,
            )
        except ValidationError as exc:
            detail = exc.errors()[0]["msg"] if exc.errors() else str(exc)
            raise _UnusableAnswer(f"was not valid JSON for {schema.__name__} ({detail})") from None
        except openai.OpenAIError as exc:
            raise copy_provider_error(exc, client, self.model) from None
        message = completion.choices[0].message
        if message.refusal:
            raise ProviderError(
                f"OpenAI ({self.model}) refused to write the copy: {message.refusal!r}. Change "
                "the key message or tone, or write the copy in the brief and build with "
                "--copy offline"
            )
        if message.parsed is None:
            raise _UnusableAnswer("was empty")
        return message.parsed, _usage_of(completion.usage)


def _cached_answer(entry: dict[str, Any], schema: type[Answer], check: AnswerCheck) -> Any:
    try:
        answer = schema.model_validate(entry["answer"])
    except (KeyError, ValidationError):
        return None  # an old or damaged entry: ask again and overwrite it
    return answer if check(answer) is None else None


def _usage_of(usage: Any) -> dict[str, int]:
    if usage is None:  # compatible gateways may leave usage out
        return {}
    names = ("prompt_tokens", "completion_tokens", "total_tokens")
    return {name: int(getattr(usage, name, 0) or 0) for name in names}


def _add_usage(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    return {name: total.get(name, 0) + more.get(name, 0) for name in {*total, *more}}


def copy_provider_error(
    exc: openai.OpenAIError, client: openai.OpenAI, model: str
) -> ProviderError:
    """An OpenAI client error as a message that says what to check."""
    where = f"OpenAI at {client.base_url}"
    if isinstance(exc, openai.LengthFinishReasonError):
        return ProviderError(f"{where}: {model} ran out of output tokens before the copy was done")
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return ProviderError(f"{where}: {model}'s content filter stopped the copy")
    return provider_error(exc, client, model=model, model_setting=COPY_MODEL_ENV)
