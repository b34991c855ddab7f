"""The OCR round trip: read each drawn line back from the pixels and compare with the copy."""

from __future__ import annotations

from bidi import get_display
from PIL import Image

from assetpack.fonts import is_rtl_locale
from assetpack.layout.plan import Box, LayoutPlan, TextBlock, TextLine, box_union
from assetpack.verify.ocr import detect_script, engine_for
from assetpack.verify.report import Check, Status
from assetpack.verify.text_match import DEFAULT_THRESHOLDS, match

# Scripts whose installed engine misreads clean text too often for a mismatch to mean a
# defect: Tesseract's Arabic model failed 53 of 336 clean poster lines at any useful
# threshold (benchmarks/ocr_thresholds.py). A mismatch there is reported as unverified (a
# warning counted in the summary), never silently passed; glyph, fit and contrast checks
# still apply in full.
UNRELIABLE_SCRIPTS = frozenset({"arabic"})
SMALL_TEXT_PX = 20
SMALL_TEXT_SLACK = 0.1


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


def _reads_left_to_right(script: str) -> bool:
    return script not in ("arabic", "hebrew")


def _expected_forms(text: str, locale: str, script: str) -> list[str]:
    """What the engine may legitimately return: the logical text and, for a left-to-right
    engine reading a line of a right-to-left paragraph, the line in display order."""
    forms = [text]
    if is_rtl_locale(locale) and _reads_left_to_right(script):
        forms.append(get_display(text, base_dir="R"))
    return forms


def _thresholds(script: str, size_px: int) -> dict[str, float]:
    """Small text gets an edit budget of SMALL_TEXT_SLACK more: engines misread clean
    16-20 px text most (benchmarks/ocr_thresholds.py), and a human reads it anyway."""
    base = DEFAULT_THRESHOLDS.get(script, 1.0)
    return {script: base - SMALL_TEXT_SLACK if size_px < SMALL_TEXT_PX else base}


def _engine_key(text: str, locale: str) -> tuple[str, str]:
    """(script, locale to ask for) of the engine that should read `text`."""
    script = detect_script(text, locale)
    # Prices, percentages and numbers have no letters: RapidOCR reads digits best.
    letterless = not any(ch.isalpha() for ch in text)
    return script, "en" if letterless else locale


def _segments(line: TextLine, locale: str) -> list[tuple[str, Box, str, str]]:
    """The line cut where the engine that can read it changes: (text, box, script, locale).

    One engine reads one script well and garbles others ("© 2026 Lumen Audio." inside a
    Bengali legal line, "20%" inside Korean), so mixed lines are read piece by piece.
    """
    pieces: list[tuple[str, Box, str, str, str]] = []
    for run in line.runs:  # visual order, left to right
        if not run.text.strip() and pieces:
            continue
        script, ask = _engine_key(run.text, locale)
        engine = engine_for(script, ask)
        name = engine.name if engine is not None else f"none:{script}"
        if pieces and pieces[-1][4] == name:
            text, box, first_script, first_ask, _ = pieces[-1]
            joined = text + run.text if run.direction == "ltr" else run.text + text
            pieces[-1] = (joined, box_union([box, run.ink]) or box, first_script, first_ask, name)
        else:
            pieces.append((run.text, run.ink, script, ask, name))
    if len(pieces) == 1:
        script, ask = _engine_key(line.text, locale)
        return [(line.text, line.ink, script, ask)]
    return [(t.strip(), box, script, ask) for t, box, script, ask, _ in pieces if t.strip()]


def _line_checks(image: Image.Image, plan: LayoutPlan, block: TextBlock, index: int) -> list[Check]:
    line = block.lines[index]
    above = block.lines[index - 1].ink[3] if index > 0 else None
    below = block.lines[index + 1].ink[1] if index + 1 < len(block.lines) else None
    return [
        _read_check(image, plan.locale, ask, block, text, box, script, above, below)
        for text, box, script, ask in _segments(line, plan.locale)
    ]


def _read_check(
    image: Image.Image,
    locale: str,
    engine_locale: str,
    block: TextBlock,
    text: str,
    box: Box,
    script: str,
    above: int | None,
    below: int | None,
) -> Check:
    engine = engine_for(script, engine_locale)
    if engine is None:
        return Check(
            name="ocr",
            status="unverified",
            slot=block.slot,
            region=box,
            message=f"{block.slot}: no OCR engine installed reads {script}",
        )
    crop = _crop(image, box, max(4, block.size_px // 4), above, below)
    reading = engine.read_line(crop)
    thresholds = _thresholds(script, block.size_px)
    result = max(
        (
            match(form, reading.text, locale, script, thresholds)
            for form in _expected_forms(text, locale, script)
        ),
        key=lambda m: m.ned,
    )
    status: Status = "pass" if result.passed else "fail"
    message = ""
    if not result.passed:
        message = (
            f"{block.slot}: read {reading.text!r}, expected {text!r} "
            f"({engine.name}, similarity {result.ned:.2f} < {result.threshold:.2f})"
        )
        if script in UNRELIABLE_SCRIPTS:
            status = "unverified"
            message += "; this engine is too unreliable for a mismatch to fail the asset"
    return Check(
        name="ocr",
        status=status,
        slot=block.slot,
        region=box,
        measured=round(result.ned, 3),
        threshold=round(result.threshold, 3),
        message=message,
    )


def ocr_checks(plan: LayoutPlan, image: Image.Image) -> list[Check]:
    """One check per drawn line (per script within a line): recognition on known crops."""
    return [
        check
        for block in plan.blocks
        for index in range(len(block.lines))
        for check in _line_checks(image, plan, block, index)
    ]


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
