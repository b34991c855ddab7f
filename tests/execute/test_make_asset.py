"""make_asset hands the verifier the renderer's text coverage for typeset text only: the
pixels of model-drawn text are not the plan's glyphs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from assetpack.execute import AssetTask, tasks
from assetpack.execute.environment import task_files
from assetpack.imagegen.text_result import ModelText
from assetpack.render import render_with_coverage
from assetpack.verify.ocr import engine_for
from assetpack.verify.report import Check

from .conftest import Batch, make_batch


def _coverage_seen(
    task: AssetTask, batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> Image.Image | None:
    """The coverage make_asset passed to verify for `task`."""
    seen: list[Image.Image | None] = []

    def spy(*args: Any, coverage: Image.Image | None = None, **kwargs: Any) -> list[Check]:
        seen.append(coverage)
        return []

    monkeypatch.setattr(tasks, "verify", spy)
    tasks.make_asset(task, batch.arts)
    assert len(seen) == 1
    return seen[0]


def _poster(batch: Batch, locale: str = "en-US") -> AssetTask:
    return next(
        t
        for t in batch.tasks
        if t.plan.preset_id == "instagram/feed-square" and t.plan.locale == locale
    )


def _counting_renders(monkeypatch: pytest.MonkeyPatch, field: str = "preset_id") -> list[str]:
    """Each plan rendered from now on, named by `field`."""
    renders: list[str] = []
    real = tasks.render_with_coverage
    monkeypatch.setattr(
        tasks,
        "render_with_coverage",
        lambda plan, art: renders.append(getattr(plan, field)) or real(plan, art),
    )
    return renders


def test_typeset_text_is_verified_with_the_render_s_coverage(batch, monkeypatch):
    task = _poster(batch)
    coverage = _coverage_seen(task, batch, monkeypatch)
    assert coverage is not None
    art = batch.arts.get(task.art_key) if task.art_key else None
    expected = render_with_coverage(task.plan, art).coverage
    assert np.array_equal(np.asarray(coverage), np.asarray(expected))


@pytest.mark.parametrize("source", ["model", "typeset-fallback"])
def test_model_drawn_text_gets_no_coverage(batch, monkeypatch, source):
    text = ModelText(text_source=source, attempts=1)
    task = _poster(batch).model_copy(update={"model_text": text})
    coverage = _coverage_seen(task, batch, monkeypatch)
    assert (coverage is None) == (source == "model")


def _marketplace(batch: Batch, ocr: bool) -> list[AssetTask]:
    """The text-free marketplace image's tasks, en-US then ja-JP."""
    found = [t for t in batch.tasks if t.plan.preset_id == "amazon/main"]
    return [t.model_copy(update={"ocr": ocr}) for t in found]


def test_a_text_free_asset_is_made_once_and_is_what_each_locale_would_make(batch, monkeypatch):
    """A marketplace image draws the same pixels in every locale: the next locale gets the
    first one's file and checks under its own name (text detection, 0.3 s, runs once),
    exactly what making it would give."""
    en, ja = _marketplace(batch, ocr=True)
    engine = engine_for("latin", "en")
    assert engine is not None
    detections: list[tuple[int, int]] = []
    detect = engine.read_block
    monkeypatch.setattr(
        engine, "read_block", lambda image: detections.append(image.size) or detect(image)
    )
    renders = _counting_renders(monkeypatch, "locale")
    first, second = tasks.make_asset(en, batch.arts), tasks.make_asset(ja, batch.arts)
    assert renders == ["en-US"] and first.seconds and second.seconds == {}
    assert len(detections) == 1 and "marketplace" in second.record.checks
    assert second.record.path == "amazon/main__ja-JP.jpg" and second.record.locale == "ja-JP"
    made = tasks._draw(ja, batch.arts).outcome
    assert (second.data, second.thumbnail, second.record) == (
        made.data,
        made.thumbnail,
        made.record,
    )
    # Anything else in the task is another drawing; a poster's text differs by locale.
    tasks.make_asset(ja.model_copy(update={"ocr": False}), batch.arts)
    poster = _poster(batch)
    tasks.make_asset(poster, batch.arts)
    tasks.make_asset(_poster(batch, "ja-JP"), batch.arts)
    assert renders == ["en-US", "ja-JP", "ja-JP", "en-US", "ja-JP"]


@pytest.fixture(scope="module")
def twins() -> Batch:
    """The same 1080x1080 canvas on three platforms (SizePreset.canvas_key)."""
    presets = ["instagram/feed-square", "facebook/feed-square", "line/ad-square"]
    return make_batch(["en-US"], presets, ocr=True)


def test_twin_presets_get_one_drawing_filed_under_each_name(twins, monkeypatch):
    """Presets with the same canvas are laid out alike; the first draws and verifies it, the
    others get its file under their own name with their own file checks, exactly what
    drawing it again would give (LINE's 5 MB budget takes the same fast PNG)."""
    first, *others = twins.tasks
    unnamed = [task.plan.model_copy(update={"preset_id": ""}) for task in twins.tasks]
    assert unnamed[1:] == unnamed[:-1]
    renders = _counting_renders(monkeypatch)
    outcomes = [tasks.make_asset(task, twins.arts) for task in twins.tasks]
    assert renders == [first.preset.id]
    assert outcomes[0].seconds and all(o.seconds == {} for o in outcomes[1:])
    assert [o.record.path for o in outcomes] == [
        f"{task.preset.id}__en-US.png" for task in twins.tasks
    ]
    for task, outcome in zip(others, outcomes[1:], strict=True):
        drawn = tasks._draw(task, twins.arts).outcome
        assert (outcome.data, outcome.thumbnail, outcome.record) == (
            drawn.data,
            drawn.thumbnail,
            drawn.record,
        )
    line = next(o for o in outcomes if o.record.preset == "line/ad-square").record.details
    assert any(c.threshold == 5242880 for c in line), "LINE's own byte budget is checked"
    # The last twin took the drawing, so nothing keeps it: asked again, it is drawn again.
    assert [task.twin for task in twins.tasks] == [(1, 3), (2, 3), (3, 3)]
    before = len(renders)
    tasks.make_asset(twins.tasks[0], twins.arts)
    assert renders[before:] == [first.preset.id]


def test_a_poster_without_twins_is_not_kept(batch, monkeypatch):
    poster = _poster(batch)
    assert poster.twin is None
    renders = _counting_renders(monkeypatch)
    tasks.make_asset(poster, batch.arts)
    tasks.make_asset(poster, batch.arts)
    assert renders == ["instagram/feed-square"] * 2


@pytest.mark.parametrize(
    "rules",
    [{"max_bytes": 100_000}, {"formats": ["jpeg", "png"]}],
    ids=["tighter budget", "jpeg first"],
)
def test_a_twin_whose_file_differs_is_drawn_again(twins, monkeypatch, rules):
    """The file is shared only where encoding would make the same one: the first format's
    fast pass, within this preset's budget. Otherwise the pixels are drawn again."""
    first, twin = twins.tasks[0], twins.tasks[1]
    twin = twin.model_copy(update={"preset": twin.preset.model_copy(update=rules)})
    assert twin.preset.canvas_key() == first.preset.canvas_key()
    renders = _counting_renders(monkeypatch)
    made = tasks.make_asset(first, twins.arts)
    other = tasks.make_asset(twin, twins.arts)
    assert renders == [first.preset.id, twin.preset.id]
    assert other.data != made.data and other.seconds
    assert other.record == tasks._draw(twin, twins.arts).outcome.record


def test_twins_asking_out_of_order_share_one_drawing(twins, monkeypatch):
    """With several workers the last twin may ask first: the drawing is dropped only once
    every twin has taken it."""
    renders = _counting_renders(monkeypatch)
    last, first, middle = twins.tasks[2], twins.tasks[0], twins.tasks[1]
    for task in (last, first, middle):
        tasks.make_asset(task, twins.arts)
    assert renders == [last.preset.id]
    tasks.make_asset(first, twins.arts)  # all three took it: gone
    assert renders == [last.preset.id, first.preset.id]


def test_a_text_free_image_under_a_tight_budget_is_made_once(batch, monkeypatch):
    """Where its file needs more than the fast pass, the next locale still gets it: the
    same preset's rules give the same file."""
    en, ja = _marketplace(batch, ocr=False)
    made = tasks._draw(en, batch.arts)
    assert made.encoded.first_pass
    budget = len(made.encoded.data) * 3 // 4
    en, ja = (
        t.model_copy(update={"preset": t.preset.model_copy(update={"max_bytes": budget})})
        for t in (en, ja)
    )
    renders = _counting_renders(monkeypatch, "locale")
    first, second = tasks.make_asset(en, batch.arts), tasks.make_asset(ja, batch.arts)
    assert renders == ["en-US"] and not tasks._draw(ja, batch.arts).encoded.first_pass
    assert second.data == first.data == tasks._draw(ja, batch.arts).outcome.data


def test_a_drawing_is_keyed_by_the_state_of_every_file_it_reads(twins, monkeypatch):
    """Fonts, product and logo, as the asset cache keys them: a long-lived worker notices a
    file replaced between builds."""
    stamped: list[str] = []
    stamp = tasks.file_stamp
    monkeypatch.setattr(tasks, "file_stamp", lambda path: stamped.append(path) or stamp(path))
    task = twins.tasks[0]
    tasks._drawing_key(task, twins.arts)
    assert sorted(stamped) == task_files([task])
    assert any(path.endswith((".ttf", ".otf")) for path in stamped)
