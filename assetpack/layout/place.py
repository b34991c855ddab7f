"""Turning fitted slots into a LayoutPlan: shared boxes, aligned lines, shapes, images."""

from __future__ import annotations

from typing import Any

from assetpack.config import BrandKit, CopySet, SizePreset
from assetpack.config.base import hex_to_rgb
from assetpack.errors import CopyError
from assetpack.layout.grid import (
    BUTTON_SLOTS,
    LEGAL_RATIO,
    Composition,
    legal_span,
    min_size_px,
    script_min_px,
)
from assetpack.layout.measure import Typesetter
from assetpack.layout.plan import Box, Shape, TextBlock, TextLine, TextRun
from assetpack.layout.stack import SlotFit, button_padding, gap_px, role_of
from assetpack.layout.text_fit import Fit, TextSpec, fit_text

NARROW_LEGAL_PX = 300  # below this width (skyscrapers) the legal line may take 3 lines


def legal_lines(width_px: int) -> int:
    return 3 if width_px < NARROW_LEGAL_PX else 2


def legal_size_px(short_px: int, comp: Composition, locale: str) -> tuple[int, int]:
    low = script_min_px(min_size_px("legal", short_px, comp), locale)
    return low, max(low, round(short_px * comp.headline_max * LEGAL_RATIO * 0.6))


def legal_fits(
    ts: Typesetter, preset: SizePreset, copies: dict[str, CopySet], comp: Composition
) -> int:
    """Height of the legal strip: the tallest locale's legal line at the shared size."""
    if not comp.legal or preset.text == "none" or not any(c.legal for c in copies.values()):
        return 0
    short = min(preset.width_px, preset.height_px)
    span = legal_span(comp)
    safe_width = preset.width_px - preset.safe_zone.left_px - preset.safe_zone.right_px
    width = round(safe_width * 0.94 * (span[1] - span[0]))
    tallest = 0
    for copy in copies.values():
        if not copy.legal:
            continue
        low, high = legal_size_px(short, comp, copy.locale)
        spec = TextSpec(copy.legal, "body", copy.locale, copy.direction)
        fit = fit_text(ts, spec, width, short, legal_lines(width), low, high)
        if fit is None:
            raise CopyError(
                f"{preset.id}, {copy.locale}: the legal line does not fit in "
                f"{legal_lines(width)} lines at {low} px; shorten copy.{copy.locale}.legal"
            )
        tallest = max(tallest, fit.height_px)
    return tallest


def place_lines(
    ts: Typesetter, spec: TextSpec, fit: Fit, box: Box, align: str, center_v: bool
) -> list[TextLine]:
    """Lines positioned inside `box`: aligned by their ink, baseline by baseline."""
    top = box[1] + ((box[3] - box[1] - fit.height_px) // 2 if center_v else 0)
    # Fitting measured at a reference size and scaled; place by the exact ink at this size,
    # whichever reaches higher, so hinting at small sizes never pushes ink above the box.
    first = ts.line(fit.lines[0], spec.role, spec.locale, fit.size_px, spec.base)
    top_offset = max(fit.top_offset_px, -min(p.ink[1] for p in first))
    lines = []
    for index, text in enumerate(fit.lines):
        placed = ts.line(text, spec.role, spec.locale, fit.size_px, spec.base)
        left = min(p.ink[0] for p in placed)
        right = max(p.ink[2] for p in placed)
        if align == "center":
            origin = (box[0] + box[2]) // 2 - (left + right) // 2
        elif (align == "start") == (spec.base == "ltr"):
            origin = box[0] - left
        else:
            origin = box[2] - right
        baseline = top + top_offset + index * fit.line_height_px
        runs = [
            TextRun(
                text=p.run.text,
                face=p.run.face,
                direction=p.run.direction,  # type: ignore[arg-type]
                language=_language(spec.locale),
                x=origin + p.x,
                baseline_y=baseline,
                width_px=p.width_px,
                ink=(
                    origin + p.ink[0],
                    baseline + p.ink[1],
                    origin + p.ink[2],
                    baseline + p.ink[3],
                ),
            )
            for p in placed
        ]
        ink = (
            min(r.ink[0] for r in runs),
            min(r.ink[1] for r in runs),
            max(r.ink[2] for r in runs),
            max(r.ink[3] for r in runs),
        )
        lines.append(TextLine(text=text, runs=runs, ink=ink))
    return lines


def _language(locale: str) -> str:
    from assetpack.fonts import language_of

    return language_of(locale)


def is_dark(color: str) -> bool:
    r, g, b = hex_to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128


def colors_for(kit: BrandKit, slot: str) -> tuple[str, str | None]:
    """(text color, shape fill) for a slot, from the palette roles."""
    palette = kit.palette
    if slot == "cta":
        return palette.primary.text, palette.primary.color
    if slot == "badge":
        return palette.accent.text, palette.accent.color
    return palette.background.text, None


def stack_items(
    ts: Typesetter,
    copy: CopySet,
    frame: Any,
    stack_index: int,
    fits: list[SlotFit],
    shared: dict[str, tuple[int, int]],
    headline_px: int,
    kit: BrandKit,
) -> tuple[list[TextBlock], list[Shape]]:
    """Blocks and shapes of one stack, every slot in its shared box."""
    stack = frame.composition.stacks[stack_index]
    box = frame.stack_box(stack_index)
    present = [s for s in stack.slots if s in shared]
    heights = [shared[s][1] for s in present]
    total = sum(heights) + gap_px(headline_px) * max(0, len(heights) - 1)
    free = box[3] - box[1] - total
    y = box[1] + {"top": 0, "center": free // 2, "bottom": free}[stack.valign]
    by_slot = {f.slot: f for f in fits}
    blocks, shapes = [], []
    for slot, height in zip(present, heights, strict=True):
        fit = by_slot.get(slot)
        if fit is not None:
            block, shape = _slot_block(
                ts,
                copy,
                fit,
                slot,
                box,
                y,
                shared[slot],
                stack.align,
                kit,
                frame.min_for(copy.locale)[slot],
                center_v=stack.valign == "center",
            )
            blocks.append(block)
            if shape is not None:
                shapes.append(shape)
        y += height + gap_px(headline_px)
    return blocks, shapes


def _slot_block(
    ts: Typesetter,
    copy: CopySet,
    fit: SlotFit,
    slot: str,
    box: Box,
    y: int,
    shared_size: tuple[int, int],
    align: str,
    kit: BrandKit,
    min_px: int,
    center_v: bool = False,
) -> tuple[TextBlock, Shape | None]:
    """One slot in its shared box. Text shorter than the box (another locale needed more
    lines) sits at the top, or in the middle when the stack is centred."""
    width, height = shared_size
    spec = TextSpec(getattr(copy, slot), role_of(slot), copy.locale, copy.direction)
    color, fill = colors_for(kit, slot)
    if slot in BUTTON_SLOTS:
        if align == "center":
            x0 = (box[0] + box[2] - width) // 2
        elif (align == "start") == (copy.direction == "ltr"):
            x0 = box[0]
        else:
            x0 = box[2] - width
        outer = (x0, y, x0 + width, y + height)
        pad_x, pad_y = button_padding(fit.fit.size_px)
        inner = (outer[0] + pad_x, outer[1] + pad_y, outer[2] - pad_x, outer[3] - pad_y)
        lines = place_lines(ts, spec, fit.fit, inner, "center", center_v=True)
        radius = height // 2 if slot == "badge" else max(2, round(height * 0.28))
        shape = Shape(
            kind="rounded_rect", box=outer, fill=fill or "#000000", radius_px=radius, slot=slot
        )
        block_box = outer
    else:
        block_box = (box[0], y, box[2], y + height)
        lines = place_lines(ts, spec, fit.fit, block_box, align, center_v=center_v)
        shape = None
    block = TextBlock(
        slot=slot,
        text=spec.text,
        box=block_box,
        size_px=fit.fit.size_px,
        min_size_px=min_px,
        color=color,
        align=align,  # type: ignore[arg-type]
        lines=lines,
    )
    return block, shape


def legal_block(
    ts: Typesetter, copy: CopySet, box: Box, short_px: int, comp: Composition, kit: BrandKit
) -> TextBlock | None:
    """The legal line in its strip, at the largest shared-range size that fits."""
    if not copy.legal:
        return None
    low, high = legal_size_px(short_px, comp, copy.locale)
    spec = TextSpec(copy.legal, "body", copy.locale, copy.direction)
    width = box[2] - box[0]
    fit = fit_text(ts, spec, width, box[3] - box[1], legal_lines(width), low, high)
    if fit is None:
        raise CopyError(
            f"{copy.locale}: the legal line does not fit; shorten copy.{copy.locale}.legal"
        )
    return TextBlock(
        slot="legal",
        text=copy.legal,
        box=box,
        size_px=fit.size_px,
        min_size_px=low,
        color=kit.palette.background.text,
        align=comp.stacks[0].align,  # centered compositions center their small print too
        lines=place_lines(ts, spec, fit, box, comp.stacks[0].align, center_v=False),
    )
