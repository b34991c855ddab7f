"""lay_out_preset: one preset, every locale, one shared geometry and one type scale."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from assetpack.config import BrandKit, CopySet, SizePreset
from assetpack.config.bitmaps import image_size as _image_size
from assetpack.errors import CopyError
from assetpack.layout.grid import (
    DROP_ORDER,
    Composition,
    composition_for,
    legal_span,
    min_size_px,
    script_min_px,
)
from assetpack.layout.measure import Typesetter
from assetpack.layout.place import is_dark, legal_block, legal_fits, stack_items
from assetpack.layout.plan import Box, ImagePlacement, LayoutPlan
from assetpack.layout.safe_area import contain, inset, place, safe_box
from assetpack.layout.stack import Overflow, SlotFit, fit_stack, gap_px
from assetpack.layout.stage import stage_shapes

# A locale may keep a larger headline than the smallest one, within this ratio, so that
# one long language does not shrink every other language's poster.
HARMONY = 0.85
# A headline under this many times the size of the subhead beside it reads as more body
# text: on a 300x250 ad both sat near their 12-14 px minimums, with no headline to speak of.
HIERARCHY = 1.5
# Per-key sizes, per-key fits of every stack, and each stack's shared slot boxes.
Fitted = tuple[dict[str, int], dict[str, list[list[SlotFit]]], list[dict[str, tuple[int, int]]]]


@dataclass(frozen=True)
class Frame:
    """The fixed geometry of a preset for one direction: logo, content area, legal strip."""

    preset: SizePreset
    composition: Composition
    mirrored: bool
    safe: Box
    logo: Box | None
    content: Box
    legal: Box | None
    min_px: dict[str, int]

    def min_for(self, locale: str) -> dict[str, int]:
        """Smallest sizes for a locale: the canvas minimums, small text scaled up for dense
        scripts."""
        # The headline's minimum is already well above the point where strokes blur.
        return {
            slot: size if slot == "headline" else script_min_px(size, locale)
            for slot, size in self.min_px.items()
        }

    @property
    def short_px(self) -> int:
        return min(self.preset.width_px, self.preset.height_px)

    def stack_box(self, index: int) -> Box:
        return place(self.composition.stacks[index].box, self.content, self.mirrored)

    def product_box(self) -> Box | None:
        frac = self.composition.product
        if frac is None:
            return None
        if self.composition.product_frame == "content":
            return place(frac, self.content, self.mirrored)
        # Below the text, reaching halfway into the bottom inset: platform UI may cover
        # the lower part of a product, never any text.
        top = max(self.stack_box(i)[3] for i in range(len(self.composition.stacks)))
        height = self.preset.height_px
        bottom = min(
            height - self.short_px // 40, self.content[3] + (height - self.content[3]) // 2
        )
        x0, _, x1, _ = place(frac, self.content, self.mirrored)
        return (x0, top + self.short_px // 40, x1, bottom)


def frame_for(
    preset: SizePreset, kit: BrandKit, mirrored: bool, legal_px: int, logo_path: str
) -> Frame:
    comp = composition_for(preset.aspect_class, preset.width_px)
    short = min(preset.width_px, preset.height_px)
    safe = inset(safe_box(preset, mirrored), max(2, round(short * 0.02)))
    gap = max(2, round(short * 0.025))
    logo = None
    content = safe
    if preset.logo:
        w, h = _image_size(logo_path)
        # As tall as the composition asks, but never wider than the safe area allows.
        fit_h = (safe[2] - safe[0]) * h // w
        logo_h = max(kit.logo.min_height_px, min(round(short * comp.logo_height), fit_h))
        logo_w = round(logo_h * w / h)
        clear = max(gap, round(logo_h * kit.logo.clear_space) + 1)
        logo, content = _logo_box(comp, safe, logo_w, logo_h, clear, mirrored)
    legal = None
    if comp.legal and legal_px:
        start, end = legal_span(comp)
        legal = place((start, 0.0, end, 1.0), content, mirrored)
        legal = (legal[0], content[3] - legal_px, legal[2], content[3])
        content = (content[0], content[1], content[2], legal[1] - gap)
    min_px = {slot: min_size_px(slot, short, comp) for slot in (*_all_slots(), "legal")}
    return Frame(preset, comp, mirrored, safe, logo, content, legal, min_px)


def _all_slots() -> tuple[str, ...]:
    return ("headline", "subhead", "price", "cta", "badge", "legal")


def _logo_box(
    comp: Composition, safe: Box, w: int, h: int, gap: int, mirrored: bool
) -> tuple[Box, Box]:
    x0, y0, x1, y1 = safe
    if comp.logo == "start":
        cy = (y0 + y1) // 2
        lx = x1 - w if mirrored else x0
        logo = (lx, cy - h // 2, lx + w, cy - h // 2 + h)
        content = (x0, y0, x1 - w - gap, y1) if mirrored else (x0 + w + gap, y0, x1, y1)
        return logo, content
    centered = comp.logo == "top-center"
    lx = (x0 + x1 - w) // 2 if centered else (x1 - w if mirrored else x0)
    return (lx, y0, lx + w, y0 + h), (x0, y0 + h + gap, x1, y1)


def _fit_locale(
    ts: Typesetter, frame: Frame, copy: CopySet, slots: tuple[str, ...], headline_px: int
) -> list[list[SlotFit]] | Overflow:
    fitted = []
    for index, stack in enumerate(frame.composition.stacks):
        wanted = tuple(s for s in stack.slots if s in slots)
        result = fit_stack(
            ts, copy, stack, wanted, frame.stack_box(index), headline_px, frame.min_for(copy.locale)
        )
        if isinstance(result, Overflow):
            return result
        fitted.append(result)
    return fitted


def _best_headline(
    ts: Typesetter, frame: Frame, copy: CopySet, slots: tuple[str, ...]
) -> int | Overflow:
    """Largest headline size at which every stack of this locale fits."""
    low = frame.min_for(copy.locale)["headline"]
    high = max(low, round(frame.short_px * frame.composition.headline_max))
    first = _fit_locale(ts, frame, copy, slots, low)
    if isinstance(first, Overflow):
        return first
    while low < high:
        mid = (low + high + 1) // 2
        if isinstance(_fit_locale(ts, frame, copy, slots, mid), Overflow):
            high = mid - 1
        else:
            low = mid
    return low


def _harmonize(best: dict[str, int], groups: dict[str, str] | None = None) -> dict[str, int]:
    """Locales within HARMONY of the median share the smallest of their sizes.

    `groups` maps keys that must share one size (the panels of one locale's set) to their
    group; each group first takes its smallest size, so a set keeps one type scale."""
    if groups is not None:
        smallest: dict[str, int] = {}
        for key, size in best.items():
            smallest[groups[key]] = min(size, smallest.get(groups[key], size))
        best = {key: smallest[groups[key]] for key in best}
    median = statistics.median(best.values())
    floor = median * HARMONY
    shared = min((size for size in best.values() if size >= floor), default=round(median))
    return {locale: min(size, shared) if size >= floor else size for locale, size in best.items()}


def _fit_slots(
    ts: Typesetter,
    frames: dict[bool, Frame],
    copies: dict[str, CopySet],
    groups: dict[str, str] | None,
    fields: dict[str, str] | None,
) -> Fitted:
    """Sizes and fits with the most slots that work: optional slots are dropped (the same
    ones for every key, in DROP_ORDER) until every key fits alone, their shared boxes fit
    together and the headline stands out from the subhead (HIERARCHY); if only the last
    fails, the fullest layout that fits is kept. Raises the overflow, or the shared-layout
    failure, of the last try."""
    slots = _all_slots()
    failure: tuple[str, Overflow] | CopyError | None = None
    flat: Fitted | None = None
    for drop in (None, *DROP_ORDER):
        if drop is not None:
            slots = tuple(s for s in slots if s != drop)
        best = _best_sizes(ts, frames, copies, slots)
        if isinstance(best, tuple):
            failure = best
            continue
        try:
            fitted = _fit_all(ts, frames, copies, slots, _harmonize(best, groups))
        except CopyError as error:
            failure = error
            continue
        if not _flat(fitted[1]):
            return fitted
        flat = flat or fitted
    if flat is not None:
        return flat
    if isinstance(failure, CopyError):
        raise failure
    assert failure is not None
    key, overflow = failure
    preset = next(iter(frames.values())).preset
    where = fields[key] if fields is not None else f"copy.{key}"
    label = where if fields is not None else key
    raise CopyError(
        f"{preset.id} ({preset.width_px}x{preset.height_px}), {label}: {overflow.slot} "
        f"does not fit: {overflow.detail}. Shorten {where}.{overflow.slot} in the brief."
    )


def _flat(fitted: dict[str, list[list[SlotFit]]]) -> bool:
    """True if some key's headline is under HIERARCHY times its subhead."""
    for stacks in fitted.values():
        sizes = {fit.slot: fit.fit.size_px for fits in stacks for fit in fits}
        if "subhead" in sizes and sizes.get("headline", 0) < HIERARCHY * sizes["subhead"]:
            return True
    return False


def _best_sizes(
    ts: Typesetter, frames: dict[bool, Frame], copies: dict[str, CopySet], slots: tuple[str, ...]
) -> dict[str, int] | tuple[str, Overflow]:
    """Each key's largest headline size with these slots, or the first key that cannot fit
    them and why."""
    best = {}
    for key, copy in copies.items():
        result = _best_headline(ts, frames[copy.direction == "rtl"], copy, slots)
        if isinstance(result, Overflow):
            return key, result
        best[key] = result
    return best


def _shared_sizes(
    fitted: dict[str, list[list[SlotFit]]],
) -> list[dict[str, tuple[int, int]]]:
    """Per stack, per slot: the largest (width, height) any locale needs."""
    shared: list[dict[str, tuple[int, int]]] = []
    for stacks in fitted.values():
        for index, fits in enumerate(stacks):
            if len(shared) <= index:
                shared.append({})
            for fit in fits:
                w, h = shared[index].get(fit.slot, (0, 0))
                shared[index][fit.slot] = (max(w, fit.width_px), max(h, fit.height_px))
    return shared


def _fits_shared(
    frames: dict[bool, Frame], shared: list[dict[str, tuple[int, int]]], sizes: dict[str, int]
) -> bool:
    frame = frames[False]
    smallest = min(sizes.values())
    for index, slots in enumerate(shared):
        box = frame.stack_box(index)
        heights = [h for _, h in slots.values()]
        total = sum(heights) + gap_px(smallest) * max(0, len(heights) - 1)
        if total > box[3] - box[1]:
            return False
    return True


def _fit_all(
    ts: Typesetter,
    frames: dict[bool, Frame],
    copies: dict[str, CopySet],
    slots: tuple[str, ...],
    sizes: dict[str, int],
) -> Fitted:
    """Fit every locale at its size; shrink together until the shared boxes fit too."""
    for _attempt in range(12):
        fitted: dict[str, list[list[SlotFit]]] = {}
        for locale, copy in copies.items():
            result = _fit_locale(ts, frames[copy.direction == "rtl"], copy, slots, sizes[locale])
            if isinstance(result, Overflow):
                break
            fitted[locale] = result
        else:
            shared = _shared_sizes(fitted)
            if _fits_shared(frames, shared, sizes):
                return sizes, fitted, shared
        floor = frames[False].min_px["headline"]
        sizes = {loc: max(floor, round(size * 0.95)) for loc, size in sizes.items()}
    preset = frames[False].preset
    raise CopyError(
        f"{preset.id}: the locales' copy cannot share one layout; shorten the longest headline"
    )


def lay_out_preset(
    preset: SizePreset,
    copies: dict[str, CopySet],
    kit: BrandKit,
    ts: Typesetter,
    product_path: str | None,
) -> dict[str, LayoutPlan]:
    """Plans for every locale of one preset: same geometry, harmonized type sizes."""
    if preset.text == "none":
        return {loc: _product_only(preset, loc, kit, product_path) for loc in copies}
    return lay_out_copies(preset, copies, kit, ts, dict.fromkeys(copies, product_path))


def lay_out_copies(
    preset: SizePreset,
    copies: dict[str, CopySet],
    kit: BrandKit,
    ts: Typesetter,
    products: dict[str, str | None],
    *,
    groups: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
) -> dict[str, LayoutPlan]:
    """Plans for keyed copies of one preset (locales; or panels x locales of a set): one
    frame, one set of shared boxes and harmonized sizes for all of them.

    products: per key, the product cut-out to place (None: no product on that plan).
    groups: keys that share one headline size (a set's panels of one locale).
    fields: per key, the brief field its copy comes from, for error messages.
    """
    comp = composition_for(preset.aspect_class, preset.width_px)
    logo_path = logo_path_for(kit, comp)
    legal_px = legal_fits(ts, preset, copies, comp)
    frames = {m: frame_for(preset, kit, m, legal_px, logo_path) for m in (False, True)}
    sizes, fitted, shared = _fit_slots(ts, frames, copies, groups, fields)
    plans = {}
    for key, copy in copies.items():
        frame = frames[copy.direction == "rtl"]
        blocks, shapes = [], []
        for index, fits in enumerate(fitted[key]):
            b, s = stack_items(ts, copy, frame, index, fits, shared[index], sizes[key], kit)
            blocks += b
            shapes += s
        if frame.legal is not None:
            legal = legal_block(ts, copy, frame.legal, frame.short_px, frame.composition, kit)
            blocks += [legal] if legal else []
        plans[key] = _plan(frame, copy.locale, kit, blocks, shapes, logo_path, products[key])
    return plans


def logo_path_for(kit: BrandKit, comp: Composition) -> str:
    logo, mark = kit_logos(kit)
    return mark if comp.logo_mark and mark is not None else logo


def kit_logos(kit: BrandKit) -> tuple[str, str | None]:
    """The kit's logo and symbol (None if it has none) for its background's lightness."""
    dark = is_dark(kit.palette.background.color)
    mark = kit.logo.mark_on_dark if dark else kit.logo.mark_on_light
    return str(kit.logo.on_dark if dark else kit.logo.on_light), str(mark) if mark else None


def _plan(
    frame: Frame,
    locale: str,
    kit: BrandKit,
    blocks: list,
    shapes: list,
    logo_path: str,
    product_path: str | None,
) -> LayoutPlan:
    product = None
    box = frame.product_box()
    if product_path and box is not None:
        anchor = "center" if frame.preset.aspect_class in ("wide", "banner") else "bottom"
        drawn = contain(_image_size(product_path), box, anchor)
        product = ImagePlacement(path=product_path, box=drawn, shadow=True)
        # Seeded by the canvas, not the preset: the same canvas on two platforms is one poster.
        seed = f"{frame.preset.width_px}x{frame.preset.height_px}"
        shapes = stage_shapes(drawn, box, kit.palette, seed) + shapes
    logo = ImagePlacement(path=logo_path, box=frame.logo) if frame.logo else None
    preset = frame.preset
    return LayoutPlan(
        preset_id=preset.id,
        locale=locale,
        width_px=preset.width_px,
        height_px=preset.height_px,
        aspect_class=preset.aspect_class,
        background=preset.background,
        background_color=kit.palette.background.color,
        mirrored=frame.mirrored,
        safe_box=safe_box(preset, frame.mirrored),
        shapes=shapes,
        blocks=blocks,
        logo=logo,
        product=product,
    )


def _product_only(
    preset: SizePreset, locale: str, kit: BrandKit, product_path: str | None
) -> LayoutPlan:
    """Marketplace main image: the product alone on pure white, filling the frame."""
    fill = max(preset.product_fill_min or 0.85, 0.85) + 0.05
    margin_x = round(preset.width_px * (1 - fill) / 2)
    margin_y = round(preset.height_px * (1 - fill) / 2)
    box = (margin_x, margin_y, preset.width_px - margin_x, preset.height_px - margin_y)
    product = None
    if product_path:
        product = ImagePlacement(
            path=product_path, box=contain(_image_size(product_path), box, "center")
        )
    return LayoutPlan(
        preset_id=preset.id,
        locale=locale,
        width_px=preset.width_px,
        height_px=preset.height_px,
        aspect_class=preset.aspect_class,
        background="white",
        background_color="#FFFFFF",
        mirrored=False,
        safe_box=safe_box(preset, False),
        product=product,
    )
