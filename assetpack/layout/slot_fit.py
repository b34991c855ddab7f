"""How far a candidate text overflows its slot on the tightest preset: the copy stage asks
this before accepting model-written copy (DESIGN: copy/ may ask layout/ to measure text)."""

from __future__ import annotations

from collections.abc import Callable

from assetpack.config import BrandKit, SizePreset
from assetpack.fonts import is_rtl_locale
from assetpack.layout.compose import _frame, _logo_path
from assetpack.layout.grid import BUTTON_SLOTS, composition_for
from assetpack.layout.measure import Typesetter
from assetpack.layout.stack import button_padding, role_of


def slot_overflow_checker(
    presets: list[SizePreset], kit: BrandKit, ts: Typesetter
) -> Callable[[str, str, str], int | None]:
    """(locale, slot, text) -> the largest overflow in px over all presets, None if it fits.

    Measured as the copy must stand in the final layout: at the slot's smallest legible size,
    in the slot's box width, over its allowed number of lines.
    """

    def overflow(locale: str, slot: str, text: str) -> int | None:
        worst = 0
        for preset in presets:
            if preset.text == "none":
                continue
            comp = composition_for(preset.aspect_class, preset.width_px)
            frame = _frame(preset, kit, is_rtl_locale(locale), 0, _logo_path(kit, comp))
            for index, stack in enumerate(comp.stacks):
                if slot not in stack.slots:
                    continue
                box = frame.stack_box(index)
                size = frame.min_for(locale)[slot]
                pad = 2 * button_padding(size)[0] if slot in BUTTON_SLOTS else 0
                room = (box[2] - box[0] - pad) * stack.lines_for(slot)
                base = "rtl" if is_rtl_locale(locale) else "ltr"
                need = ts.ink_width(text, role_of(slot), locale, size, base)
                worst = max(worst, need - room)
        return worst if worst > 0 else None

    return overflow
