"""Fitting a stack of slots (badge, headline, subhead, price, CTA) into one box."""

from __future__ import annotations

from dataclasses import dataclass

from assetpack.config import CopySet
from assetpack.layout.grid import BUTTON_SLOTS, TYPE_SCALE, Stack
from assetpack.layout.measure import Typesetter
from assetpack.layout.plan import Box
from assetpack.layout.text_fit import Fit, TextSpec, fit_text

ROLE_OF_SLOT = {
    "headline": "headline",
    "subhead": "body",
    "price": "headline",
    "cta": "cta",
    "badge": "cta",
    "legal": "body",
}


def role_of(slot: str) -> str:
    return ROLE_OF_SLOT[slot]


def button_padding(size_px: int) -> tuple[int, int]:
    """(horizontal, vertical) padding inside a button or pill."""
    return round(size_px * 0.95), round(size_px * 0.55)


def gap_px(headline_px: int) -> int:
    return max(2, round(headline_px * 0.3))


@dataclass(frozen=True)
class SlotFit:
    """One slot of one locale, fitted: the text fit and the outer size it takes."""

    slot: str
    fit: Fit
    width_px: int
    height_px: int


@dataclass(frozen=True)
class Overflow:
    """Why a slot did not fit, for the error message."""

    slot: str
    detail: str


def fit_slot(
    ts: Typesetter,
    copy: CopySet,
    slot: str,
    stack: Stack,
    box: Box,
    headline_px: int,
    min_px: dict[str, int],
) -> SlotFit | Overflow:
    text = getattr(copy, slot)
    target = max(min_px[slot], round(TYPE_SCALE[slot] * headline_px))
    width = box[2] - box[0]
    pad_x, pad_y = button_padding(target) if slot in BUTTON_SLOTS else (0, 0)
    spec = TextSpec(text, role_of(slot), copy.locale, copy.direction)
    fit = fit_text(
        ts, spec, width - 2 * pad_x, box[3] - box[1], stack.lines_for(slot), min_px[slot], target
    )
    if fit is None:
        need = ts.ink_width(text, role_of(slot), copy.locale, min_px[slot], copy.direction)
        room = (width - 2 * pad_x) * stack.lines_for(slot)
        detail = (
            f"needs {need - room} px more width at the minimum size {min_px[slot]} px"
            if need > room
            else f"does not fit in {stack.lines_for(slot)} line(s) at {min_px[slot]} px"
        )
        return Overflow(slot, detail)
    if slot in BUTTON_SLOTS:
        pad_x, pad_y = button_padding(fit.size_px)
        return SlotFit(slot, fit, fit.width_px + 2 * pad_x, fit.height_px + 2 * pad_y)
    return SlotFit(slot, fit, fit.width_px, fit.height_px)


def fit_stack(
    ts: Typesetter,
    copy: CopySet,
    stack: Stack,
    slots: tuple[str, ...],
    box: Box,
    headline_px: int,
    min_px: dict[str, int],
) -> list[SlotFit] | Overflow:
    """Every present slot fitted at sizes from the type scale, or the first overflow."""
    fits: list[SlotFit] = []
    for slot in slots:
        if not getattr(copy, slot):
            continue
        result = fit_slot(ts, copy, slot, stack, box, headline_px, min_px)
        if isinstance(result, Overflow):
            return result
        fits.append(result)
    total = stack_height(fits, headline_px)
    if total > box[3] - box[1]:
        return Overflow(
            fits[0].slot if fits else "headline",
            f"the text block is {total - (box[3] - box[1])} px too tall",
        )
    return fits


def stack_height(heights: list[SlotFit] | list[int], headline_px: int) -> int:
    values = [h if isinstance(h, int) else h.height_px for h in heights]
    return sum(values) + gap_px(headline_px) * max(0, len(values) - 1)
