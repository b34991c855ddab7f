"""The OCR round trip: read each drawn line back from the pixels and compare with the copy."""

from __future__ import annotations

from PIL import Image

from assetpack.layout.plan import Box, LayoutPlan
from assetpack.verify.ocr import detect_script, engine_for
from assetpack.verify.report import Check
from assetpack.verify.text_match import match


def _crop(
    image: Image.Image, box: Box, margin_px: int, above: int | None, below: int | None
) -> Image.Image:
    """The line with a margin, cut short of the neighbouring lines' ink so none leaks in."""
    x0, y0, x1, y1 = box
    top = max(0, y0 - margin_px)
    if above is not None:
        top = max(top, (above + y0) // 2)
    bottom = min(image.height, y1 + margin_px)
    if below is not None:
        bottom = min(bottom, (below + y1 + 1) // 2)
    return image.crop((max(0, x0 - margin_px), top, min(image.width, x1 + margin_px), bottom))


def ocr_checks(plan: LayoutPlan, image: Image.Image) -> list[Check]:
    """One check per drawn line: recognition on the known crop, no page-wide detection."""
    out = []
    for block in plan.blocks:
        for index, line in enumerate(block.lines):
            above = block.lines[index - 1].ink[3] if index > 0 else None
            below = block.lines[index + 1].ink[1] if index + 1 < len(block.lines) else None
            script = detect_script(line.text, plan.locale)
            engine = engine_for(script, plan.locale)
            if engine is None:
                out.append(
                    Check(
                        name="ocr",
                        status="unverified",
                        slot=block.slot,
                        region=line.ink,
                        message=f"{block.slot}: no OCR engine installed reads {script}",
                    )
                )
                continue
            crop = _crop(image, line.ink, max(4, block.size_px // 4), above, below)
            reading = engine.read_line(crop)
            result = match(line.text, reading.text, plan.locale, script)
            out.append(
                Check(
                    name="ocr",
                    status="pass" if result.passed else "fail",
                    slot=block.slot,
                    region=line.ink,
                    measured=round(result.ned, 3),
                    threshold=result.threshold,
                    message=""
                    if result.passed
                    else f"{block.slot}: read {reading.text!r}, expected {line.text!r} "
                    f"({engine.name}, similarity {result.ned:.2f} < {result.threshold})",
                )
            )
    return out


def no_text_check(image: Image.Image, locale: str) -> Check:
    """Presets that forbid text: detection over the whole image must find none."""
    engine = engine_for("latin", locale)
    if engine is None:
        return Check(
            name="marketplace",
            status="unverified",
            slot="text",
            message="no OCR engine to confirm the image has no text",
        )
    found = [
        r for r in engine.read_block(image) if len(r.text.strip()) >= 2 and r.confidence >= 0.5
    ]
    words = ", ".join(repr(r.text) for r in found[:3])
    return Check(
        name="marketplace",
        status="fail" if found else "pass",
        slot="text",
        region=found[0].box if found else None,
        measured=len(found),
        threshold=0,
        message=f"text found on a no-text image: {words}" if found else "",
    )
