"""Compositions: where logo, text stacks, product and legal line sit, per aspect class.

Fractions are of the content box (the safe box minus the logo row and the legal strip) and
are written for left-to-right locales; right-to-left locales get the mirror image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

Frac = tuple[float, float, float, float]
Align = Literal["start", "center", "end"]

# One type scale for every preset of a build: each slot's size relative to the headline.
LEGAL_RATIO = 0.2
TYPE_SCALE = {
    "headline": 1.0,
    "subhead": 0.42,
    "price": 0.5,
    "cta": 0.34,
    "badge": 0.28,
    "legal": LEGAL_RATIO,
}
BUTTON_SLOTS = ("cta", "badge")
REQUIRED_SLOTS = ("headline", "cta")
# Slots that may be left out, in this order, when a canvas is too small for everything.
DROP_ORDER = ("badge", "subhead", "price")
MAX_LINES = {"headline": 3, "subhead": 3, "price": 1, "cta": 1, "badge": 1, "legal": 2}


@dataclass(frozen=True)
class Stack:
    """Slots stacked top to bottom inside one box."""

    box: Frac
    slots: tuple[str, ...]
    valign: Literal["top", "center", "bottom"] = "center"
    align: Align = "start"
    max_lines: dict[str, int] = field(default_factory=dict)

    def lines_for(self, slot: str) -> int:
        return self.max_lines.get(slot, MAX_LINES[slot])


@dataclass(frozen=True)
class Composition:
    """The arrangement of one aspect class."""

    stacks: tuple[Stack, ...]
    product: Frac | None
    # "content": `product` is a fraction of the content box; "below": it spans that width
    # fraction, from under the lowest stack down into the bottom inset.
    product_frame: Literal["content", "below"] = "content"
    logo: Literal["top-start", "top-center", "start"] = "top-start"
    logo_height: float = 0.075  # of the canvas's short side
    logo_mark: bool = False  # use the kit's symbol without the wordmark, if it has one
    legal: bool = True
    legal_column: int | None = None  # legal line spans this stack's width (None: full width)
    headline_max: float = 0.13  # largest headline size, of the canvas's short side
    headline_min: float = 0.04  # smallest legible headline size, of the short side


COMPOSITIONS: dict[str, Composition] = {
    "square": Composition(
        stacks=(Stack((0, 0, 0.56, 1), ("badge", "headline", "subhead", "price", "cta")),),
        product=(0.58, 0.06, 1.0, 1.0),
        legal_column=0,
    ),
    "portrait": Composition(
        stacks=(
            Stack((0, 0, 1, 0.42), ("badge", "headline", "subhead"), valign="top"),
            Stack((0, 0.62, 0.46, 1), ("price", "cta"), valign="bottom"),
        ),
        product=(0.42, 0.44, 1.0, 1.0),
        legal_column=1,
    ),
    "story": Composition(
        stacks=(
            Stack((0, 0, 1, 0.42), ("badge", "headline", "subhead"), valign="top", align="center"),
            Stack((0, 0.44, 1, 0.7), ("price", "cta", "legal"), valign="top", align="center"),
        ),
        # Tall stories lose their bottom third to platform UI: text stays in the safe
        # area, the product may reach into the inset, where being partly covered is harmless.
        product=(0.06, 0.0, 0.94, 1.0),
        product_frame="below",
        legal=False,
        logo="top-center",
        headline_max=0.14,
    ),
    "landscape": Composition(
        stacks=(Stack((0, 0, 0.54, 1), ("badge", "headline", "subhead", "price", "cta")),),
        product=(0.56, 0.0, 1.0, 1.0),
        legal_column=0,
        headline_max=0.16,
        headline_min=0.05,
    ),
    "wide": Composition(
        stacks=(
            Stack((0, 0, 0.5, 1), ("headline", "subhead"), max_lines={"headline": 2}),
            Stack((0.76, 0, 1, 1), ("badge", "price", "cta"), align="center"),
        ),
        product=(0.52, 0.0, 0.74, 1.0),
        legal=False,
        headline_max=0.2,
        headline_min=0.07,
    ),
    "banner": Composition(
        stacks=(
            Stack((0, 0, 0.6, 1), ("headline",), max_lines={"headline": 2}),
            Stack((0.76, 0.08, 1, 0.92), ("cta",), align="center"),
        ),
        product=(0.61, 0.0, 0.75, 1.0),
        logo="start",
        logo_height=0.42,
        legal=False,
        headline_max=0.42,
        headline_min=0.15,
    ),
    # Small banners (320x50) have no room for a product: headline and button only.
    "banner-small": Composition(
        stacks=(
            Stack((0, 0, 0.54, 1), ("headline",), max_lines={"headline": 2}),
            Stack((0.56, 0.06, 1, 0.94), ("cta",), align="center"),
        ),
        product=None,
        logo="start",
        logo_height=0.42,
        logo_mark=True,
        legal=False,
        headline_max=0.42,
        headline_min=0.15,
    ),
    "skyscraper": Composition(
        stacks=(
            Stack((0, 0, 1, 0.44), ("badge", "headline", "subhead"), valign="top", align="center"),
            Stack((0, 0.74, 1, 1), ("price", "cta"), valign="bottom", align="center"),
        ),
        product=(0.0, 0.46, 1.0, 0.72),
        logo="top-center",
        logo_height=0.2,
        headline_max=0.2,
        headline_min=0.09,
    ),
}

SMALL_BANNER_MAX_WIDTH_PX = 500


def composition_for(aspect_class: str, width_px: int) -> Composition:
    """The composition of a preset: by aspect class, with a leaner one for tiny banners."""
    if aspect_class == "banner" and width_px < SMALL_BANNER_MAX_WIDTH_PX:
        return COMPOSITIONS["banner-small"]
    return COMPOSITIONS[aspect_class]


# Smallest legible size per slot in px, whatever the canvas (display ads included).
MIN_PX = {"headline": 13, "subhead": 10, "price": 11, "cta": 10, "badge": 9, "legal": 9}


# Scripts with dense strokes or marks above and below need more pixels than Latin to stay
# legible (and readable by OCR) at the smallest sizes.
SCRIPT_MIN_FACTOR = {
    "han_sc": 1.15,
    "han_tc": 1.15,
    "japanese": 1.15,
    "hangul": 1.15,
    "devanagari": 1.2,
    "bengali": 1.2,
    "thai": 1.2,
    "arabic": 1.2,
}


# Vietnamese stacks two marks on a letter (ề, ở): Latin script, but it needs the same room.
LANGUAGE_MIN_FACTOR = {"vi": 1.15}


# Chinese and Japanese are not set below 12 px on screen (Chrome's default minimum font size
# for those languages): below it the strokes of complex characters merge, and a 10 px 折 was
# read as 晰.
SCRIPT_FLOOR_PX = {"han_sc": 12, "han_tc": 12, "japanese": 12}


def script_min_px(size_px: int, locale: str) -> int:
    """A canvas minimum for small text, raised for the locale's script: scaled up for dense
    scripts, and never below the script's floor."""
    from assetpack.fonts import locale_script

    script = locale_script(locale)
    language = locale.split("-")[0].lower()
    factor = LANGUAGE_MIN_FACTOR.get(language, SCRIPT_MIN_FACTOR.get(script, 1.0))
    return max(math.ceil(size_px * factor), SCRIPT_FLOOR_PX.get(script, 0))


def min_size_px(slot: str, short_side_px: int, composition: Composition) -> int:
    """The smallest size a slot may be drawn at on this canvas."""
    scaled = short_side_px * composition.headline_min * TYPE_SCALE.get(slot, LEGAL_RATIO) * 0.8
    if slot == "headline":
        scaled = short_side_px * composition.headline_min
    if slot == "legal":
        scaled = short_side_px * 0.012
    return max(MIN_PX[slot], round(scaled))


def legal_span(comp: Composition) -> tuple[float, float]:
    """Horizontal extent of the legal strip, as fractions of the content width."""
    if comp.legal_column is None:
        return (0.0, 1.0)
    box = comp.stacks[comp.legal_column].box
    return (box[0], box[2])
