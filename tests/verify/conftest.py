"""Poster lines drawn with the real Noto fonts, for the OCR tests to read back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

_SITE = Path(ImageFont.__file__).resolve().parents[1]
FONTS = {
    "latin": "justmytype_western_core/fonts/ofl/notosans/NotoSans[wdth,wght].ttf",
    "han_sc": "justmytype_intl_cjk/fonts/ofl/notosanssc/NotoSansSC[wght].ttf",
    "han_tc": "justmytype_intl_cjk/fonts/ofl/notosanstc/NotoSansTC[wght].ttf",
    "japanese": "justmytype_intl_cjk/fonts/ofl/notosansjp/NotoSansJP[wght].ttf",
    "hangul": "justmytype_intl_cjk/fonts/ofl/notosanskr/NotoSansKR[wght].ttf",
    "devanagari": "justmytype_intl_south_asia/fonts/ofl/notosansdevanagari/"
    "NotoSansDevanagari[wdth,wght].ttf",
    "bengali": "justmytype_intl_south_asia/fonts/ofl/notosansbengali/"
    "NotoSansBengali[wdth,wght].ttf",
    "arabic": "justmytype_intl_rtl/fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf",
    "thai": "justmytype_intl_sea/fonts/ofl/notosansthai/NotoSansThai[wdth,wght].ttf",
}

DARK_ON_LIGHT = ((26, 26, 26), (255, 255, 255))
LIGHT_ON_DARK = ((255, 255, 255), (32, 42, 68))

RenderLine = Callable[..., Image.Image]


def render_line(
    text: str,
    font_script: str,
    locale: str,
    size_px: int = 40,
    colours: tuple[tuple[int, int, int], tuple[int, int, int]] = DARK_ON_LIGHT,
    bold: bool = False,
) -> Image.Image:
    """One line cropped as the layout crops it: the ink box and a fifth of the size around."""
    font = ImageFont.truetype(
        str(_SITE / FONTS[font_script]), size_px, layout_engine=ImageFont.Layout.RAQM
    )
    font.set_variation_by_name("Bold" if bold else "Regular")
    language = locale.split("-")[0]
    direction = "rtl" if font_script == "arabic" else None
    left, top, right, bottom = font.getbbox(text, language=language, direction=direction)
    pad = max(3, size_px // 5)
    fg, bg = colours
    image = Image.new("RGB", (right - left + 2 * pad, bottom - top + 2 * pad), bg)
    ImageDraw.Draw(image).text(
        (pad - left, pad - top), text, font=font, fill=fg, language=language, direction=direction
    )
    return image


@pytest.fixture(scope="session")
def render_text_line() -> RenderLine:
    return render_line
