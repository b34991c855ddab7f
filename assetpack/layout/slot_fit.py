"""How far a candidate text overflows its slot on the tightest preset: the copy stage asks
this before accepting model-written copy (DESIGN: copy/ may ask layout/ to measure text)."""

from __future__ import annotations

from collections.abc import Callable

from assetpack.config import BrandKit, SizePreset
from assetpack.fonts import is_rtl_locale
from assetpack.layout.compose import frame_for, logo_path_for
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

    # The geometry depends only on preset and direction: made once, not per question.
    frames = {
        rtl: [
            frame_for(preset, kit, rtl, 0, logo_path_for(kit, comp))
            for preset in presets
            if preset.text != "none"
            for comp in [composition_for(preset.aspect_class, preset.width_px)]
        ]
        for rtl in (False, True)
    }

    def overflow(locale: str, slot: str, text: str) -> int | None:
        worst = 0
        rtl = is_rtl_locale(locale)
        for frame in frames[rtl]:
            for index, stack in enumerate(frame.composition.stacks):
                if slot not in stack.slots:
                    continue
                box = frame.stack_box(index)
                size = frame.min_for(locale)[slot]
                pad = 2 * button_padding(size)[0] if slot in BUTTON_SLOTS else 0
                room = (box[2] - box[0] - pad) * stack.lines_for(slot)
                base = "rtl" if rtl else "ltr"
                need = ts.ink_width(text, role_of(slot), locale, size, base)
                worst = max(worst, need - room)
        return worst if worst > 0 else None

    return overflow
