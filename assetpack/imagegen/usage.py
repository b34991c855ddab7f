"""Tokens behind a build's images: what the API reported, the bill, for the manifest."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assetpack.config.base import Frozen

TOKEN_FIELDS = ("input_text_tokens", "input_image_tokens", "output_image_tokens", "total_tokens")


class ImageUsage(Frozen):
    """Token usage of every image the pack is built from, fetched now or read from the cache.

    Like the copy stage's usage, the counts are the same for a fresh build and a cached
    rebuild, so the manifest does not change; what this run actually sent is in
    `requests_sent`, left out of serialization for that reason.
    """

    results: int = Field(0, description="Images the pack is built from.")
    refused: int = Field(0, description="Requests the model's safety system refused.")
    input_text_tokens: int = Field(0, description="Prompt tokens.")
    input_image_tokens: int = Field(0, description="Tokens of uploaded images (edits).")
    output_image_tokens: int = Field(0, description="Tokens of generated images.")
    total_tokens: int = Field(0, description="All tokens as reported.")
    requests_sent: int = Field(0, exclude=True, description="Requests this run made.")

    def plus(self, usage: dict[str, int], *, sent: bool) -> ImageUsage:
        update: dict[str, int] = {
            name: getattr(self, name) + usage.get(name, 0) for name in TOKEN_FIELDS
        }
        update["results"] = self.results + 1
        update["requests_sent"] = self.requests_sent + (1 if sent else 0)
        return self.model_copy(update=update)


def usage_of(usage: Any) -> dict[str, int]:
    """The API's `usage` object as flat counts; compatible gateways may leave it out."""
    if usage is None:
        return {}
    inputs = getattr(usage, "input_tokens_details", None)
    outputs = getattr(usage, "output_tokens_details", None)
    image_out = getattr(outputs, "image_tokens", None) if outputs is not None else None
    return {
        "input_text_tokens": int(getattr(inputs, "text_tokens", 0) or 0),
        "input_image_tokens": int(getattr(inputs, "image_tokens", 0) or 0),
        "output_image_tokens": int(
            image_out if image_out is not None else usage.output_tokens or 0
        ),
        "total_tokens": int(getattr(usage, "total_tokens", 0) or 0),
    }
