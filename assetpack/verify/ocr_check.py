"""The OCR round trip: read each drawn line back from the pixels and compare with the copy."""

from __future__ import annotations

from dataclasses import dataclass

from bidi import get_display
from PIL import Image
from rapidfuzz.distance import Levenshtein

from assetpack.fonts import is_rtl_locale
from assetpack.layout.plan import Box, LayoutPlan, TextBlock, TextLine, TextRun, box_union
from assetpack.verify import ocr_reference
from assetpack.verify.ocr import OcrEngine, OcrReading, detect_script, engine_for, engines_for
from assetpack.verify.report import Check, Status
from assetpack.verify.text_match import DEFAULT_THRESHOLDS, match, normalize

# Scripts whose installed engine misreads clean text too often for a mismatch to mean a
# defect: Tesseract's Arabic model failed 53 of 336 clean poster lines at any useful
# threshold (benchmarks/ocr_thresholds.py). A mismatch there is reported as unverified (a
# warning counted in the summary), never silently passed; glyph, fit and contrast checks
# still apply in full.
UNRELIABLE_SCRIPTS = frozenset({"arabic"})
# Tesseract's Thai model reads modern loopless Thai faces (Noto Sans Thai) poorly below this
# size: correct CTA and badge text came back two characters off (ช้อปเลย as ซ้อปเลข, ลด as aa).
UNRELIABLE_BELOW_PX = {"thai": 24}
SMALL_TEXT_PX = 20
# Where one misread character is within what the engine does to clean text: Tesseract
# confuses Thai ช/ซ and Vietnamese stacked tone marks (ề/ể) on correct posters, and every
# engine misreads single characters below SMALL_TEXT_PX. A one-character difference there is
# reported as unverified (a counted warning), two or more still fail.
NOISY_SCRIPTS = frozenset({"thai"})
# Tesseract splits Thai ช into ขซ in correct text (ช้อปเลย read ขซ้อปเลย): two edits.
NOISE_EDITS = {"thai": 2}
NOISY_LANGUAGES = frozenset({"vi"})
SMALL_TEXT_SLACK = 0.1
# Text detection's memory grows with the pixels: at 1024 px it took 308 MB more for the
# moment it ran, at 768 px 177 MB (RapidOCR's own default works at 736). Text a shopper can
# read where the image is shown (a few hundred pixels wide) is still 15 px or more here.
NO_TEXT_DETECT_PX = 768


def _crop_box(
    image: Image.Image,
    margin_px: int,
    above: int | None,
    below: int | None,
    piece: _Piece,
) -> Box:
    """The text with a margin, cut short of neighbouring ink (lines above and below, other
    pieces of the same line) so none of it leaks into the reading."""
    x0, y0, x1, y1 = piece.box
    top = max(0, y0 - margin_px)
    if above is not None:
        top = max(top, (above + y0) // 2)
    bottom = min(image.height, y1 + margin_px)
    if below is not None:
        bottom = min(bottom, (below + y1 + 1) // 2)
    left = max(0, x0 - margin_px, piece.left_px if piece.left_px is not None else 0)
    right = min(image.width, x1 + margin_px)
    if piece.right_px is not None:
        right = min(right, piece.right_px)
    return (left, top, right, bottom)


def _within_engine_noise(expected: str, read: str, locale: str, script: str, size_px: int) -> bool:
    noisy = (
        script in NOISY_SCRIPTS
        or locale.split("-")[0] in NOISY_LANGUAGES
        or size_px < SMALL_TEXT_PX
    )
    edits = Levenshtein.distance(normalize(expected, locale), normalize(read, locale))
    return noisy and edits <= NOISE_EDITS.get(script, 1)


def _reads_left_to_right(script: str) -> bool:
    return script not in ("arabic", "hebrew")


def _expected_forms(text: str, locale: str, script: str) -> list[str]:
    """What the engine may legitimately return: the logical text and, for a left-to-right
    engine reading a line of a right-to-left paragraph, the line in display order."""
    forms = [text]
    if is_rtl_locale(locale) and _reads_left_to_right(script):
        forms.append(get_display(text, base_dir="R"))
    return forms


def thresholds_for(script: str, size_px: int) -> dict[str, float]:
    """Small text gets an edit budget of SMALL_TEXT_SLACK more: engines misread clean
    16-20 px text most (benchmarks/ocr_thresholds.py), and a human reads it anyway."""
    base = DEFAULT_THRESHOLDS.get(script, 1.0)
    return {script: base - SMALL_TEXT_SLACK if size_px < SMALL_TEXT_PX else base}


@dataclass(frozen=True)
class _Piece:
    """A stretch of a line read by one engine, and how far its crop may reach sideways."""

    text: str
    box: Box
    script: str
    engine_locale: str
    runs: tuple[TextRun, ...]
    left_px: int | None = None
    right_px: int | None = None

    @property
    def key(self) -> ocr_reference.RunsKey:
        return ocr_reference.runs_key(self.runs)


def _piece(text: str, box: Box, locale: str, runs: tuple[TextRun, ...]) -> _Piece:
    script = detect_script(text, locale)
    # Prices, percentages and numbers have no letters: RapidOCR reads digits best.
    letterless = not any(ch.isalpha() for ch in text)
    return _Piece(text, box, script, "en" if letterless else locale, runs)


@dataclass(frozen=True)
class _Joined:
    """A block's lines set as one line: what its shared reference reading is judged as."""

    piece: _Piece  # the block's text, script and engine; runs: every line's
    key: ocr_reference.RunsKey


def _joined(block: TextBlock, locale: str) -> _Joined | None:
    """The block as one line, for one reference reading of its text that every preset
    shares however it breaks the lines (a square breaking a headline in three lines and a
    story in two read it once, not five times); None for a block of one line, with
    right-to-left runs, or whose lines do not join back into its text (a hyphen added at a
    break, a line break in the copy): those are read line by line."""
    if len(block.lines) < 2:
        return None
    runs = tuple(run for line in block.lines for run in line.runs)
    breaks = _breaks(block)
    if breaks is None or any(run.direction != "ltr" for run in runs):
        return None
    key = ocr_reference.joined_key([line.runs for line in block.lines], breaks)
    ink = block.ink or block.box
    return _Joined(_piece(block.text, ink, locale, runs), key)


def _breaks(block: TextBlock) -> list[str] | None:
    """What the text has between each line and the next (whitespace or nothing), or None if
    the lines are not the text cut at whitespace or between letters."""
    breaks, at = [], 0
    for number, line in enumerate(block.lines):
        if number:
            gap = len(block.text[at:]) - len(block.text[at:].lstrip())
            breaks.append(block.text[at : at + gap])
            at += gap
        if not block.text.startswith(line.text, at):
            return None
        at += len(line.text)
    return breaks if at == len(block.text) else None


def _engine_name(piece: _Piece) -> str:
    engine = engine_for(piece.script, piece.engine_locale)
    return engine.name if engine is not None else f"none:{piece.script}"


def _segments(line: TextLine, locale: str) -> list[_Piece]:
    """The line cut where the engine that can read it changes.

    One engine reads one script well and garbles others ("© 2026 Lumen Audio." inside a
    Bengali legal line, "20%" inside Korean), so such lines can be read piece by piece.
    """
    pieces: list[_Piece] = []
    for run in line.runs:  # visual order, left to right
        if not run.text.strip():
            continue
        piece = _piece(run.text, run.ink, locale, (run,))
        if pieces and _engine_name(pieces[-1]) == _engine_name(piece):
            last = pieces[-1]
            text = last.text + run.text if run.direction == "ltr" else run.text + last.text
            merged = box_union([last.box, run.ink]) or last.box
            runs = (*last.runs, run)
            pieces[-1] = _Piece(text, merged, last.script, last.engine_locale, runs)
        else:
            pieces.append(piece)
    # A crop may reach sideways only halfway to its neighbour's ink.
    bounded = []
    for i, piece in enumerate(pieces):
        left = (pieces[i - 1].box[2] + piece.box[0]) // 2 if i > 0 else None
        right = (piece.box[2] + pieces[i + 1].box[0]) // 2 if i + 1 < len(pieces) else None
        text = piece.text.strip()
        bounded.append(
            _Piece(text, piece.box, piece.script, piece.engine_locale, piece.runs, left, right)
        )
    return bounded


def _worst(checks: list[Check]) -> float:
    return min(float(c.measured) if isinstance(c.measured, (int, float)) else 0.0 for c in checks)


def _line_checks(
    proof: ocr_reference.Proof, block: TextBlock, index: int, joined: _Joined | None = None
) -> list[Check]:
    """The line passes if it reads right whole or, when it mixes engines, piece by piece
    (each is an honest reading); if neither does, the better of the two failures is kept.

    Readings of the asset's pixels are the expensive ones, so they come last: the block's
    reference as one line (`joined`), the whole line's, then the pieces, then the whole line
    from the asset.
    """
    line = block.lines[index]
    above = block.lines[index - 1].ink[3] if index > 0 else None
    below = block.lines[index + 1].ink[1] if index + 1 < len(block.lines) else None

    def crop(piece: _Piece) -> Box:
        return _crop_box(proof.image, max(4, block.size_px // 4), above, below, piece)

    whole = _piece(line.text, line.ink, proof.plan.locale, tuple(line.runs))
    fast = _reference_check(proof, block, whole, crop(whole), joined)
    if fast is not None:
        return [fast]
    pieces = _segments(line, proof.plan.locale)
    if len(pieces) < 2:
        return [_asset_check(proof, block, whole, crop(whole))]
    parts = [
        _reference_check(proof, block, p, crop(p)) or _asset_check(proof, block, p, crop(p))
        for p in pieces
    ]
    if all(c.status == "pass" for c in parts):
        return parts
    read = [_asset_check(proof, block, whole, crop(whole))]
    if read[0].status == "pass" or _worst(read) >= _worst(parts):
        return read
    return parts


def _asset_check(proof: ocr_reference.Proof, block: TextBlock, piece: _Piece, crop: Box) -> Check:
    """The piece read from the asset's own pixels, inside `crop`."""
    engine = engine_for(piece.script, piece.engine_locale)
    if engine is None:
        return Check(
            name="ocr",
            status="unverified",
            slot=block.slot,
            region=piece.box,
            message=f"{block.slot}: no OCR engine installed reads {piece.script}",
        )
    return _judge(engine, engine.read_line(proof.image.crop(crop)), proof.plan, block, piece)


def _reference_check(
    proof: ocr_reference.Proof,
    block: TextBlock,
    piece: _Piece,
    crop: Box,
    joined: _Joined | None = None,
) -> Check | None:
    """A pass from the fast path (ocr_reference.py), or None: it never fails a line.

    The asset must show exactly the piece's glyphs; then the reference readings are tried,
    the block's as one line first (`joined`: its runs are the piece's and its neighbours',
    drawn the same way), then the piece's own. The block gets one reading, by its script's
    engine at the first reference size, and it must match the block's text with no edit at
    all: the edit budget of a script's threshold grows with the length, and a block's budget
    could be spent in one short line. The other sizes and second-opinion engines are for
    the piece's own reference, which any other outcome falls back to.
    """
    if engine_for(piece.script, piece.engine_locale) is None:
        return None
    if not proof.shows_exactly(block, piece.runs, crop):
        return None
    engine = engine_for(joined.piece.script, joined.piece.engine_locale) if joined else None
    if joined is not None and engine is not None:
        reading = next(ocr_reference.reference_readings(engine, joined.key, block.size_px))
        check = _judge(engine, reading, proof.plan, block, joined.piece, reference=True, exact=True)
        if check.status == "pass":
            return check.model_copy(update={"region": piece.box})
    for engine in engines_for(piece.script, piece.engine_locale):
        for reading in ocr_reference.reference_readings(engine, piece.key, block.size_px):
            check = _judge(engine, reading, proof.plan, block, piece, reference=True)
            if check.status == "pass":
                return check
    return None


def _judge(
    engine: OcrEngine,
    reading: OcrReading,
    plan: LayoutPlan,
    block: TextBlock,
    piece: _Piece,
    *,
    reference: bool = False,
    exact: bool = False,
) -> Check:
    """The check of one reading against the piece's text. A reference reading may pass with
    the engine's known confusions folded (text_match.ENGINE_CONFUSIONS), and says so.
    `exact`: no edit is allowed, whatever the script's threshold."""
    script, text, box, locale = piece.script, piece.text, piece.box, plan.locale
    thresholds = {script: 1.0} if exact else thresholds_for(script, block.size_px)
    result = max(
        (
            match(form, reading.text, locale, script, thresholds, confusions=folded)
            for form in _expected_forms(text, locale, script)
            for folded in ((False, True) if reference else (False,))
        ),
        key=lambda m: (m.passed, not m.folded, m.ned),
    )
    status: Status = "pass" if result.passed else "fail"
    message = ""
    if result.passed and result.folded:
        message = (
            f"{block.slot}: read {reading.text!r} for {text!r} from the line's reference "
            f"rendering ({engine.name} confuses these letters in clean text)"
        )
    if not result.passed:
        message = (
            f"{block.slot}: read {reading.text!r}, expected {text!r} "
            f"({engine.name}, similarity {result.ned:.2f} < {result.threshold:.2f})"
        )
        if script in UNRELIABLE_SCRIPTS or block.size_px < UNRELIABLE_BELOW_PX.get(script, 0):
            status = "unverified"
            message += "; this engine is too unreliable for a mismatch to fail the asset"
        elif _within_engine_noise(text, reading.text, locale, script, block.size_px):
            status = "unverified"
            message += "; within what this engine misreads in clean text too"
    return Check(
        name="ocr",
        status=status,
        slot=block.slot,
        region=box,
        measured=round(result.ned, 3),
        threshold=round(result.threshold, 3),
        message=message,
    )


def ocr_checks(
    plan: LayoutPlan, image: Image.Image, *, coverage: Image.Image | None = None
) -> list[Check]:
    """One check per drawn line (per script within a line): recognition on known crops.

    coverage: the renderer's text coverage of `image` (render_with_coverage), or None to
    draw it from the plan; only the image drawn from this very plan may pass one.
    """
    proof = ocr_reference.Proof(plan, image, coverage)
    checks = []
    for block in plan.blocks:
        joined = _joined(block, plan.locale)
        for index in range(len(block.lines)):
            checks += _line_checks(proof, block, index, joined)
    return checks


def _detect(engine: OcrEngine, image: Image.Image, scale: float) -> list[OcrReading]:
    """Lines of two or more characters detected with confidence 0.5 or more, boxes in the
    coordinates of `image` scaled by `scale`."""
    small = image
    if scale < 1.0:
        # Detection on the full 2000 px marketplace image took the worker to 1 GB.
        size = (round(image.width * scale), round(image.height * scale))
        small = image.resize(size, Image.Resampling.LANCZOS)
    found = engine.read_block(small)
    return [r for r in found if len(r.text.strip()) >= 2 and r.confidence >= 0.5]


def no_text_check(image: Image.Image) -> Check:
    """Presets that forbid text: detection over the whole image must find none.

    RapidOCR's detection finds text of any script, so every locale's image is looked at the
    same way, and equal pixels get equal checks (a text-free asset is made once for all
    locales, execute/tasks.py)."""
    engine = engine_for("latin", "en")
    if engine is None:
        return Check(
            name="marketplace",
            status="unverified",
            slot="text",
            message="no OCR engine to confirm the image has no text",
        )
    scale = min(1.0, NO_TEXT_DETECT_PX / max(image.size))
    found = _detect(engine, image, scale)
    words = ", ".join(repr(r.text) for r in found[:3])
    box = found[0].box if found else None
    if box is not None:
        box = (
            round(box[0] / scale),
            round(box[1] / scale),
            round(box[2] / scale),
            round(box[3] / scale),
        )
    return Check(
        name="marketplace",
        status="fail" if found else "pass",
        slot="text",
        region=box,
        measured=len(found),
        threshold=0,
        message=f"text found on a no-text image: {words}" if found else "",
    )
