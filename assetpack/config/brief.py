"""The product brief: what one campaign sells, to whom, in which languages and sizes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name
from pydantic import Field, field_validator

from assetpack.config.base import Frozen

SLOTS = ("headline", "subhead", "cta", "badge", "price", "legal")
Slot = Literal["headline", "subhead", "cta", "badge", "price", "legal"]
# The beats of a multi-panel story, in the order a carousel usually tells them.
PANEL_ROLES = ("hook", "benefit", "feature", "proof", "offer", "cta")
PanelRole = Literal["hook", "benefit", "feature", "proof", "offer", "cta"]
MIN_PANELS = 2
MAX_PANELS = 8


def check_locale(tag: str) -> str:
    """Accept a BCP 47 tag Babel knows (en-US, zh-Hant-TW, ar-SA); return it unchanged."""
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"{tag!r} is not a known BCP 47 locale; write e.g. en-US, de-DE, zh-CN, ja-JP"
        ) from None
    return tag


class Money(Frozen):
    """An amount in one currency."""

    amount: Decimal = Field(ge=0, description="The amount, e.g. 129.99.")
    currency: str = Field(description="ISO 4217 code, e.g. USD, EUR, JPY.")

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        code = value.upper()
        if len(code) != 3 or get_currency_name(code, locale="en") == code:
            raise ValueError(f"{value!r} is not an ISO 4217 currency code; write e.g. USD, EUR")
        return code


class Product(Frozen):
    """The product being sold."""

    name: str = Field(min_length=1, description="Product name, as written in every locale.")
    image: Path | None = Field(
        None, description="Product cut-out (PNG with transparency), relative to the brief."
    )
    price: Money = Field(description="Default price.")
    prices: dict[str, Money] = Field(
        default_factory=dict, description="Per-locale prices, e.g. {ja-JP: {amount: 19800, ...}}."
    )

    def price_for(self, locale: str) -> Money:
        return self.prices.get(locale, self.price)


class Offer(Frozen):
    """The deal, if there is one."""

    discount_percent: int | None = Field(None, ge=1, le=99, description="Discount, 1-99.")
    ends: dt.date | None = Field(None, description="Last day of the offer, YYYY-MM-DD.")


class CopySlots(Frozen):
    """Explicit poster copy for one locale; any slot left out is written by the copy stage."""

    headline: str | None = Field(None, description="Main line, a few words.")
    subhead: str | None = Field(None, description="Supporting sentence.")
    cta: str | None = Field(None, description="Button text, e.g. 'Shop now'.")
    badge: str | None = Field(None, description="Sticker text, e.g. '-20%'.")
    price: str | None = Field(None, description="Price as displayed; default: CLDR format.")
    legal: str | None = Field(None, description="Small print; default: the kit's legal line.")


class Panel(Frozen):
    """One panel of a multi-panel set (carousel, storyboard): its beat and its copy."""

    role: PanelRole = Field(
        description="The panel's beat: hook, benefit, feature, proof, offer or cta."
    )
    copy_by_locale: dict[str, CopySlots] = Field(
        default_factory=dict,
        alias="copy",
        description="Copy per locale: {locale: {headline, subhead, cta, ...}}; when given, "
        "every locale needs an entry. Left out: written by --copy openai.",
    )


class ArtSettings(Frozen):
    """Where the background art comes from."""

    provider: Literal["procedural", "image", "openai"] = Field(
        "procedural", description="procedural (offline, from the palette), image, or openai."
    )
    image: Path | None = Field(None, description="Background image when provider is 'image'.")
    theme: str = Field("", description="Campaign theme, e.g. 'winter sale, snow, calm'.")
    seed: int = Field(0, description="Changes the procedural composition; same seed, same art.")


class Delivery(Frozen):
    """Where a finished pack goes."""

    target: str = Field(description="s3://bucket/prefix or a local directory.")


class Brief(Frozen):
    """One campaign: product, offer, message, locales and sizes."""

    brand_kit: Path = Field(description="Path to the brand kit folder or its brandkit.yaml.")
    campaign: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$", description="Campaign id: lowercase, digits, hyphens."
    )
    product: Product = Field(description="What is sold.")
    offer: Offer = Field(default_factory=Offer, description="Discount and end date, if any.")
    key_message: str = Field("", description="The one thing the poster must say.")
    locales: list[str] = Field(min_length=1, description="BCP 47 tags, e.g. [en-US, ja-JP].")
    presets: list[str] = Field(
        min_length=1, description="Preset ids or globs, e.g. [instagram/*, x/post]."
    )
    copy_by_locale: dict[str, CopySlots] = Field(
        default_factory=dict,
        alias="copy",
        description="Explicit copy per locale: {locale: {headline, subhead, cta, ...}}.",
    )
    panels: list[Panel] | None = Field(
        None,
        min_length=MIN_PANELS,
        max_length=MAX_PANELS,
        description="A multi-panel set (2-8 panels, in swipe order) for presets that take "
        "sets (carousels, documents, multi-image notes); other presets get the single poster.",
    )
    copy_provider: Literal["offline", "openai"] = Field(
        "offline", description="offline (brief + phrasebook + CLDR) or openai."
    )
    art: ArtSettings = Field(default_factory=ArtSettings, description="Background art settings.")
    text_mode: Literal["typeset", "model"] = Field(
        "typeset", description="typeset (drawn by assetpack) or model (drawn by gpt-image-2)."
    )
    delivery: Delivery | None = Field(None, description="Where to deliver the pack.")

    @field_validator("locales")
    @classmethod
    def _locales_known(cls, tags: list[str]) -> list[str]:
        for tag in tags:
            check_locale(tag)
        if len(set(tags)) != len(tags):
            raise ValueError("a locale is listed twice")
        return tags
