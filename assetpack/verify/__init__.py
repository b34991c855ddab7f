"""Verify: independent checks of every asset, on the plan and on the pixels."""

from __future__ import annotations

from PIL import Image

from assetpack.config import BrandKit, SizePreset
from assetpack.layout.plan import LayoutPlan
from assetpack.verify.brand_checks import brand_checks
from assetpack.verify.ocr_check import no_text_check, ocr_checks
from assetpack.verify.pixel_checks import canvas_check, contrast_checks, marketplace_checks
from assetpack.verify.plan_checks import plan_checks
from assetpack.verify.report import Check, Status, failed, summarize

__all__ = ["Check", "Status", "failed", "summarize", "verify"]


def verify(
    plan: LayoutPlan,
    image: Image.Image,
    preset: SizePreset,
    kit: BrandKit,
    *,
    ocr: bool = True,
    coverage: Image.Image | None = None,
) -> list[Check]:
    """Every check of one rendered asset; file checks come after encoding (see file_checks).

    coverage: the text coverage `render_with_coverage` drew with `image`, which spares the
    OCR check drawing the plan's text again; None (files from disk, model-drawn text) draws
    it from the plan.
    """
    checks = [canvas_check(plan, image), *plan_checks(plan), *contrast_checks(plan, image)]
    checks += brand_checks(plan, kit)
    checks += marketplace_checks(preset, image)
    if ocr:
        checks += ocr_checks(plan, image, coverage=coverage)
        if preset.text == "none":
            checks.append(no_text_check(image))
    return checks
