"""What the copy stage hands back besides the copy: token usage for the manifest."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.config.copyset import CopySet

FitCheck = Callable[[str, str, str], "int | None"]
"""(locale, slot, text) -> pixels the text overflows its box at the minimum size, None if it fits.

The layout stage provides it; the copy stage uses it to ask the model for shorter variants.
"""


class CopyUsage(Frozen):
    """Tokens behind the model-written copy, the same on a fresh build and a cached rebuild.

    Counts cover every answer the copy is built from, whether fetched now or read from the
    cache, so the manifest of a rebuild matches the first build byte for byte. What this run
    actually sent is in `requests_sent`, which is left out of serialization for that reason.
    """

    model: str = Field(description="Model that wrote the copy.")
    responses: int = Field(default=0, description="Model answers the copy is built from.")
    prompt_tokens: int = Field(default=0, description="Input tokens of those answers.")
    completion_tokens: int = Field(default=0, description="Output tokens of those answers.")
    total_tokens: int = Field(
        default=0, description="prompt_tokens + completion_tokens as reported."
    )
    requests_sent: int = Field(
        default=0,
        exclude=True,
        description="HTTP requests this run made (0 when all came from cache).",
    )

    def plus(self, usage: dict[str, int], *, sent: int) -> CopyUsage:
        """This usage with one more answer's tokens, and `sent` more requests made now."""
        return self.model_copy(
            update={
                "responses": self.responses + 1,
                "prompt_tokens": self.prompt_tokens + usage.get("prompt_tokens", 0),
                "completion_tokens": self.completion_tokens + usage.get("completion_tokens", 0),
                "total_tokens": self.total_tokens + usage.get("total_tokens", 0),
                "requests_sent": self.requests_sent + sent,
            }
        )


class CopyResult(Frozen):
    """Copy per locale (in the brief's locale order) and, for model-written copy, its usage."""

    copy_by_locale: dict[str, CopySet] = Field(description="CopySet per locale tag.")
    usage: CopyUsage | None = Field(default=None, description="Token usage; None for offline copy.")
    panels: list[dict[str, CopySet]] = Field(
        default_factory=list,
        description="Multi-panel sets: per panel (swipe order), CopySet per locale; empty when "
        "no selected preset takes the brief's panels.",
    )
