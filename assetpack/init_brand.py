"""The look of a new brand for `assetpack init`: a palette derived from one color, and logos
drawn with the brand font.

Everything is computed here, so a new kit depends on no example kit and no network. The
palette is designed for WCAG contrast with headroom (see TEXT_CONTRAST); the logo is a simple
mark (the initial on a disc of the primary color) beside the name in wide capitals.
"""

from __future__ import annotations

import colorsys

import click
from PIL import Image, ImageDraw, ImageFont

from assetpack.config.base import hex_to_rgb

LOGO_HEIGHT_PX = 160
MARK_SIZE_PX = 256
# The contrast check measures rendered pixels, where anti-aliased edges of small, thin glyphs
# (Devanagari badges at 300x250) pull a designed 6:1 down to below 4.5:1; designing for WCAG
# AAA's 7:1 keeps every small text above AA as measured.
TEXT_CONTRAST = 7.0

# ---- colors -------------------------------------------------------------------------------


def luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hls(color: str) -> tuple[float, float, float]:
    r, g, b = (v / 255 for v in hex_to_rgb(color))
    return colorsys.rgb_to_hls(r, g, b)


def _from_hls(hue: float, light: float, sat: float) -> str:
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, max(0.0, min(1.0, light)), max(0.0, min(1.0, sat)))
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def _darken_until(color: str, against: str, ratio: float) -> str:
    """`color` darkened step by step until it reaches `ratio` against `against`."""
    hue, light, sat = _hls(color)
    while contrast(color, against) < ratio and light > 0:
        light -= 0.02
        color = _from_hls(hue, light, sat)
    return color


def derive_palette(primary: str, accent: str | None = None) -> dict[str, dict[str, str]]:
    """A full four-role palette from one brand color, every text pair at TEXT_CONTRAST or more.

    Ink and paper are tinted with the brand's hue so the set looks designed rather than grey;
    the accent (badges) defaults to the complementary hue. A mid-tone brand color that neither
    white nor near-black text reads on is deepened (same hue) for the buttons it fills.
    """
    primary = primary.upper()
    hue, _light, sat = _hls(primary)
    ink = _from_hls(hue, 0.12, min(sat, 0.45))
    paper = _from_hls(hue, 0.965, min(sat, 0.4))
    deep_ink = _darken_until(ink, primary, TEXT_CONTRAST)
    if contrast(primary, "#FFFFFF") >= TEXT_CONTRAST:
        on_primary = "#FFFFFF"
    elif contrast(primary, deep_ink) >= TEXT_CONTRAST:
        on_primary = deep_ink
    else:
        primary, on_primary = _darken_until(primary, "#FFFFFF", TEXT_CONTRAST), "#FFFFFF"
    # Badges want a warm, urgent red; a brand that is already red gets the opposite hue.
    reddish = hue < 0.08 or hue > 0.9
    accent = (accent or _from_hls(hue + 0.5 if reddish else 0.985, 0.45, 0.75)).upper()
    accent = _darken_until(accent, "#FFFFFF", TEXT_CONTRAST)
    return {
        "primary": {"color": primary, "text": on_primary},
        "secondary": {"color": ink, "text": paper},
        "accent": {"color": accent, "text": "#FFFFFF"},
        "background": {"color": paper, "text": ink},
    }


# ---- logos --------------------------------------------------------------------------------


def _font(family: str, weight: int, size: int) -> ImageFont.FreeTypeFont:
    from assetpack.fonts.faces import find_family

    face = find_family(family, weight)
    if face is None:
        raise click.BadParameter(f"font family {family!r} is not installed", param_hint="--font")
    font = ImageFont.truetype(face.path, size)
    if any(tag == "wght" for tag, *_ in face.axes):
        font.set_variation_by_axes([weight])
    return font


def draw_mark(brand: str, palette: dict[str, dict[str, str]], family: str) -> Image.Image:
    """The symbol: the brand's initial on a disc of the primary color."""
    scale = 4  # drawn large and reduced, for smooth edges without an SVG renderer
    size = MARK_SIZE_PX * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=palette["primary"]["color"])
    font = _font(family, 800, round(size * 0.56))
    draw.text(
        (size / 2, size / 2), brand[:1].upper(), font=font, fill=palette["primary"]["text"],
        anchor="mm",
    )  # fmt: skip
    return image.resize((MARK_SIZE_PX, MARK_SIZE_PX), Image.Resampling.LANCZOS)


def draw_logo(mark: Image.Image, brand: str, family: str, text_color: str) -> Image.Image:
    """Mark plus the wordmark (the name in wide capitals), cropped tight on transparency."""
    font = _font(family, 800, round(LOGO_HEIGHT_PX * 0.5))
    word = brand.upper()
    tracking = round(font.size * 0.12)  # wide caps read calm and premium
    advances = [font.getlength(ch) for ch in word]
    width_px = round(sum(advances) + tracking * (len(word) - 1))
    gap = round(LOGO_HEIGHT_PX * 0.22)
    canvas = Image.new("RGBA", (LOGO_HEIGHT_PX + gap + width_px + 8, LOGO_HEIGHT_PX), (0, 0, 0, 0))
    canvas.paste(mark.resize((LOGO_HEIGHT_PX, LOGO_HEIGHT_PX), Image.Resampling.LANCZOS))
    draw = ImageDraw.Draw(canvas)
    x = float(LOGO_HEIGHT_PX + gap)
    for ch, advance in zip(word, advances, strict=True):
        draw.text((x, LOGO_HEIGHT_PX / 2), ch, font=font, fill=text_color, anchor="lm")
        x += advance + tracking
    box = canvas.getbbox()
    return canvas.crop(box) if box else canvas


def logo_files(
    brand: str, family: str, palette: dict[str, dict[str, str]]
) -> dict[str, Image.Image]:
    """The kit's four logo files: wordmark and bare mark, for light and dark backgrounds."""
    mark = draw_mark(brand, palette, family)
    dark_text = palette["background"]["text"]
    light_text = palette["secondary"]["text"]
    return {
        "logo-on-light.png": draw_logo(mark, brand, family, dark_text),
        "logo-on-dark.png": draw_logo(mark, brand, family, light_text),
        "mark-on-light.png": mark,
        "mark-on-dark.png": mark,
    }
