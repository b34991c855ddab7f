"""The brand kit: colors, type, logo, tone of voice and legal line of one brand."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from assetpack.config.base import Frozen, HexColor


class ColorRole(Frozen):
    """A palette color and the text color that reads well on top of it."""

    color: HexColor = Field(description="The color itself, #RRGGBB.")
    text: HexColor = Field(description="Text color to use on this color, #RRGGBB.")


class Palette(Frozen):
    """Brand colors by role."""

    primary: ColorRole = Field(description="Main brand color: CTA buttons, key shapes.")
    secondary: ColorRole = Field(description="Supporting color for shapes and panels.")
    accent: ColorRole = Field(description="Highlight color: badges, price stickers.")
    background: ColorRole = Field(description="Canvas color behind everything.")


class FontRole(Frozen):
    """One typographic role: a family and weight, optionally a file inside the kit."""

    family: str = Field(description="Font family name as in the font's name table, e.g. 'Inter'.")
    weight: int = Field(700, ge=100, le=900, description="CSS weight, 100-900.")
    file: Path | None = Field(
        None, description="Font file inside the kit folder; omit to find the family installed."
    )


class Fonts(Frozen):
    """Fonts by role, plus per-script fallback families tried before the built-in chain."""

    headline: FontRole = Field(description="Font for the headline.")
    body: FontRole = Field(description="Font for subhead, price, badge and legal line.")
    cta: FontRole = Field(description="Font for the call-to-action button.")
    fallbacks: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Script key (latin, han_sc, han_tc, japanese, hangul, devanagari, bengali, "
        "arabic, thai) -> families to try, in order, before the built-in Noto chain.",
    )


class Logo(Frozen):
    """Logo files and how much room the logo needs."""

    on_light: Path = Field(description="Logo for light backgrounds (PNG or SVG), in the kit.")
    on_dark: Path = Field(description="Logo for dark backgrounds (PNG or SVG), in the kit.")
    mark_on_light: Path | None = Field(
        None, description="Symbol without the wordmark, for light backgrounds (tiny banners)."
    )
    mark_on_dark: Path | None = Field(
        None, description="Symbol without the wordmark, for dark backgrounds (tiny banners)."
    )
    min_height_px: int = Field(24, ge=8, description="Smallest height the logo may be drawn at.")
    clear_space: float = Field(
        0.25, ge=0, le=2, description="Empty margin around the logo, as a fraction of its height."
    )


class Tone(Frozen):
    """Tone of voice and the words the brand must and must not use."""

    description: str = Field("", description="How the brand speaks, for copywriters and models.")
    banned_words: list[str] = Field(
        default_factory=list, description="Words that must never appear, in any locale."
    )
    required_phrases: list[str] = Field(
        default_factory=list,
        description="Phrases that must appear somewhere in every asset's copy (e.g. a trademark).",
    )


class BrandKit(Frozen):
    """Everything about a brand that stays the same from one campaign to the next."""

    name: str = Field(min_length=1, description="Brand name as it appears in copy.")
    palette: Palette = Field(description="Brand colors by role.")
    fonts: Fonts = Field(description="Fonts by role.")
    logo: Logo = Field(description="Logo files and spacing rules.")
    tone: Tone = Field(default_factory=Tone, description="Tone of voice and word rules.")
    legal: str = Field("", description="Default legal line, used when the brief gives none.")
    legal_by_locale: dict[str, str] = Field(
        default_factory=dict,
        description="Localized legal lines by locale or language (ja-JP or ja); 'legal' is "
        "the fallback.",
    )

    def legal_for(self, locale: str) -> str:
        """The kit's legal line for a locale: exact tag, then its language, then `legal`."""
        language = locale.split("-")[0]
        return self.legal_by_locale.get(locale, self.legal_by_locale.get(language, self.legal))

    tokens: Path | None = Field(
        None,
        description="W3C design tokens file (DTCG JSON) in the kit folder; palette and fonts "
        "are read from it, and anything written in this YAML wins.",
    )
    root: Path = Field(Path("."), exclude=True, description="Folder the kit was loaded from.")

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()
