"""make_asset hands the verifier the renderer's text coverage for typeset text only: the
pixels of model-drawn text are not the plan's glyphs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from assetpack.execute import AssetTask, tasks
from assetpack.imagegen.text_result import ModelText
from assetpack.memo import SharedLru
from assetpack.render import render_with_coverage
from assetpack.verify.ocr import engine_for
from assetpack.verify.report import Check

from .conftest import Batch


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


def _poster(batch: Batch) -> AssetTask:
    return next(t for t in batch.tasks if t.plan.preset_id == "instagram/feed-square")


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


def test_a_text_free_asset_is_made_once_and_is_what_each_locale_would_make(batch, monkeypatch):
    """A marketplace image draws the same pixels in every locale: the next locale gets the
    first one's file and checks under its own name (text detection, 0.3 s, runs once),
    exactly what making it would give."""
    monkeypatch.setattr(tasks, "_TEXT_FREE", SharedLru(8))
    en, ja = (
        t.model_copy(update={"ocr": True}) for t in batch.tasks if t.plan.preset_id == "amazon/main"
    )
    engine = engine_for("latin", "en")
    assert engine is not None
    detections: list[tuple[int, int]] = []
    detect = engine.read_block
    monkeypatch.setattr(
        engine, "read_block", lambda image: detections.append(image.size) or detect(image)
    )
    renders: list[str] = []
    real = tasks.render_with_coverage
    monkeypatch.setattr(
        tasks,
        "render_with_coverage",
        lambda plan, art: renders.append(plan.locale) or real(plan, art),
    )
    first, second = tasks.make_asset(en, batch.arts), tasks.make_asset(ja, batch.arts)
    assert renders == ["en-US"] and first.seconds and second.seconds == {}
    assert len(detections) == 1 and "marketplace" in second.record.checks
    assert second.record.path == "amazon/main__ja-JP.jpg" and second.record.locale == "ja-JP"
    made = tasks._make(ja, batch.arts)
    assert (second.data, second.thumbnail, second.record) == (
        made.data,
        made.thumbnail,
        made.record,
    )
    # Anything else in the task is another asset; a poster is made every time it is asked for.
    tasks.make_asset(ja.model_copy(update={"ocr": False}), batch.arts)
    poster = _poster(batch)
    tasks.make_asset(poster, batch.arts)
    tasks.make_asset(poster, batch.arts)
    assert renders == ["en-US", "ja-JP", "ja-JP", "en-US", "en-US"]
