"""Poster lines drawn with the real Noto fonts, for the OCR tests to read back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw, ImageFont

from assetpack.fonts.resolve import fallback_font_path
from assetpack.verify.ocr import SCRIPTS

# The fonts the OCR thresholds were measured with: each script's built-in fallback face.
FONTS = {script: fallback_font_path(script) for script in SCRIPTS}

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
    font = ImageFont.truetype(FONTS[font_script], size_px, layout_engine=ImageFont.Layout.RAQM)
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
