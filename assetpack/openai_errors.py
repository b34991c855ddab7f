"""OpenAI client errors as one-line messages that say what happened and what to check.

Shared by the copy stage and the image session: both talk to the same API through the same
client, so a bad key, an unknown model or an unreachable gateway read the same everywhere.
"""

from __future__ import annotations

import openai

from assetpack.errors import ProviderError


def api_message(exc: openai.APIStatusError) -> str:
    """The server's own words: `error.message` (or `message`) from the body, else the SDK's."""
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return exc.message


def provider_error(
    exc: openai.OpenAIError,
    client: openai.OpenAI,
    *,
    model: str,
    model_setting: str,
    what: str = "",
    timeout_setting: str = "",
) -> ProviderError:
    """`what` names the request ("images.generate (gpt-image-2) for the art of square");
    `model_setting` and `timeout_setting` say where the user changes the model and timeout."""
    where = f"OpenAI at {client.base_url}"
    to_what, for_what = (f" to {what}", f" for {what}") if what else ("", "")
    if isinstance(exc, openai.AuthenticationError):
        return ProviderError(f"{where} rejected the API key (HTTP 401); check OPENAI_API_KEY")
    if isinstance(exc, openai.NotFoundError):
        return ProviderError(
            f"{where} does not offer model {model!r} (HTTP 404); set {model_setting} to a model "
            "your account or gateway offers"
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        retried = status in (408, 409, 429) or status >= 500
        after = f" after {client.max_retries} retries" if retried else ""
        return ProviderError(f"{where} answered HTTP {status}{after}{to_what}: {api_message(exc)}")
    if isinstance(exc, openai.APITimeoutError):
        hint = f"; try again later or raise {timeout_setting}" if timeout_setting else ""
        return ProviderError(
            f"{where} did not answer{to_what} within {client.timeout} s, "
            f"{client.max_retries} retries included{hint}"
        )
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError(
            f"could not reach {where}{for_what} after {client.max_retries} retries ({exc}); "
            "check OPENAI_BASE_URL and the network"
        )
    return ProviderError(f"{where}: {what + ': ' if what else ''}{exc}")
