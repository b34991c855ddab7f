"""Fitting generated images to exact canvases: crops around the subject, extends, never squashes."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from assetpack.art import Art
from assetpack.art.models import Focus
from assetpack.art.procedural import make_procedural
from assetpack.config.brandkit import Palette
from assetpack.imagegen.fit import (
    anchored_fit,
    extend,
    fit_to_canvas,
    frame_canvas,
    salient_origin,
    unframe,
)

RED = (220, 30, 30)


def _scene(size: tuple[int, int], disc: tuple[int, int, int, int]) -> Image.Image:
    img = Image.new("RGB", size, (236, 228, 214))
    ImageDraw.Draw(img).ellipse(disc, fill=RED)
    return img


def _red_box(img: Image.Image) -> tuple[int, int, int, int]:
    pixels = np.asarray(img.convert("RGB")).astype(int)
    red = (abs(pixels - RED).sum(axis=2) < 60).nonzero()
    return (int(red[1].min()), int(red[0].min()), int(red[1].max()) + 1, int(red[0].max()) + 1)


@pytest.mark.parametrize("canvas", [(728, 90), (320, 50), (1584, 396), (160, 600), (1080, 1080)])
def test_exact_size_and_the_subject_keeps_its_shape(canvas: tuple[int, int]) -> None:
    if canvas[0] >= canvas[1]:
        source = _scene((1440, 480), (600, 140, 800, 340))
    else:
        source = _scene((480, 1440), (140, 600, 340, 800))
    out = fit_to_canvas(source, canvas, (0.5, 0.5))
    assert out.size == canvas
    x0, y0, x1, y1 = _red_box(out)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(1, abs=0.1)  # a circle stays a circle


def test_beyond_3_to_1_the_generated_part_is_placed_around_the_focus() -> None:
    source = _scene((1440, 480), (620, 140, 820, 340))
    out = fit_to_canvas(source, (728, 90), (0.8, 0.5))
    x0, _, x1, _ = _red_box(out)
    # The 3:1 crop (270 px wide) sits around 80% of 728 px; the disc is its center.
    assert (x0 + x1) / 2 == pytest.approx(0.8 * 728, abs=12)


def test_the_crop_keeps_the_salient_window() -> None:
    source = _scene((1440, 480), (1200, 140, 1400, 340))  # subject near the right edge
    assert salient_origin(source, (480, 480))[0] >= 920
    out = fit_to_canvas(source, (1080, 1080))
    x0, _, x1, _ = _red_box(out)
    assert 0 < x0 < x1 < 1080  # center-cropping would have cut it off entirely


def test_extension_is_calm_and_repeats_no_subject() -> None:
    inner = _scene((300, 100), (220, 20, 280, 80))  # a subject close to the right edge
    out = extend(inner, (900, 100), (300, 0))
    assert out.crop((300, 0, 600, 100)).tobytes() == inner.tobytes()
    far = np.asarray(out.crop((700, 0, 900, 100))).astype(int)
    assert far.std(axis=(0, 1)).max() < 12  # smooth, no second disc


def test_frame_round_trip() -> None:
    canvas = _scene((728, 90), (300, 10, 370, 80))
    framed, box = frame_canvas(canvas, (1440, 480))
    assert framed.size == (1440, 480) and box == (0, 151, 1440, 329)
    back = unframe(framed, box, canvas.size)
    diff = np.abs(np.asarray(back).astype(int) - np.asarray(canvas).astype(int))
    assert diff.mean() < 3


def test_anchored_fit_puts_the_product_under_the_layout_box() -> None:
    source = _scene((1200, 1200), (700, 500, 1100, 900))
    out = anchored_fit(source, (700, 500, 1100, 900), (150, 40, 250, 140), (300, 250))
    assert out.size == (300, 250)
    assert _red_box(out) == pytest.approx((150, 40, 250, 140), abs=2)


def test_art_fit_to_is_unchanged_for_offline_art() -> None:
    palette = Palette.model_validate(
        {role: {"color": "#F6F1E7", "text": "#14192B"}
         for role in ("primary", "secondary", "accent", "background")}
    )  # fmt: skip
    img = make_procedural(palette, (1200, 1200), Focus(x=0.7, y=0.6, radius=0.3), 7)
    art = Art.from_image("square", img, "procedural")
    expected = ImageOps.fit(img, (300, 250), Image.Resampling.LANCZOS)
    assert art.fit_to((300, 250), (10, 10, 50, 50)).tobytes() == expected.tobytes()


def test_art_with_a_product_follows_the_layout_product_box() -> None:
    img = _scene((1200, 1200), (700, 500, 1100, 900))
    art = Art.from_image("square", img, "openai", crop="salient", product_box=(700, 500, 1100, 900))
    out = art.fit_to((300, 250), (150, 40, 250, 140))
    assert _red_box(out) == pytest.approx((150, 40, 250, 140), abs=2)
    salient = art.fit_to((300, 250))  # without a product box: the salient crop
    assert salient.size == (300, 250) and _red_box(salient)[2] > 200
