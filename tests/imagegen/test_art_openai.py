"""`art.provider: openai`: one request per aspect class, valid sizes, product kept sharp."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from assetpack.art import make_art
from assetpack.art.calls import art_canvases, plan_art_calls
from assetpack.art.models import Focus
from assetpack.config import Project
from assetpack.config.bitmaps import load_rgba
from assetpack.imagegen.plan import with_overrides
from assetpack.imagegen.session import ImageSession, open_session
from assetpack.imagegen.settings import load_image_settings
from assetpack.imagegen.sizes import parse_size, size_problem

from .conftest import example_project
from .images_server import FakeImages

# square x2 (one class), story, wide 4:1, banner 8:1 and 6.4:1 (one class).
PRESETS = [
    "instagram/feed-square",
    "x/post",
    "instagram/story",
    "linkedin/banner",
    "google-display/728x90",
    "google-display/320x50",
]


def _inputs(project: Project) -> tuple[dict[str, tuple[int, int]], dict[str, Focus]]:
    canvases = art_canvases(project.presets)
    focus = {key: Focus(x=0.7, y=0.55, radius=0.25) for key in canvases}
    return canvases, focus


def _session(fake: FakeImages, cache: Path, draft: bool = False) -> ImageSession:
    return open_session(cache_dir=cache, client=fake.client(), draft=draft)


def _project(product: bool = True) -> Project:
    project = example_project(PRESETS, ["en-US", "ja-JP", "ar-SA"], product=product)
    return with_overrides(project, "openai")


def test_one_generation_per_aspect_class_at_valid_sizes(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    project = _project(product=False)
    canvases, focus = _inputs(project)
    arts = make_art(project, canvases, focus, session=_session(fake_images, tmp_path))
    assert sorted(arts) == ["banner", "square", "story", "wide"]
    assert len(fake_images.seen) == 4  # 6 presets x 3 locales, 4 classes: 4 requests
    spec = load_image_settings().spec("gpt-image-2")
    for seen in fake_images.seen:
        assert seen.path.endswith("/generations")
        assert size_problem(spec, parse_size(seen.size)) is None
    for key, art in arts.items():
        assert (art.width_px, art.height_px) == canvases[key]  # cropped or extended, exactly
        assert art.provider == "openai" and art.crop == "salient" and not art.notice
    planned = plan_art_calls(project, load_image_settings())
    assert sorted(c.size for c in planned) == sorted(s.size for s in fake_images.seen)


def test_a_product_photo_is_placed_by_an_edit_and_kept_sharp(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    project = _project()
    canvases, focus = _inputs(project)
    box = (700, 480, 1100, 880)
    focus["square"] = focus["square"].model_copy(update={"product_box": box})
    arts = make_art(project, canvases, focus, session=_session(fake_images, tmp_path))
    edits = fake_images.calls("/edits")
    assert len(edits) == 4 and not fake_images.calls("/generations")
    for seen in edits:  # the staged product and its mask, at the requested size
        assert seen.files["image"] == seen.files["mask"] == [parse_size(seen.size)]
    square = arts["square"]
    assert square.product_box == box
    cutout = load_rgba(str(project.brief.product.image), (400, 400))
    opaque = np.asarray(cutout.getchannel("A")) == 255
    shown = np.asarray(square.image().crop(box))
    assert (shown[opaque] == np.asarray(cutout.convert("RGB"))[opaque]).all()


def test_draft_uses_the_light_model_at_its_sizes(fake_images: FakeImages, tmp_path: Path) -> None:
    project = _project(product=False)
    make_art(project, *_inputs(project), session=_session(fake_images, tmp_path, draft=True))
    assert {s.fields["model"] for s in fake_images.seen} == {"gpt-image-1-mini"}
    assert {s.fields["quality"] for s in fake_images.seen} == {"low"}
    assert {s.size for s in fake_images.seen} <= {"1024x1024", "1536x1024", "1024x1536"}


def test_a_rebuild_calls_nothing_and_gets_the_same_art(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    project = _project()
    first = make_art(project, *_inputs(project), session=_session(fake_images, tmp_path))
    session = _session(fake_images, tmp_path)
    again = make_art(project, *_inputs(project), session=session)
    assert len(fake_images.seen) == 4 and session.usage.requests_sent == 0
    assert {k: a.rgb for k, a in first.items()} == {k: a.rgb for k, a in again.items()}


def test_a_refused_class_falls_back_and_says_so(fake_images: FakeImages, tmp_path: Path) -> None:
    project = _project(product=False)
    fake_images.refuse = lambda seen: "story" in seen.prompt
    session = _session(fake_images, tmp_path)
    arts = make_art(project, *_inputs(project), session=session)
    assert arts["story"].provider == "procedural"
    assert "safety system" in arts["story"].notice and "story" in arts["story"].notice
    assert all(a.provider == "openai" for k, a in arts.items() if k != "story")
    assert session.usage.refused == 1


def test_a_gateway_answering_another_size_still_fits(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    project = _project(product=False)
    canvases, focus = _inputs(project)
    original = fake_images._image

    def smaller(seen, files):  # type: ignore[no-untyped-def]
        png = original(seen, files)
        img = Image.open(io.BytesIO(png)).resize((512, 512))
        out = io.BytesIO()
        img.save(out, format="PNG")
        return out.getvalue()

    fake_images._image = smaller  # type: ignore[method-assign]
    arts = make_art(project, canvases, focus, session=_session(fake_images, tmp_path))
    assert all((a.width_px, a.height_px) == canvases[k] for k, a in arts.items())
