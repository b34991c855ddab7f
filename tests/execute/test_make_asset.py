"""make_asset hands the verifier the renderer's text coverage for typeset text only: the
pixels of model-drawn text are not the plan's glyphs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from assetpack.execute import AssetTask, tasks
from assetpack.imagegen.text_result import ModelText
from assetpack.render import render_with_coverage
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
