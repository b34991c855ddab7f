"""Golden images: one small poster per script, compared with a tolerance.

Run `pytest tests/render --update-goldens` after an intended rendering change, look at the
new PNGs, and commit them. On a mismatch the actual, expected and diff images are saved in
the test's temporary folder (the failure message names it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assetpack.art import make_art
from assetpack.build_tasks import art_inputs
from assetpack.config import load_catalog
from assetpack.layout import lay_out_preset
from assetpack.render import render

GOLDEN = Path(__file__).parent / "golden"
PRESET = "google-display/300x250"
LOCALES = ["en-US", "vi-VN", "zh-CN", "zh-TW", "ja-JP", "ko-KR", "hi-IN", "bn-BD", "ar-SA", "th-TH"]
# Font or FreeType updates move edges by a pixel; a broken shape, a lost glyph or a moved
# block changes far more than this.
MAX_MEAN_DIFF = 1.5
MAX_CHANGED_SHARE = 0.01


@pytest.fixture(scope="module")
def rendered(example_project, example_copies, typesetter):
    preset = next(p for p in load_catalog() if p.id == PRESET)
    product = str(example_project.brief.product.image)
    plans = lay_out_preset(preset, example_copies, example_project.kit, typesetter, product)
    arts = make_art(example_project, *art_inputs([preset], {preset.id: plans}))
    return {loc: render(plans[loc], arts.get(preset.aspect_class)) for loc in LOCALES}


@pytest.mark.parametrize("locale", LOCALES)
def test_matches_golden(rendered, locale, request, tmp_path):
    actual = rendered[locale]
    golden = GOLDEN / f"{locale}.png"
    if request.config.getoption("--update-goldens") or not golden.exists():
        actual.save(golden, optimize=True)
        if not request.config.getoption("--update-goldens"):
            pytest.fail(f"no golden image yet; wrote {golden}: look at it and commit it")
        return
    expected = Image.open(golden).convert("RGB")
    assert expected.size == actual.size
    diff = np.abs(np.asarray(actual, dtype=np.int16) - np.asarray(expected, dtype=np.int16))
    mean = float(diff.mean())
    changed = float((diff.max(axis=2) > 32).mean())
    if mean > MAX_MEAN_DIFF or changed > MAX_CHANGED_SHARE:
        actual.save(tmp_path / "actual.png")
        expected.save(tmp_path / "expected.png")
        Image.fromarray((diff.max(axis=2) * 4).clip(0, 255).astype(np.uint8)).save(
            tmp_path / "diff.png"
        )
        pytest.fail(
            f"{locale}: mean difference {mean:.2f}, {changed:.2%} of pixels changed; see {tmp_path}"
        )
