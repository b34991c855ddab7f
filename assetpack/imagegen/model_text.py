"""Copy drawn by the model (`text_mode: model`), read back, repainted, or typeset after all.

For one asset: the model paints every text area of the text-free asset in one edit; a
verifier (the OCR gate) reads the result back; slots it misread are repainted with another
edit masked to just those areas, up to `max_text_attempts` requests in all. If the copy is
still wrong, the model refuses, or the budget runs out, the asset falls back to assetpack's
own typesetting over the same text-free background. Every outcome says how its text was made
and after how many requests.
"""

from __future__ import annotations

import io

from PIL import Image

from assetpack.imagegen.fit import Box
from assetpack.imagegen.session import BudgetExceeded, ImageRefused, ImageSession
from assetpack.imagegen.sizes import request_size
from assetpack.imagegen.text_request import merge_answer, png_bytes, text_areas, text_request
from assetpack.imagegen.text_result import ModelText, TextPatch, Verdict, Verifier
from assetpack.layout.plan import LayoutPlan


def gate_verifier(plan: LayoutPlan) -> Verifier:
    """The verification gate's pixel checks of text as a verifier: the OCR round trip, and
    contrast (the model may not keep the color it was asked for), so drawn copy the gate
    would fail is repainted or typeset instead of failing the pack. A line no installed
    engine can read counts as wrong and not worth a repaint: unverified text never ships."""
    from assetpack.verify.ocr_check import ocr_checks
    from assetpack.verify.pixel_checks import contrast_checks

    def verify(image: Image.Image) -> Verdict:
        found = [*ocr_checks(plan, image), *contrast_checks(plan, image)]
        checks = [c for c in found if c.status in ("fail", "unverified")]
        wrong: dict[str, str] = {}
        for check in checks:
            wrong[check.slot] = "; ".join(filter(None, (wrong.get(check.slot), check.message)))
        unreadable = any(check.status == "unverified" for check in checks)
        return Verdict(passed=not checks, wrong=wrong, retry=not unreadable)

    return verify


def draw_model_text(
    plan: LayoutPlan, background: Image.Image, session: ImageSession, verifier: Verifier
) -> ModelText:
    """The model's copy on `background` (the asset rendered without text), verified; or the
    fallback verdict. The first request is the one `assetpack plan` counts; repaints are
    extra and only made while the --max-cost budget allows."""
    areas = text_areas(plan)
    if not areas:
        return ModelText(text_source="typeset-fallback", attempts=0, notice="no text to draw")
    spec, quality = session.settings.choice("text")
    shape = (spec.name, quality, request_size(spec, (plan.width_px, plan.height_px)))
    image, slots = background.convert("RGB"), list(areas)
    wrong: dict[str, str] = {}
    max_attempts = session.settings.max_text_attempts
    for attempt in range(1, max_attempts + 1):
        request, where = text_request(plan, image, slots, shape, wrong, attempt)
        try:
            answer = session.run(request, extra=attempt > 1)
        except ImageRefused as exc:
            session.note_refusal()
            return _fallback(attempt, f"{exc}; its copy is typeset instead")
        except BudgetExceeded as exc:
            return _fallback(attempt - 1, f"{exc}; its copy is typeset instead")
        with Image.open(io.BytesIO(answer.png)) as drawn:
            image = merge_answer(image, drawn.convert("RGB"), where, [areas[s] for s in slots])
        verdict = verifier(image)
        if verdict.passed:
            return ModelText(text_source="model", attempts=attempt, patches=_patches(image, areas))
        wrong = {slot: what for slot, what in verdict.wrong.items() if slot in areas}
        slots = list(wrong) or list(areas)
        if not verdict.retry:
            return _fallback(attempt, _wrong_notice(wrong, attempt, "cannot be verified by OCR"))
    return _fallback(max_attempts, _wrong_notice(wrong, max_attempts, "still wrong"))


def _fallback(attempts: int, notice: str) -> ModelText:
    return ModelText(text_source="typeset-fallback", attempts=attempts, notice=notice)


def _wrong_notice(wrong: dict[str, str], attempts: int, why: str) -> str:
    detail = "; ".join(wrong.values()) or "text did not read back"
    plural = "s" if attempts != 1 else ""
    return f"model-drawn copy {why} after {attempts} request{plural} ({detail}); typeset instead"


def _patches(image: Image.Image, areas: dict[str, Box]) -> list[TextPatch]:
    return [TextPatch(box=box, png=png_bytes(image.crop(box))) for box in areas.values()]
