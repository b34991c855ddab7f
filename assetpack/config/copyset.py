"""CopySet: the finished poster copy of one locale, as the copy stage hands it on."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assetpack.config.base import Frozen

CopySource = Literal["brief", "phrasebook", "cldr", "kit", "openai"]


class CopySet(Frozen):
    """All text slots of one locale. An empty string means the slot is not shown."""

    locale: str = Field(description="BCP 47 tag.")
    direction: Literal["ltr", "rtl"] = Field("ltr", description="Base text direction.")
    headline: str = Field(description="Main line.")
    subhead: str = Field("", description="Supporting sentence.")
    cta: str = Field("", description="Button text.")
    badge: str = Field("", description="Sticker text (discount, 'New').")
    price: str = Field("", description="Price as displayed.")
    legal: str = Field("", description="Small print.")
    sources: dict[str, CopySource] = Field(
        default_factory=dict, description="Where each slot's text came from."
    )

    def slots(self) -> dict[str, str]:
        """Non-empty slots in drawing order."""
        names = ("headline", "subhead", "cta", "badge", "price", "legal")
        return {name: getattr(self, name) for name in names if getattr(self, name)}
