"""A fast path for the OCR round trip: read a line once, then prove each asset shows it.

Reading a line costs an engine 15-50 ms, and a build draws the same line in many assets
(every preset of a locale, each at its own size). So every stretch of a line is proved in
two independent halves:

1. **It reads right.** Its runs (same text, faces, direction and language) are drawn alone,
   black on white, and read by the same engine. That reading depends only on the runs and
   the size they are drawn at, so it is made once per process and reused: every preset of
   a locale that breaks the line the same way shares it. Text of REFERENCE_MIN_PX or more
   is drawn at REFERENCE_SIZES[0]: engines read every line at one height (RapidOCR scales
   the ink to 48 px, Tesseract to 36-64 px), so a line set at 24 or 120 px and its 64 px
   reference look alike to them. Smaller text, where hinting and antialiasing shape the
   letters, is drawn at its own size: the same rasterization as in the asset, colour aside.
   An engine's reading of clean text changes with the scale (Tesseract reads a bold Thai
   CTA right at 48 px and wrong at 64), so a misread reference is read again at the other
   REFERENCE_SIZES, and by the script's second-opinion engines (ocr.engines_for): the
   rendering is the copy by construction, so any right reading shows the glyphs spell it.
2. **The asset shows exactly those glyphs.** Which pixels the glyphs cover comes from the
   renderer, which draws each block's mask once and paints through it; an image without
   that mask (a file from disk, model-drawn text) has its runs redrawn at their planned
   places with the renderer's own `draw_runs`. Every pixel they fully cover must have the
   text colour, and no pixel the plan's text does not touch may have it. A misspelling, a
   dropped vowel sign, something drawn over the text or a glyph cut by the canvas edge
   breaks one of the two.

Only a pass is taken from this path. When either half fails, the asset's own crop is read
as before, so the fast path can make the gate faster but never more lenient.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from assetpack.config.base import hex_to_rgb
from assetpack.config.bitmaps import as_rgb
from assetpack.files import atomic_write
from assetpack.fonts import pil_font
from assetpack.installation import fingerprint
from assetpack.layout.plan import Box, LayoutPlan, TextBlock, TextRun, box_union
from assetpack.memo import SharedLru
from assetpack.render.draw import DrawFonts, draw_runs
from assetpack.verify.ocr import OcrEngine, OcrReading

REFERENCE_SIZES = (64, 48, 96)
# Below this, text is read at its own size; the small-text slack of the OCR check starts here.
REFERENCE_MIN_PX = 20
# Colour distance (sum over RGB) within which a pixel outside the glyphs counts as text ink.
STRAY_DISTANCE = 24
# Text-coloured pixels outside the planned glyphs allowed, as a share of the glyphs' solid
# pixels: a stray dot of ink in a busy background is fine, a letter is not (the thinnest
# glyph of a line is several percent of its solid pixels).
STRAY_SHARE = 0.002
CACHE_SIZE = 4096

RunsKey = tuple[tuple[str, object, str, str], ...]


def reference_sizes(size_px: int) -> tuple[int, ...]:
    """The sizes a line set at `size_px` is drawn at for its reference readings, in order."""
    return REFERENCE_SIZES if size_px >= REFERENCE_MIN_PX else (size_px,)


def runs_key(runs: Sequence[TextRun]) -> RunsKey:
    """What a reference rendering depends on: the runs' text, faces, direction, language.

    Neighbouring left-to-right runs of one face and language are one run here: the layout
    cuts runs at break opportunities (between words or clusters), where shaping them apart
    or together gives the same glyphs, so "what " + "matters." and "what matters." share
    a reading. Right-to-left runs stand in visual order and are kept apart.
    """
    return joined_key([runs], [])


def joined_key(lines: Sequence[Sequence[TextRun]], breaks: Sequence[str]) -> RunsKey:
    """The key of `lines` set as one line, with what each line break took out of the text
    (a space, or nothing after a hyphen or in CJK) put back between them; see `runs_key`."""
    merged: list[tuple[str, object, str, str]] = []
    for runs, before in zip(lines, ["", *breaks], strict=True):
        for index, run in enumerate(runs):
            text = before + run.text if index == 0 else run.text  # where the line before ended
            attributes = (run.face, run.direction, run.language)
            if merged and run.direction == "ltr" and merged[-1][1:] == attributes:
                merged[-1] = (merged[-1][0] + text, *attributes)
            else:
                merged.append((text, *attributes))
    return tuple(merged)


class Proof:
    """One asset's pixels and where its plan's text covers them, shared by every line's check.

    The coverage is the renderer's by-product when it drew the image (render_with_coverage);
    otherwise (a file from disk, model-drawn text) it is drawn here once with the renderer's
    own `draw_runs`, all blocks at their planned places.
    """

    def __init__(
        self, plan: LayoutPlan, image: Image.Image, coverage: Image.Image | None = None
    ) -> None:
        if coverage is not None and (coverage.mode, coverage.size) != ("L", image.size):
            raise ValueError(
                f"coverage must be an 'L' image of {image.size}, "
                f"not {coverage.mode!r} {coverage.size}"
            )
        self.plan = plan
        self.image = image
        self._coverage = coverage

    @property
    def coverage(self) -> Image.Image:
        """255 where the plan's glyphs fully cover a pixel, 0 where they do not touch it."""
        if self._coverage is None:
            mask = Image.new("L", self.image.size, 0)
            draw = ImageDraw.Draw(mask)
            fonts = DrawFonts()
            for block in self.plan.blocks:
                for line in block.lines:
                    draw_runs(draw, line.runs, block.size_px, 255, fonts=fonts)
            self._coverage = mask
        return self._coverage

    def _arrays(self, box: Box) -> tuple[np.ndarray, np.ndarray]:
        """Coverage and RGB pixels of `box` only. Converting a whole 1080x1920 canvas took
        16-17 ms; a line's crop takes under 0.1 ms, and all the crops of one poster's lines
        about 1.3 ms."""
        pixels = np.asarray(as_rgb(self.image.crop(box)))
        return np.asarray(self.coverage.crop(box)), pixels

    def shows_exactly(self, block: TextBlock, runs: Sequence[TextRun], crop: Box) -> bool:
        """True if every pixel the plan's glyphs fully cover inside the runs' ink box has the
        block's colour, and no pixel of `crop` the plan's text does not touch has it."""
        ink = box_union([run.ink for run in runs])
        if ink is None or ink[0] < 0 or ink[1] < 0:
            return False  # cut by the canvas edge: the asset's own reading decides
        if ink[2] > self.image.width or ink[3] > self.image.height:
            return False
        crop = _clamped(crop, self.image.size)
        both = box_union([ink, crop]) or ink
        coverage, pixels = self._arrays(both)
        color = hex_to_rgb(block.color)
        x0, y0, x1, y1 = _within(ink, both)
        solid = coverage[y0:y1, x0:x1] == 255
        if not solid.any() or (pixels[y0:y1, x0:x1][solid] != np.array(color, np.uint8)).any():
            return False
        x0, y0, x1, y1 = _within(crop, both)
        region = pixels[y0:y1, x0:x1].astype(np.int16)
        # Channel by channel: numpy sums over a last axis of 3 slowly (0.5 ms a line, not 0.06).
        distance = sum(np.abs(region[:, :, k] - color[k]) for k in range(3))
        stray = (coverage[y0:y1, x0:x1] == 0) & (distance <= STRAY_DISTANCE)
        return int(np.count_nonzero(stray)) <= STRAY_SHARE * int(np.count_nonzero(solid))


def _clamped(box: Box, size: tuple[int, int]) -> Box:
    """`box` cut to the canvas: a crop never reads beyond the image's pixels."""
    return (max(0, box[0]), max(0, box[1]), min(size[0], box[2]), min(size[1], box[3]))


def _within(box: Box, outer: Box) -> Box:
    """`box` in the coordinates of `outer`'s crop."""
    return (box[0] - outer[0], box[1] - outer[1], box[2] - outer[0], box[3] - outer[1])


def reference_image(key: RunsKey, size_px: int) -> Image.Image:
    """The runs drawn alone, black on white, at `size_px` with their natural advances."""
    fonts = [pil_font(face, size_px) for _, face, _, _ in key]  # type: ignore[arg-type]
    advances = [
        font.getlength(text, direction=direction, language=language)
        for font, (text, _, direction, language) in zip(fonts, key, strict=True)
    ]
    pad = max(4, size_px // 2)
    width = round(sum(advances)) + 2 * pad
    image = Image.new("L", (max(1, width), 2 * size_px + 2 * pad), 255)
    draw = ImageDraw.Draw(image)
    x = float(pad)
    for font, advance, (text, _, direction, language) in zip(fonts, advances, key, strict=True):
        baseline = pad + size_px * 1.3
        draw.text(
            (round(x), round(baseline)),
            text,
            font=font,
            fill=0,
            anchor="ls",
            direction=direction,
            language=language,
        )
        x += advance
    return image


class _Readings:
    """Reference readings per (engine, runs, size), least recently used dropped first, each
    made once by whichever thread asks first; with a folder, also on disk, so later builds
    share them."""

    def __init__(self, size: int) -> None:
        self._memo: SharedLru[tuple[str, RunsKey, int], OcrReading] = SharedLru(size)
        self.folder: Path | None = None

    def get(self, engine: OcrEngine, runs: RunsKey, size_px: int) -> OcrReading:
        key = (engine.name, runs, size_px)
        return self._memo.get(key, lambda: self._read(engine, key))

    def _read(self, engine: OcrEngine, key: tuple[str, RunsKey, int]) -> OcrReading:
        _, runs, size_px = key
        path = self._path(key)
        stored = self._stored(path)
        if stored is not None:
            return stored
        reading = engine.read_line(reference_image(runs, size_px).convert("RGB"))
        self._store(path, reading)
        return reading

    def _path(self, key: tuple[str, RunsKey, int]) -> Path | None:
        if self.folder is None:
            return None
        engine, runs, size_px = key
        canonical = json.dumps(
            {
                "installation": fingerprint(),
                "engine": engine,
                "size": size_px,
                "runs": [[text, repr(face), d, lang] for text, face, d, lang in runs],
            },
            sort_keys=True,
            default=str,
        )
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def _stored(self, path: Path | None) -> OcrReading | None:
        if path is None:
            return None
        try:
            data = json.loads(path.read_bytes())
            return OcrReading(str(data["text"]), float(data["confidence"]), str(data["engine"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _store(self, path: Path | None, reading: OcrReading) -> None:
        if path is None:
            return
        entry = {"text": reading.text, "confidence": reading.confidence, "engine": reading.engine}
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            atomic_write(path, json.dumps(entry, ensure_ascii=False).encode())


_READINGS = _Readings(CACHE_SIZE)


def share_readings(folder: Path | None) -> None:
    """Keep reference readings in `folder` as well (None: in this process only). A reading
    depends only on the runs, the size and the installation, which its file name hashes."""
    _READINGS.folder = folder


def reference_readings(engine: OcrEngine, key: RunsKey, size_px: int) -> Iterator[OcrReading]:
    """What `engine` reads in the reference renderings of the runs of `key` (`runs_key`,
    `joined_key`) set at `size_px`, one size at a time (each read once per process)."""
    for px in reference_sizes(size_px):
        yield _READINGS.get(engine, key, px)
