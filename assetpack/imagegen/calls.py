"""Image API calls as data: what `assetpack plan` lists and what a build sends.

An `ImageCall` is the billable shape of one request (endpoint, model, size, quality, n). The
planner predicts them from the project alone; the session records the ones it sends. Both go
through the same size chooser and the same price table, so they agree call for call.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.errors import InputError

Endpoint = Literal["images.generate", "images.edit", "chat.completions"]


class ImageCall(Frozen):
    """One API request as billed: where it goes, with which model, size and quality."""

    endpoint: Endpoint = Field(description="images.generate, images.edit (or chat.completions).")
    model: str = Field(description="Model id.")
    size: str = Field(description="Requested WxH, or '-' for text models.")
    quality: str = Field(description="low, medium, high, or '-' for text models.")
    n: int = Field(1, description="Images asked for.")
    purpose: Literal["art", "text", "copy"] = Field(description="Key visual, drawn copy, copy.")
    target: str = Field(description="Aspect class (art) or 'preset locale' (text).")
    input_images: int = Field(0, description="Images uploaded with the request.")
    usd: float | None = Field(description="Estimated price; None when not priced.")

    def shape(self) -> tuple[str, str, str, str, int, str, str]:
        """What must match between plan and build (the estimate may differ by prompt length)."""
        return (
            self.endpoint,
            self.model,
            self.size,
            self.quality,
            self.n,
            self.purpose,
            self.target,
        )


class CallPlan(Frozen):
    """Every call a build would make on an empty cache, and what it would cost."""

    calls: list[ImageCall] = Field(description="Calls in the order the build makes them.")
    max_text_attempts: int = Field(1, description="Model tries per asset when it draws copy.")
    notes: list[str] = Field(default_factory=list, description="What the estimate leaves out.")

    @property
    def usd(self) -> float:
        """Estimated price of the listed calls (each asset's copy drawn right the first time)."""
        return sum(call.usd or 0.0 for call in self.calls)

    @property
    def worst_case_usd(self) -> float:
        """Price if every model-drawn copy needed all its repaints."""
        extra = sum(call.usd or 0.0 for call in self.calls if call.purpose == "text")
        return self.usd + extra * (self.max_text_attempts - 1)

    def check_budget(self, max_cost_usd: float | None) -> None:
        """Refuse, before any call, a build whose planned calls cost more than allowed.

        The planned calls are what a build on an empty cache makes when every drawn copy
        passes at once; repaints beyond them are only made while the budget lasts (see
        `ImageSession`), so the limit holds either way.
        """
        if max_cost_usd is None or self.usd <= max_cost_usd:
            return
        raise InputError(
            f"this build would make {len(self.calls)} image API calls costing about "
            f"${self.usd:.2f}, more than --max-cost ${max_cost_usd:.2f}. Run `assetpack plan` "
            "to see them; use --draft, fewer presets or locales, or raise --max-cost"
        )
