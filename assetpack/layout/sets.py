"""lay_out_set: a multi-panel set (carousel, document, multi-image note) on one preset.

Every panel of every locale is laid out together, as `lay_out_preset` lays out the locales
of a poster: one frame (grid, margins, logo position), one set of shared boxes, one headline
size per locale's set (the smallest any of its panels needs, harmonized across locales).
Each panel then gets progress dots in the logo row, and the product only on the beats that
sell it; the rest leave their lower part to the panorama art that runs across the set.

Swipe order is left to right in every locale, as every platform shows carousels: a
right-to-left locale mirrors the layout inside each panel (logo, text, product), never the
order of the panels, the dots or the panorama.
"""

from __future__ import annotations

from assetpack.config import BrandKit, CopySet, SizePreset
from assetpack.config.base import hex_to_rgb
from assetpack.layout.compose import lay_out_copies
from assetpack.layout.measure import Typesetter
from assetpack.layout.plan import Box, LayoutPlan, Shape

# Beats that show the product; the others give their lower part to the art.
PRODUCT_ROLES = ("hook", "offer", "cta")
DOT_SHARE = 0.0135  # dot diameter, of the canvas's short side
ACTIVE_STRETCH = 2.6  # the current panel's dot is a pill this many dots long
INACTIVE_MIX = 0.25  # inactive dots: this share of the text color on the background


def set_key(index: int, locale: str) -> str:
    return f"{locale}#p{index + 1}"


def lay_out_set(
    preset: SizePreset,
    panels: list[dict[str, CopySet]],
    roles: list[str],
    kit: BrandKit,
    ts: Typesetter,
    product_path: str | None,
) -> dict[str, list[LayoutPlan]]:
    """Per locale, the plans of its panels in swipe order."""
    copies: dict[str, CopySet] = {}
    products: dict[str, str | None] = {}
    groups: dict[str, str] = {}
    fields: dict[str, str] = {}
    for index, by_locale in enumerate(panels):
        for locale, copy in by_locale.items():
            key = set_key(index, locale)
            copies[key] = copy
            products[key] = product_path if roles[index] in PRODUCT_ROLES else None
            groups[key] = locale
            fields[key] = f"panels[{index}].copy.{locale}"
    plans = lay_out_copies(preset, copies, kit, ts, products, groups=groups, fields=fields)
    count = len(panels)
    result: dict[str, list[LayoutPlan]] = {}
    for index, by_locale in enumerate(panels):
        for locale in by_locale:
            plan = plans[set_key(index, locale)]
            dots = progress_dots(plan, index, count, kit)
            panel = plan.model_copy(
                update={
                    "panel": index + 1,
                    "panels": count,
                    "panel_role": roles[index],
                    "shapes": [*plan.shapes, *dots],
                }
            )
            result.setdefault(locale, []).append(panel)
    return result


def progress_dots(plan: LayoutPlan, index: int, count: int, kit: BrandKit) -> list[Shape]:
    """A row of dots, the current panel's a pill in the text color, at the end
    of the logo row (or the top of the safe box without a logo). Always ordered left to
    right, as the panels are swiped."""
    short = min(plan.width_px, plan.height_px)
    dot = max(6, round(short * DOT_SHARE))
    gap = round(dot * 0.9)
    pill = round(dot * ACTIVE_STRETCH)
    total = pill + (count - 1) * dot + (count - 1) * gap
    safe = plan.safe_box
    margin = max(2, round(short * 0.02))
    top = safe[1] + margin
    row: Box = plan.logo.box if plan.logo is not None else (0, top, 0, top + 2 * dot)
    cy = (row[1] + row[3]) // 2
    # Mirrored panels have their logo at the right, so the dots go to the left.
    x = safe[0] + margin if plan.mirrored else safe[2] - margin - total
    # The background's own text color is the one sure to stand out on it, in any kit.
    active = kit.palette.background.text
    inactive = _mix(kit.palette.background.color, active, INACTIVE_MIX)
    shapes = []
    for number in range(count):
        width = pill if number == index else dot
        box = (x, cy - dot // 2, x + width, cy - dot // 2 + dot)
        fill = active if number == index else inactive
        shapes.append(Shape(kind="rounded_rect", box=box, fill=fill, radius_px=dot // 2))
        x += width + gap
    return shapes


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = hex_to_rgb(a), hex_to_rgb(b)
    mixed = (round(x + (y - x) * t) for x, y in zip(ra, rb, strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)


Frac = tuple[float, float, float, float]


def strip_text_zones(plans: list[LayoutPlan], pad_share: float = 0.02) -> list[Frac]:
    """Where the set's text lands on its panorama, as fractions of the whole strip (x across
    all panels side by side, y down the height): every text block of every panel in every
    locale given, padded by `pad_share` of the panel's short side. The art keeps these calm."""
    zones: set[Frac] = set()
    for plan in plans:
        if plan.panel is None or not plan.panels:
            continue
        pad = min(plan.width_px, plan.height_px) * pad_share
        strip_w = plan.width_px * plan.panels
        left = (plan.panel - 1) * plan.width_px
        for block in plan.blocks:
            ink = block.ink
            if ink is None:
                continue
            zones.add(
                (
                    round(max(0.0, left + ink[0] - pad) / strip_w, 4),
                    round(max(0.0, ink[1] - pad) / plan.height_px, 4),
                    round(min(strip_w, left + ink[2] + pad) / strip_w, 4),
                    round(min(plan.height_px, ink[3] + pad) / plan.height_px, 4),
                )
            )
    return sorted(zones)
