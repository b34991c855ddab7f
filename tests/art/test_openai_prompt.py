"""The key visual's prompt and which art calls a build makes (no network here)."""

from __future__ import annotations

from pathlib import Path

from assetpack.art.calls import art_canvases, art_endpoint, plan_art_calls
from assetpack.art.models import Focus
from assetpack.art.openai_art import art_prompt, product_box_from_focus
from assetpack.build_tasks import art_inputs, lay_out_all
from assetpack.config import load_project
from assetpack.copy import write_copy
from assetpack.fonts import resolve_fonts
from assetpack.imagegen.plan import with_overrides
from assetpack.imagegen.settings import load_image_settings
from assetpack.layout import Typesetter

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "spring-launch" / "brief.yaml"


def _project(**narrow: list[str]):  # type: ignore[no-untyped-def]
    return with_overrides(load_project(EXAMPLE, **narrow), "openai")


def test_prompt_carries_brand_product_theme_and_room_for_the_copy() -> None:
    project = _project(locales=["en-US"], presets=["instagram/feed-square"])
    prompt = art_prompt(project, "square", (1080, 1080), Focus(x=0.75, y=0.6, radius=0.3))
    kit, brief = project.kit, project.brief
    assert brief.product.name in prompt and brief.art.theme in prompt
    assert kit.tone.description in prompt
    for role in (kit.palette.background, kit.palette.primary, kit.palette.secondary):
        assert role.color in prompt
    assert "keep the left side calm" in prompt  # the product stands right, the copy left
    assert "already in place" in prompt  # a product photo: the scene is painted around it
    assert "no text" in prompt.lower()


def test_without_a_photo_the_model_leaves_an_empty_stage() -> None:
    project = _project(locales=["en-US"], presets=["instagram/feed-square"])
    no_photo = project.brief.product.model_copy(update={"image": None})
    project = project.model_copy(
        update={"brief": project.brief.model_copy(update={"product": no_photo})}
    )
    prompt = art_prompt(project, "square", (1080, 1080), Focus(x=0.3, y=0.5, radius=0.3))
    assert "empty, softly lit stage at the left" in prompt
    assert "keep the right side calm" in prompt
    assert art_endpoint(project) == "images.generate"


def test_one_call_per_aspect_class_on_the_largest_canvas_like_the_build() -> None:
    project = _project(locales=["en-US", "ja-JP"])
    fonts = resolve_fonts(project.kit, project.locales)
    plans = lay_out_all(project, write_copy(project), Typesetter(fonts))
    canvases, _ = art_inputs(project.presets, plans)
    assert art_canvases(project.presets) == canvases
    calls = plan_art_calls(project, load_image_settings())
    assert [call.target for call in calls] == list(canvases)  # never per preset or locale
    assert {call.endpoint for call in calls} == {"images.edit"}


def test_product_box_is_rebuilt_from_the_focus() -> None:
    focus = Focus(x=0.5, y=0.5, radius=0.25)
    assert product_box_from_focus(focus, (1000, 800), (300, 200)) == (200, 200, 800, 600)
