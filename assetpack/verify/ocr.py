"""OCR engines that read poster text back for the verification gate.

Chosen by measurement (benchmarks/ocr_thresholds.py): RapidOCR's PP-OCRv6 small (models inside
its wheel) reads Latin, Chinese and Japanese, recognition only on a line crop (~20 ms a line).
Lines are read by that model run directly with onnxruntime (line_recognizer.py), RapidOCR's
own steps: the same text and confidence on 2,894 poster lines, without the 0.5 s that
importing RapidOCR cost each process (first reading 1.03 -> 0.46 s from process start).
RapidOCR itself loads only for ``read_block`` (detection over a whole image, for the no-text
check), and shares the recognition model.
Tesseract, through libtesseract's C API with a loaded handle per language (~15 ms; a process
per line costs 40-100 ms), reads Hangul, Devanagari, Bengali, Arabic and Thai, which PP-OCRv6
cannot, and Vietnamese, whose stacked diacritics PP-OCRv6 drops. Engines load lazily, once
per process, and never download: a missing model or pack makes ``engine_for`` answer None.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import os
import threading
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import util as importlib_util
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image, ImageOps

from assetpack.fonts.scripts import locale_script
from assetpack.native import load_library

# fmt: off
SCRIPTS = (
    "latin", "han_sc", "han_tc", "japanese", "hangul", "devanagari", "bengali", "arabic", "thai"
)
# fmt: on


@dataclass(frozen=True)
class OcrReading:
    """What one engine read in one image region; ``box`` is (left, top, right, bottom) px."""

    text: str
    confidence: float
    engine: str
    box: tuple[int, int, int, int] | None = None


class OcrEngine(Protocol):
    name: str

    def read_line(self, image: Image.Image) -> OcrReading: ...

    def read_block(self, image: Image.Image) -> list[OcrReading]: ...


# Letters (and script-specific digits) per script, as code point ranges. Punctuation, ASCII
# digits and symbols belong to no script, so "¥12,800" or "50%" do not outvote the words.
_SCRIPT_RANGES = """
latin 0041-005A 0061-007A 00C0-024F 1E00-1EFF FF21-FF3A FF41-FF5A
arabic 0600-06FF 0750-077F 08A0-08FF FB50-FDFF FE70-FEFF
devanagari 0900-097F A8E0-A8FF
bengali 0980-09FF
thai 0E00-0E7F
hangul 1100-11FF 3130-318F A960-A97F AC00-D7AF D7B0-D7FF
kana 3040-30FF 31F0-31FF FF66-FF9F
han 3005-3007 3400-4DBF 4E00-9FFF F900-FAFF 20000-3134F
"""
_RANGES = sorted(
    (int(lo, 16), int(hi, 16), line.split()[0])
    for line in _SCRIPT_RANGES.strip().splitlines()
    for lo, hi in (span.split("-") for span in line.split()[1:])
)
_STARTS = [start for start, _, _ in _RANGES]


def _char_script(ch: str) -> str | None:
    i = bisect.bisect_right(_STARTS, ord(ch)) - 1
    if i >= 0 and _RANGES[i][0] <= ord(ch) <= _RANGES[i][1]:
        return _RANGES[i][2]
    return None


def _locale_parts(locale: str) -> tuple[str, set[str]]:
    language, *rest = locale.replace("_", "-").lower().split("-")
    return language, set(rest)


def _han_script(locale: str) -> str:
    language, subtags = _locale_parts(locale)
    if language == "ja":
        return "japanese"
    if language == "zh" and "hans" not in subtags and subtags & {"hant", "tw", "hk", "mo"}:
        return "han_tc"
    return "han_sc"


@functools.lru_cache(maxsize=4096)
def detect_script(text: str, locale: str) -> str:
    """The script key most of ``text``'s non-Latin letters are in; Han follows ``locale``.

    Latin counts only when no other script is present. Han and kana count together, as
    Japanese is written with both: any kana makes the string Japanese, otherwise the locale
    picks Simplified, Traditional or Japanese. Text without letters ("₩129,000") is "latin".
    """
    scripts = [script for script in map(_char_script, text) if script is not None]
    counts = Counter("cjk" if script in ("han", "kana") else script for script in scripts)
    if not counts:
        # Prices and percentages alone: tesseract's kor/hin/tha models misread them, RapidOCR
        # reads them exactly (benchmarks/ocr_thresholds.py).
        return "latin"
    # Latin letters in a Korean or Hindi line are brand names, which the engines for those
    # scripts read too; the Latin engine reads no Hangul or Devanagari. So the other wins.
    best = max(counts, key=lambda k: (k != "latin", counts[k]))
    if best != "cjk":
        return best
    if "kana" in scripts:
        return "japanese"
    return _han_script(locale)


def _otsu_threshold(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    weight, mass = np.cumsum(hist), np.cumsum(hist * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mass[-1] * weight - mass * weight[-1]) ** 2 / (weight * (weight[-1] - weight))
    return int(np.nanargmax(between))


def prepare_line(image: Image.Image, *, ink_height_px: int | None = None) -> Image.Image:
    """Grey, dark-on-light, trimmed to its ink with a margin, optionally rescaled.

    Poster text is often light on dark, but both engines read dark-on-light best; the ground
    is whichever Otsu class dominates the crop's border. Trimming matters because recognisers
    scale the whole crop to a fixed height, so empty margins would shrink the letters.
    """
    gray = np.asarray(ImageOps.grayscale(image.convert("RGB")), dtype=np.uint8)
    if gray.size == 0 or gray.max() == gray.min():
        return Image.fromarray(np.full((32, 32), 255, np.uint8))
    light = gray > _otsu_threshold(gray)
    border = np.concatenate([light[0], light[-1], light[:, 0], light[:, -1]])
    if border.mean() < 0.5:
        gray, light = 255 - gray, ~light
    rows, cols = np.nonzero(~light)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    # Stretch so the ink is black and the ground white, however low the contrast was.
    ink, ground = np.percentile(gray[~light], 10), np.percentile(gray[light], 90)
    span = max(float(ground - ink), 1.0)
    gray = np.clip((gray.astype(np.float32) - ink) * (255.0 / span), 0, 255).astype(np.uint8)
    line = Image.fromarray(gray[top:bottom, left:right])
    if ink_height_px is not None and line.height != ink_height_px:
        width_px = max(1, round(line.width * ink_height_px / line.height))
        line = line.resize((width_px, ink_height_px), Image.Resampling.LANCZOS)
    margin = max(4, line.height // 4)
    return ImageOps.expand(line, border=margin, fill=255)


_RAPIDOCR_DET, _RAPIDOCR_REC = "PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"
_RAPIDOCR_MODELS = (_RAPIDOCR_DET, _RAPIDOCR_REC)
# Lines are padded to at least this width-to-height ratio before recognition: RapidOCR's
# 320:48 padded "Shop now" to three times its width and took 28 ms for it; at 96:48 it takes
# 14 ms and reads the same (a long line, 42 ms, is not padded either way).
_REC_IMG_SHAPE = (3, 48, 96)


def _rapidocr_models() -> Path | None:
    # find_spec locates the package without importing it (importing it takes 0.5 s).
    spec = importlib_util.find_spec("rapidocr")
    return Path(spec.origin).parent / "models" if spec and spec.origin else None


def _rapidocr_available() -> bool:
    # RapidOCR downloads a missing model on first use; the gate must never touch the network.
    models = _rapidocr_models()
    return models is not None and all((models / m).is_file() for m in _RAPIDOCR_MODELS)


def _rapidocr_pipeline(rec_session: Any = None) -> Any:
    """RapidOCR itself, for detection plus recognition over a whole image (``read_block``).

    ``rec_session``: an onnxruntime session of the recognition model for RapidOCR to use
    (its ``Rec.session`` hook) instead of loading a second copy, 36 MB.
    """
    from omegaconf import flag_override
    from rapidocr import RapidOCR  # 0.5 s: only the no-text check of a build needs it

    pipeline = RapidOCR(
        params={
            "Global.log_level": "error",
            # One onnxruntime thread per run: parallelism comes from the build's threads,
            # and each run spinning a thread per core would oversubscribe the machine.
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Rec.rec_img_shape": list(_REC_IMG_SHAPE),
        }
    )
    if rec_session is not None:
        # RapidOCR's config holds only plain values unless told otherwise.
        with flag_override(pipeline.cfg, "allow_objects", True):
            pipeline.cfg.Rec.session = rec_session
    return pipeline


class RapidOcrEngine:
    """PP-OCRv6 small, RapidOCR's models; one instance per process (model load ~0.08 s).

    ``read_line`` runs the recognition model directly (line_recognizer: RapidOCR's steps
    without its 0.5 s import), ``read_block`` RapidOCR itself, loaded on first use.
    """

    name = "rapidocr"

    def __init__(self) -> None:
        from assetpack.verify.line_recognizer import LineRecognizer  # onnxruntime, OpenCV

        models = _rapidocr_models()
        if models is None:
            raise FileNotFoundError("rapidocr is not installed")
        _, height, min_width = _REC_IMG_SHAPE
        self._recognizer = LineRecognizer(models / _RAPIDOCR_REC, min_ratio=min_width / height)
        # Typed Any: what a call returns depends on its use_det/use_rec flags.
        self._pipeline: Any = None
        # RapidOCR keeps use_det/use_rec as instance state, so its pipeline runs one image at
        # a time; lines are read without it, by any number of threads at once.
        self._lock = threading.Lock()

    def read_line(self, image: Image.Image) -> OcrReading:
        gray = np.asarray(prepare_line(image))
        text, confidence = self._recognizer.read(gray)
        return OcrReading(text.strip(), confidence, self.name)

    def read_block(self, image: Image.Image) -> list[OcrReading]:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = _rapidocr_pipeline(self._recognizer.session)
            out = self._pipeline(image.convert("RGB"), use_det=True, use_cls=False, use_rec=True)
        if out.txts is None or out.boxes is None:
            return []
        readings = []
        for text, score, quad in zip(out.txts, out.scores, np.asarray(out.boxes), strict=True):
            (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
            box = (int(x0), int(y0), int(x1), int(y1))
            readings.append(OcrReading(text.strip(), float(score), self.name, box))
        return readings


# The libtesseract C API calls we use: name, return type, arguments (pointer, char *, int, void)
_TESS_API = """
TessBaseAPICreate p
TessBaseAPIInit3 i p c c
TessBaseAPISetVariable i p c c
TessBaseAPISetPageSegMode - p i
TessBaseAPISetImage - p c i i i i
TessBaseAPISetSourceResolution - p i
TessBaseAPIGetUTF8Text p p
TessBaseAPIGetTsvText p p i
TessBaseAPIMeanTextConf i p
TessBaseAPIDelete - p
TessDeleteText - p
"""
_CTYPES = {"p": ctypes.c_void_p, "c": ctypes.c_char_p, "i": ctypes.c_int, "-": None}


class _LibTesseract:
    """libtesseract's C API with its signatures declared, so ctypes cannot guess them wrong."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        for line in _TESS_API.strip().splitlines():
            fn_name, restype, *argtypes = line.split()
            fn = getattr(lib, fn_name)
            fn.restype, fn.argtypes = _CTYPES[restype], [_CTYPES[a] for a in argtypes]
            setattr(self, fn_name[4:], fn)

    def __getattr__(self, name: str) -> Any:  # only for mypy: __init__ set the real ones
        raise AttributeError(name)

    def take_text(self, ptr: int | None) -> str:
        if not ptr:
            return ""
        try:
            return ctypes.string_at(ptr).decode("utf-8", "replace")
        finally:
            self.DeleteText(ptr)


TESSERACT_SONAMES = ("libtesseract.so.5", "libtesseract.so.4", "libtesseract.so")


@functools.cache
def _load_libtesseract() -> _LibTesseract | None:
    # Tesseract's OpenMP threads spin against each other and onnxruntime: on 2 cores a line
    # took ~100 ms with them and ~15 ms without. libgomp reads this when it is loaded.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    lib = load_library(TESSERACT_SONAMES, "tesseract")
    try:
        return _LibTesseract(lib) if lib is not None else None
    except AttributeError:  # not the C API we declare
        return None


class TesseractEngine:
    """One loaded libtesseract handle for one language pack, e.g. ``kor`` or ``hin``."""

    def __init__(self, lib: _LibTesseract, language: str) -> None:
        self.name = f"tesseract:{language}"
        self._lib = lib
        self._lock = threading.Lock()  # a TessBaseAPI handle is not thread-safe
        self._handle = lib.BaseAPICreate()
        if lib.BaseAPIInit3(self._handle, None, language.encode()) != 0:
            lib.BaseAPIDelete(self._handle)
            raise FileNotFoundError(f"tesseract language pack {language!r} is not installed")
        # Tesseract prints "Empty page!!" and the like to stderr; a report is no place for it.
        lib.BaseAPISetVariable(self._handle, b"debug_file", os.devnull.encode())
        # The handle is deleted (its destructor calls End()) when nothing holds the engine any
        # more, or at exit: a build that unloads the engines must not pull a handle from under
        # a thread still reading with it.
        self._finalizer = weakref.finalize(self, lib.BaseAPIDelete, self._handle)

    def _set_image(self, image: Image.Image, page_seg_mode: int) -> None:
        gray = image.convert("L")
        self._lib.BaseAPISetPageSegMode(self._handle, page_seg_mode)
        self._lib.BaseAPISetImage(self._handle, gray.tobytes(), *gray.size, 1, gray.width)
        # Without a resolution tesseract guesses one from the text size and says so on stderr.
        self._lib.BaseAPISetSourceResolution(self._handle, 300)

    def read_line(self, image: Image.Image) -> OcrReading:
        # LSTM tesseract reads best at ~20-30 px x-height, about 48 px from the top of the ink
        # to the bottom. Now and then a line at one scale comes back empty (Arabic did, 1 in
        # 20); another scale then reads it, so try two more before believing it.
        best = OcrReading("", 0.0, self.name)
        for ink_height_px in (48, 36, 64):
            reading = self._read_prepared(prepare_line(image, ink_height_px=ink_height_px))
            best = max(best, reading, key=lambda r: r.confidence)
            if best.text and best.confidence >= 0.75:
                break
        return best

    def _read_prepared(self, line: Image.Image) -> OcrReading:
        # PSM 7: the image is a single text line. Its layout analysis now and then finds no
        # text in a clean line (the Arabic تقييم, at every scale); PSM 13 reads the image as
        # one raw line without that analysis, and read those.
        for page_seg_mode in (7, 13):
            with self._lock:
                self._set_image(line, page_seg_mode)
                text = self._lib.take_text(self._lib.BaseAPIGetUTF8Text(self._handle))
                confidence = self._lib.BaseAPIMeanTextConf(self._handle) / 100.0
            text = " ".join(text.split())
            if text:
                return OcrReading(text, max(0.0, confidence), self.name)
        return OcrReading("", 0.0, self.name)

    def read_block(self, image: Image.Image) -> list[OcrReading]:
        with self._lock:
            self._set_image(image, 11)  # PSM 11: sparse text anywhere, as on a poster
            tsv = self._lib.take_text(self._lib.BaseAPIGetTsvText(self._handle, 0))
            text = self._lib.take_text(self._lib.BaseAPIGetUTF8Text(self._handle))
        return _tsv_lines(tsv, text, self.name)


def _tsv_lines(tsv: str, text: str, engine: str) -> list[OcrReading]:
    """One reading per text line: boxes from tesseract's TSV words, text from its plain output.

    The plain output spaces words properly; TSV calls each Hangul or Thai syllable a word.
    """
    lines: dict[str, list[list[str]]] = {}
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():  # level 5: a word
            lines.setdefault("/".join(cols[1:5]), []).append(cols)
    texts = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if len(texts) != len(lines):
        texts = [" ".join(cols[11].strip() for cols in words) for words in lines.values()]
    readings = []
    for line_text, words in zip(texts, lines.values(), strict=True):
        x, y, w, h = np.array([[int(v) for v in cols[6:10]] for cols in words]).T
        box = (int(x.min()), int(y.min()), int((x + w).max()), int((y + h).max()))
        confidence = sum(float(cols[10]) for cols in words) / len(words) / 100.0
        readings.append(OcrReading(line_text, max(0.0, confidence), engine, box))
    return readings


# Tesseract packs per engine slot, best first (benchmarks/ocr_thresholds.py). "+eng" reads
# the Latin brand names in a Korean, Arabic or Thai line at no cost to the rest; for Bengali
# it garbled clean lines, so ben reads alone. The Devanagari script model (Debian package
# tesseract-ocr-script-deva) reads Latin too, and read prices that hin could not.
# fmt: off
_TESSERACT_PACKS = {
    "hangul": ("kor+eng", "kor"), "devanagari": ("Devanagari", "hin+eng", "hin"),
    "bengali": ("ben",), "arabic": ("ara+eng", "ara"), "thai": ("tha+eng", "tha"),
    "vietnamese": ("vie",),
}
# Second opinions, asked only where the first engine misreads a line's reference rendering
# (ocr_reference.py), never the asset: Tesseract's script models (Debian's
# tesseract-ocr-script-*) are trained on more faces and read the bold Thai ช (tha: ซ) and
# the currency sign ر.س. that tha and ara misread at every size; ara alone keeps Latin
# guesses ("log,") out of all-Arabic words, where ara+eng made them.
_SECOND_OPINIONS = {"arabic": ("ara", "Arabic"), "thai": ("tha", "Thai")}
# fmt: on
_RAPIDOCR_SCRIPTS = ("latin", "han_sc", "han_tc", "japanese")

_engines: dict[str, OcrEngine | None] = {}
_engines_lock = threading.Lock()


def _forget_engines() -> None:
    # A forked child must not reuse the parent's onnxruntime threads or tesseract handles.
    global _engines_lock
    _engines.clear()
    _engines_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_engines)


def _engine_slot(script: str, locale: str) -> str | None:
    if script == "latin" and _locale_parts(locale)[0] == "vi":
        return "vietnamese"  # PP-OCRv6 drops Vietnamese's stacked diacritics
    if script in _RAPIDOCR_SCRIPTS:
        return "rapidocr"
    return script if script in _TESSERACT_PACKS else None


def tessdata_dirs() -> list[Path]:
    """Where Debian and source builds put Tesseract's language packs, those that exist."""
    prefix = Path(os.environ.get("TESSDATA_PREFIX", "/usr/local/share/tessdata"))
    return [d for d in (prefix, *Path("/usr/share").glob("tesseract-ocr/*/tessdata")) if d.is_dir()]


def _tessdata_has(pack: str) -> bool:
    # Asking libtesseract for a missing pack prints an error on stderr, so look first where
    # Debian and source builds put packs; if none of those exists, let tesseract decide.
    dirs = tessdata_dirs()
    files = [f"{language}.traineddata" for language in pack.split("+")]
    return not dirs or any(all((d / f).is_file() for f in files) for d in dirs)


def _tesseract(pack: str) -> OcrEngine | None:
    lib = _load_libtesseract()
    if lib is None or not _tessdata_has(pack):
        return None
    try:
        return TesseractEngine(lib, pack)
    except FileNotFoundError:
        return None


def _build(slot: str) -> OcrEngine | None:
    if slot == "rapidocr":
        return RapidOcrEngine() if _rapidocr_available() else None
    return next(filter(None, map(_tesseract, _TESSERACT_PACKS[slot])), None)


def engine_for(script: str, locale: str) -> OcrEngine | None:
    """The engine that reads ``script`` as written in ``locale``, or None if none is installed."""
    slot = _engine_slot(script, locale)
    with _engines_lock:
        if slot is not None and slot not in _engines:
            _engines[slot] = _build(slot)
        return _engines.get(slot) if slot is not None else None


def own_engine(locale: str) -> str | None:
    """The engine only `locale`'s own script needs: the Tesseract pack that reads it (with
    that pack's second opinions), e.g. "hangul" for ko-KR; None where RapidOCR reads the
    script, as it reads every locale's prices and digits too."""
    slot = _engine_slot(locale_script(locale), locale)
    return slot if slot != "rapidocr" else None


def release_engines(slot: str | None = None) -> None:
    """Forget the engines of one slot (an `own_engine`), or every loaded engine (about
    0.24 GB with all scripts' models and language packs): each is freed as soon as nothing
    else holds it, and the next `engine_for` loads its engine again."""
    with _engines_lock:
        for key in list(_engines):
            if slot is None or key == slot or key.startswith(f"{slot}/"):
                del _engines[key]


def engines_for(script: str, locale: str) -> Iterator[OcrEngine]:
    """``engine_for``'s engine, then the installed second opinions for the script, each
    loaded only when the one before it has been asked and did not do (40 MB for Arabic's
    two, which most builds never need)."""
    first = engine_for(script, locale)
    if first is None:
        return
    yield first
    slot = _engine_slot(script, locale)
    for pack in _SECOND_OPINIONS.get(slot or "", ()):
        key = f"{slot}/{pack}"
        with _engines_lock:
            if key not in _engines:
                _engines[key] = _tesseract(pack)
            engine = _engines[key]
        if engine is not None and engine.name != first.name:
            yield engine


def available_engines() -> dict[str, str]:
    """Script key -> engine name for every script an installed engine reads (default locale).

    Vietnamese is Latin read by ``tesseract:vie``: ask ``engine_for("latin", "vi")`` for it.
    """
    engines = {script: engine_for(script, "") for script in SCRIPTS}
    return {script: engine.name for script, engine in engines.items() if engine is not None}
