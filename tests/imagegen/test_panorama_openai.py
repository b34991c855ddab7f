"""A set's panorama by gpt-image: one generation for the whole strip, planned and counted."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assetpack.art import make_art
from assetpack.art.calls import art_canvases, plan_art_calls, poster_presets, set_canvases
from assetpack.art.models import Focus
from assetpack.config import load_project
from assetpack.imagegen.plan import plan_calls, with_overrides
from assetpack.imagegen.session import open_session
from assetpack.imagegen.settings import load_image_settings
from assetpack.imagegen.sizes import parse_size, size_problem

from .images_server import FakeImages

CAROUSEL = Path(__file__).resolve().parents[2] / "examples" / "carousel" / "brief.yaml"
PRESETS = ["instagram/carousel-portrait", "xiaohongshu/cover", "instagram/feed-square"]


def _project():
    project = load_project(CAROUSEL, presets=PRESETS, locales=["en-US", "ar-SA"])
    brief = project.brief
    product = brief.product.model_copy(update={"image": None})
    project = project.model_copy(update={"brief": brief.model_copy(update={"product": product})})
    return with_overrides(project, "openai")


def test_one_generation_for_the_whole_strip(fake_images: FakeImages, tmp_path: Path) -> None:
    project = _project()
    canvases = art_canvases(poster_presets(project))
    assert canvases == {"square": (1080, 1080)}
    assert set_canvases(project) == {"portrait-set": (5400, 1440)}  # 5 panels of 1080x1440
    focus = {"square": Focus(x=0.7, y=0.55, radius=0.25)}
    calm = {"portrait-set": [(0.0, 0.1, 0.1, 0.3)], "portrait-set-rtl": [(0.1, 0.1, 0.2, 0.3)]}
    session = open_session(cache_dir=tmp_path, client=fake_images.client())
    arts = make_art(project, canvases, focus, session=session, calm=calm)
    assert sorted(arts) == ["portrait-set", "portrait-set-rtl", "square"]
    # Two presets x two locales x five panels, two directions: still one request for the strip.
    strips = [s for s in fake_images.seen if "carousel" in s.prompt]
    assert len(fake_images.seen) == 2 and len(strips) == 1
    spec = load_image_settings().spec("gpt-image-2")
    width, height = parse_size(strips[0].size)
    assert size_problem(spec, (width, height)) is None and width == 3 * height  # clamped to 3:1
    ltr, rtl = arts["portrait-set"], arts["portrait-set-rtl"]
    assert (ltr.width_px, ltr.height_px, ltr.panels, ltr.provider) == (5400, 1440, 5, "openai")
    # The same picture, calmed where each direction's text lands.
    a, b = np.asarray(ltr.image(), np.int16), np.asarray(rtl.image(), np.int16)
    assert np.abs(a[800:, :] - b[800:, :]).max() == 0
    assert np.abs(a[150:430, 0:540] - b[150:430, 0:540]).mean() > 0
    planned = plan_art_calls(project, load_image_settings())
    assert sorted(c.size for c in planned) == sorted(s.size for s in fake_images.seen)
    assert [c.target for c in planned] == ["square", "portrait-set"]


def test_plan_counts_one_panorama_per_aspect_class_of_the_set_presets() -> None:
    project = with_overrides(load_project(CAROUSEL), "openai")
    planned = plan_calls(project, load_image_settings())
    art = sorted(c.target for c in planned.calls if c.purpose == "art")
    # square and portrait panoramas (carousel-square; carousel-portrait, document, xiaohongshu)
    # and the single poster's square art: never one per panel or per locale.
    assert art == ["portrait-set", "square", "square-set"]
