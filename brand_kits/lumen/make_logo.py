"""Generate the Lumen logo: an eclipse symbol and the LUMEN wordmark, as SVG and PNG.

The wordmark letters are outlines taken from the brand font (Plus Jakarta Sans, ExtraBold
instance of the variable font, from the `fontpkg-plus-jakarta-sans` package), so the SVG
files depend on no installed font. Run from anywhere:

    python brand_kits/lumen/make_logo.py

Needs fontTools, fontpkg-plus-jakarta-sans and resvg_py. Output is deterministic.
"""

from __future__ import annotations

import math
from pathlib import Path

import fontpkg
import resvg_py
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont

HERE = Path(__file__).resolve().parent
FAMILY = "Plus Jakarta Sans"
WEIGHT = 800
WORD = "LUMEN"
TRACKING_EM = 0.15  # wide caps read as calm and premium
PNG_WIDTH_PX = 600

INK = "#14192B"
WHITE = "#FFFFFF"
AMBER = "#F2A93B"  # palette primary: the "light" of the eclipse

VARIANTS = {
    "logo-on-light": {"mark": INK, "glow": AMBER},
    "logo-on-dark": {"mark": WHITE, "glow": AMBER},
}


SYMBOL_HEIGHT_PX = 256


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def wordmark_path(font: TTFont, x0: float, baseline: float, scale: float) -> tuple[str, float]:
    """SVG path data of WORD set at `scale` (px per font unit); returns (d, ink_width_px)."""
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    upem = font["head"].unitsPerEm
    parts = []
    x = x0
    ink_right = x0
    for index, char in enumerate(WORD):
        name = cmap[ord(char)]
        pen = SVGPathPen(glyph_set, ntos=_num)
        # Font units are y-up; SVG is y-down, so flip around the baseline.
        glyph_set[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        parts.append(pen.getCommands())
        bounds = BoundsPen(glyph_set)
        glyph_set[name].draw(bounds)
        ink_right = x + bounds.bounds[2] * scale
        x += glyph_set[name].width * scale
        if index < len(WORD) - 1:
            x += TRACKING_EM * upem * scale
    return " ".join(parts), ink_right - x0


def _circle(cx: float, cy: float, r: float) -> str:
    return (
        f"M{_num(cx - r)} {_num(cy)}"
        f"A{_num(r)} {_num(r)} 0 1 0 {_num(cx + r)} {_num(cy)}"
        f"A{_num(r)} {_num(r)} 0 1 0 {_num(cx - r)} {_num(cy)}Z"
    )


def crescent_path(cx: float, cy: float, r: float, bx: float, by: float, rb: float) -> str:
    """Circle (cx, cy, r) minus circle (bx, by, rb), as one closed path of two arcs."""
    dx, dy = bx - cx, by - cy
    d = math.hypot(dx, dy)
    # Intersection points of the two circles.
    a = (r * r - rb * rb + d * d) / (2 * d)
    h = math.sqrt(r * r - a * a)
    mx, my = cx + a * dx / d, cy + a * dy / d
    p1 = (mx + h * dy / d, my - h * dx / d)
    p2 = (mx - h * dy / d, my + h * dx / d)
    # Outer arc of the glow circle (the large part, away from the cover), then back along
    # the cover circle's arc that lies inside the glow circle.
    return (
        f"M{_num(p1[0])} {_num(p1[1])}"
        f"A{_num(r)} {_num(r)} 0 1 0 {_num(p2[0])} {_num(p2[1])}"
        f"A{_num(rb)} {_num(rb)} 0 0 1 {_num(p1[0])} {_num(p1[1])}Z"
    )


def build_svg(font: TTFont, mark: str, glow: str, wordmark: bool = True) -> str:
    scale = 0.1  # 1000 units per em -> 100 px em; cap height 74.5 px
    cap_px = font["OS/2"].sCapHeight * scale
    pad = 1.0  # tight: the kit's clear_space supplies the margin
    radius = cap_px * 0.72
    # The cover disc sits down-left of the glow disc, leaving a crescent of light
    # at the upper right; a transparent gap separates the two shapes.
    offset = radius * 0.26
    gap = radius * 0.07
    height = 2 * radius + 2 * pad + offset
    cy_cover = pad + offset + radius
    cx_cover = pad + radius
    cx_glow, cy_glow = cx_cover + offset, cy_cover - offset
    baseline = cy_cover + cap_px / 2
    text_x = cx_glow + radius + cap_px * 0.55
    letters, advance = wordmark_path(font, text_x, baseline, scale)
    width = text_x + advance + pad
    if not wordmark:  # the symbol alone, for spaces too small for the full logo
        letters, width = "", cx_glow + radius + pad
    crescent = crescent_path(cx_glow, cy_glow, radius, cx_cover, cy_cover, radius + gap)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}">\n'
        f"  <title>Lumen</title>\n"
        f'  <path fill="{glow}" d="{crescent}"/>\n'
        f'  <path fill="{mark}" d="{_circle(cx_cover, cy_cover, radius)}"/>\n'
        + (f'  <path fill="{mark}" d="{letters}"/>\n' if letters else "")
        + "</svg>\n"
    )


def main() -> None:
    font = TTFont(fontpkg.path(FAMILY))
    font = instantiateVariableFont(font, {"wght": WEIGHT})
    for stem, colors in VARIANTS.items():
        svg = build_svg(font, colors["mark"], colors["glow"])
        (HERE / f"{stem}.svg").write_text(svg, encoding="utf-8")
        png = resvg_py.svg_to_bytes(svg_string=svg, width=PNG_WIDTH_PX)
        (HERE / f"{stem}.png").write_bytes(bytes(png))
        print(f"wrote {stem}.svg and {stem}.png")
        symbol = build_svg(font, colors["mark"], colors["glow"], wordmark=False)
        mark_stem = stem.replace("logo", "mark")
        (HERE / f"{mark_stem}.svg").write_text(symbol, encoding="utf-8")
        png = resvg_py.svg_to_bytes(svg_string=symbol, height=SYMBOL_HEIGHT_PX)
        (HERE / f"{mark_stem}.png").write_bytes(bytes(png))
        print(f"wrote {mark_stem}.svg and {mark_stem}.png")


if __name__ == "__main__":
    main()
