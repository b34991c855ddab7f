"""`text_mode: model`: the model draws the copy, it is read back, repainted, or typeset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assetpack.imagegen.batch import draw_all_model_text
from assetpack.imagegen.model_text import draw_model_text, gate_verifier
from assetpack.imagegen.session import ImageSession, open_session
from assetpack.imagegen.text_request import AREAS_HEADER, text_areas
from assetpack.imagegen.text_result import Verdict, provider_checks, text_free
from assetpack.layout import LayoutPlan
from assetpack.render import render

from .conftest import example_plans
from .images_server import FakeImages


@pytest.fixture(scope="module")
def square() -> tuple[LayoutPlan, Image.Image]:
    (plan,), arts = example_plans(["instagram/feed-square"], ["en-US"])
    return plan, render(text_free(plan), arts["square"])


def _session(fake: FakeImages, tmp_path: Path, **options: float) -> ImageSession:
    return open_session(cache_dir=tmp_path, client=fake.client(), **options)  # type: ignore[arg-type]


def _scripted(*verdicts: Verdict):  # type: ignore[no-untyped-def]
    left = list(verdicts)
    return lambda image: left.pop(0)


def test_drawn_copy_that_reads_back_is_the_model_s(
    fake_images: FakeImages, tmp_path: Path, square: tuple[LayoutPlan, Image.Image]
) -> None:
    plan, background = square
    result = draw_model_text(plan, background, _session(fake_images, tmp_path), gate_verifier(plan))
    assert (result.text_source, result.attempts) == ("model", 1)
    (seen,) = fake_images.seen
    assert seen.path.endswith("/edits") and seen.size == "1088x1088"
    assert seen.files["image"] == seen.files["mask"] == [(1088, 1088)]
    for block in plan.blocks:
        for line in block.lines:
            assert line.text in seen.prompt
    final = np.asarray(result.apply(background)).astype(int)
    changed = np.abs(final - np.asarray(background).astype(int)).sum(axis=2) > 0
    allowed = np.zeros_like(changed)
    for x0, y0, x1, y1 in text_areas(plan).values():
        allowed[y0:y1, x0:x1] = True
    assert changed.any() and not (changed & ~allowed).any()  # only text areas ever change


def test_misread_slots_are_repainted_alone(
    fake_images: FakeImages, tmp_path: Path, square: tuple[LayoutPlan, Image.Image]
) -> None:
    plan, background = square
    verifier = _scripted(
        Verdict(passed=False, wrong={"headline": "headline: read 'Haer', expected 'Hear'"}),
        Verdict(passed=True),
    )
    result = draw_model_text(plan, background, _session(fake_images, tmp_path), verifier)
    assert (result.text_source, result.attempts) == ("model", 2)
    first, repaint = fake_images.seen
    assert "read 'Haer', expected 'Hear'" in repaint.prompt and "Attempt 2" in repaint.prompt
    areas = repaint.prompt.split(AREAS_HEADER)[1]
    assert '"slot":"headline"' in areas and '"slot":"cta"' not in areas
    assert 0 < repaint.mask_holes < first.mask_holes  # only the headline is repainted


def test_copy_still_wrong_after_the_bound_falls_back_to_typeset(
    fake_images: FakeImages, tmp_path: Path, square: tuple[LayoutPlan, Image.Image]
) -> None:
    plan, background = square
    fake_images.text = "misspell"
    session = _session(fake_images, tmp_path)
    result = draw_model_text(plan, background, session, gate_verifier(plan))
    assert (result.text_source, result.attempts) == ("typeset-fallback", 3)
    assert len(fake_images.seen) == 3 and not result.patches
    assert "still wrong after 3 requests" in result.notice and "expected" in result.notice
    (check,) = provider_checks(None, result)
    assert (check.name, check.status, check.measured) == ("model_text", "warn", 3)


def test_unreadable_copy_is_not_repainted(
    fake_images: FakeImages, tmp_path: Path, square: tuple[LayoutPlan, Image.Image]
) -> None:
    plan, background = square
    verifier = _scripted(Verdict(passed=False, wrong={"cta": "no OCR engine"}, retry=False))
    result = draw_model_text(plan, background, _session(fake_images, tmp_path), verifier)
    assert (result.text_source, result.attempts) == ("typeset-fallback", 1)
    assert "cannot be verified by OCR" in result.notice


def test_a_refusal_types_the_copy_and_the_batch_goes_on(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    plans, arts = example_plans(["instagram/feed-square", "linkedin/banner"], ["en-US"])
    fake_images.refuse = lambda seen: "1584x396" in seen.prompt or seen.size == "1440x480"
    session = _session(fake_images, tmp_path)
    results = draw_all_model_text(
        plans, arts, session, lambda plan: lambda image: Verdict(passed=True)
    )
    banner = results[("linkedin/banner", "en-US")]
    assert banner.text_source == "typeset-fallback" and "safety system" in banner.notice
    assert results[("instagram/feed-square", "en-US")].text_source == "model"
    assert session.usage.refused == 1


def test_repaints_stop_at_the_budget(
    fake_images: FakeImages, tmp_path: Path, square: tuple[LayoutPlan, Image.Image]
) -> None:
    plan, background = square
    session = _session(fake_images, tmp_path, max_cost_usd=0.1)
    session.expect(0.1)  # the planned first attempt takes all of it
    verifier = _scripted(Verdict(passed=False, wrong={"cta": "cta: read 'Shp'"}))
    result = draw_model_text(plan, background, session, verifier)
    assert (result.text_source, result.attempts) == ("typeset-fallback", 1)
    assert "--max-cost" in result.notice and len(fake_images.seen) == 1


def test_a_rerun_is_served_from_the_cache(
    fake_images: FakeImages, tmp_path: Path, square: tuple[LayoutPlan, Image.Image]
) -> None:
    plan, background = square
    fake_images.text = "misspell-once"
    first = draw_model_text(plan, background, _session(fake_images, tmp_path), gate_verifier(plan))
    session = _session(fake_images, tmp_path)
    again = draw_model_text(plan, background, session, gate_verifier(plan))
    assert (first.text_source, first.attempts) == ("model", 2)
    assert again == first and session.usage.requests_sent == 0 and len(fake_images.seen) == 2
