"""OCR engines that read poster text back for the verification gate.

Two engines cover the project's scripts, chosen by measurement (benchmarks/ocr_thresholds.py):

- RapidOCR (PP-OCRv6 small, ONNX models shipped inside the wheel) reads Latin, Simplified and
  Traditional Chinese and Japanese. Lines use its recognition model alone, which is ~15 ms
  instead of ~150 ms with detection.
- Tesseract, through libtesseract's C API, reads Hangul, Devanagari, Bengali, Arabic and Thai
  (which PP-OCRv6 cannot read) and Vietnamese (PP-OCRv6 drops its stacked diacritics). A
  handle per language stays loaded, so a line costs ~15 ms instead of ~60 ms for a
  ``tesseract`` process that reloads its model each time.

Engines are built lazily, once per process, and never download anything: if a model or a
language pack is missing, ``engine_for`` answers None and the caller reports "unverified".
"""

from __future__ import annotations

import atexit
import bisect
import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from importlib import util as importlib_util
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image, ImageOps

SCRIPTS = (
    "latin",
    "han_sc",
    "han_tc",
    "japanese",
    "hangul",
    "devanagari",
    "bengali",
    "arabic",
    "thai",
)


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


# --- script detection -------------------------------------------------------------------

# Letters (and script-specific digits) per script; punctuation, Latin digits and symbols belong
# to no script so that "¥12,800" or "50%" do not outvote the words around them.
_RANGES: list[tuple[int, int, str]] = sorted(
    [
        (0x0041, 0x005A, "latin"),
        (0x0061, 0x007A, "latin"),
        (0x00C0, 0x024F, "latin"),
        (0x1E00, 0x1EFF, "latin"),
        (0xFF21, 0xFF3A, "latin"),
        (0xFF41, 0xFF5A, "latin"),
        (0x0600, 0x06FF, "arabic"),
        (0x0750, 0x077F, "arabic"),
        (0x08A0, 0x08FF, "arabic"),
        (0xFB50, 0xFDFF, "arabic"),
        (0xFE70, 0xFEFF, "arabic"),
        (0x0900, 0x097F, "devanagari"),
        (0xA8E0, 0xA8FF, "devanagari"),
        (0x0980, 0x09FF, "bengali"),
        (0x0E00, 0x0E7F, "thai"),
        (0x1100, 0x11FF, "hangul"),
        (0x3130, 0x318F, "hangul"),
        (0xA960, 0xA97F, "hangul"),
        (0xAC00, 0xD7AF, "hangul"),
        (0xD7B0, 0xD7FF, "hangul"),
        (0x3040, 0x30FF, "kana"),
        (0x31F0, 0x31FF, "kana"),
        (0xFF66, 0xFF9F, "kana"),
        (0x3005, 0x3007, "han"),
        (0x3400, 0x4DBF, "han"),
        (0x4E00, 0x9FFF, "han"),
        (0xF900, 0xFAFF, "han"),
        (0x20000, 0x3134F, "han"),
    ]
)
_STARTS = [start for start, _, _ in _RANGES]

_LANGUAGE_SCRIPT = {
    "ja": "japanese",
    "ko": "hangul",
    "hi": "devanagari",
    "mr": "devanagari",
    "ne": "devanagari",
    "bn": "bengali",
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "th": "thai",
}


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


def detect_script(text: str, locale: str) -> str:
    """The script key most of ``text``'s letters are in; Han follows ``locale``.

    Han and kana are counted together, as Japanese is written with both: any kana makes the
    string Japanese, otherwise the locale decides between Simplified, Traditional and Japanese.
    A string without letters ("50%") takes the locale's usual script.
    """
    counts: dict[str, int] = {}
    for ch in text:
        script = _char_script(ch)
        if script is not None:
            key = "cjk" if script in ("han", "kana") else script
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        language, _ = _locale_parts(locale)
        if language in ("zh", "ja"):
            return _han_script(locale)
        return _LANGUAGE_SCRIPT.get(language, "latin")
    best = max(counts, key=lambda k: counts[k])
    if best != "cjk":
        return best
    if any(_char_script(ch) == "kana" for ch in text):
        return "japanese"
    return _han_script(locale)


# --- crop preparation -------------------------------------------------------------------


def _otsu_threshold(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * np.arange(256))
    total_weight, total_mean = weight[-1], mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mean * weight - mean * total_weight) ** 2 / (
            weight * (total_weight - weight)
        )
    return int(np.nanargmax(between))


def prepare_line(image: Image.Image, *, ink_height_px: int | None = None) -> Image.Image:
    """Grey, dark-on-light, trimmed to its ink with a margin, optionally rescaled.

    Poster text is often light on a dark or coloured ground; both engines read dark-on-light
    most reliably. The background is whichever Otsu class dominates the crop's border.
    Trimming matters because a recogniser scales the whole crop to a fixed height, so empty
    margins would shrink the letters.
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
        scale = ink_height_px / line.height
        size = (max(1, round(line.width * scale)), ink_height_px)
        line = line.resize(size, Image.Resampling.LANCZOS)
    margin = max(4, line.height // 4)
    return ImageOps.expand(line, border=margin, fill=255)


# --- engines ----------------------------------------------------------------------------

_RAPIDOCR_MODELS = ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx")


def _rapidocr_available() -> bool:
    spec = importlib_util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        return False
    models = Path(spec.origin).parent / "models"
    # RapidOCR downloads a missing model on first use; the gate must never touch the network.
    return all((models / name).is_file() for name in _RAPIDOCR_MODELS)


class RapidOcrEngine:
    """PP-OCRv6 small through RapidOCR; one instance per process (model load ~0.3 s)."""

    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        self._ocr = RapidOCR(params={"Global.log_level": "error"})
        # RapidOCR keeps use_det/use_rec as state on the instance between calls.
        self._lock = threading.Lock()

    def read_line(self, image: Image.Image) -> OcrReading:
        line = prepare_line(image)
        with self._lock:
            out = self._ocr(line, use_det=False, use_cls=False, use_rec=True)
        texts, scores = out.txts or (), list(out.scores or ())
        confidence = float(min(scores)) if texts and scores else 0.0
        return OcrReading("".join(texts).strip(), confidence, self.name)

    def read_block(self, image: Image.Image) -> list[OcrReading]:
        with self._lock:
            out = self._ocr(image.convert("RGB"), use_det=True, use_cls=False, use_rec=True)
        if out.txts is None or out.boxes is None:
            return []
        readings = []
        for text, score, quad in zip(out.txts, out.scores, out.boxes, strict=True):
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            box = (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys)))
            readings.append(OcrReading(text.strip(), float(score), self.name, box))
        return readings


class _LibTesseract:
    """The few libtesseract C API calls we need, typed once."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        p, c, i, s = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        signatures: dict[str, tuple[Any, list[Any]]] = {
            "TessBaseAPICreate": (p, []),
            "TessBaseAPIInit3": (i, [p, c, c]),
            "TessBaseAPISetVariable": (i, [p, c, c]),
            "TessBaseAPISetPageSegMode": (None, [p, i]),
            "TessBaseAPISetImage": (None, [p, s, i, i, i, i]),
            "TessBaseAPISetSourceResolution": (None, [p, i]),
            "TessBaseAPIGetUTF8Text": (p, [p]),
            "TessBaseAPIGetTsvText": (p, [p, i]),
            "TessBaseAPIMeanTextConf": (i, [p]),
            "TessBaseAPIEnd": (None, [p]),
            "TessBaseAPIDelete": (None, [p]),
            "TessDeleteText": (None, [p]),
        }
        for fn_name, (restype, argtypes) in signatures.items():
            fn = getattr(lib, fn_name)
            fn.restype, fn.argtypes = restype, argtypes
            setattr(self, fn_name[4:], fn)

    def take_text(self, ptr: int | None) -> str:
        if not ptr:
            return ""
        try:
            return ctypes.string_at(ptr).decode("utf-8", "replace")
        finally:
            self.DeleteText(ptr)


_libtesseract: _LibTesseract | None = None
_libtesseract_tried = False


def _load_libtesseract() -> _LibTesseract | None:
    global _libtesseract, _libtesseract_tried
    if not _libtesseract_tried:
        _libtesseract_tried = True
        path = ctypes.util.find_library("tesseract")
        if path is not None:
            # Tesseract's OpenMP threads spin against each other and onnxruntime: on 2 cores a
            # line took ~100 ms with them and ~15 ms without. libgomp reads this at load time.
            os.environ.setdefault("OMP_THREAD_LIMIT", "1")
            try:
                _libtesseract = _LibTesseract(ctypes.CDLL(path))
            except (OSError, AttributeError):
                _libtesseract = None
    return _libtesseract


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
        atexit.register(self.close)

    def close(self) -> None:
        with self._lock:
            if self._handle:
                self._lib.BaseAPIEnd(self._handle)
                self._lib.BaseAPIDelete(self._handle)
                self._handle = None

    def _set_image(self, image: Image.Image, page_seg_mode: int) -> None:
        gray = image.convert("L")
        self._lib.BaseAPISetPageSegMode(self._handle, page_seg_mode)
        self._lib.BaseAPISetImage(
            self._handle, gray.tobytes(), gray.width, gray.height, 1, gray.width
        )
        # Without a resolution tesseract guesses one from the text size and says so on stderr.
        self._lib.BaseAPISetSourceResolution(self._handle, 300)

    def read_line(self, image: Image.Image) -> OcrReading:
        # LSTM tesseract reads best with ~20-40 px x-height; 64 px of ink is about that for
        # every script here (measured in benchmarks/ocr_thresholds.py).
        line = prepare_line(image, ink_height_px=64)
        with self._lock:
            self._set_image(line, 7)  # PSM 7: the image is a single text line
            text = self._lib.take_text(self._lib.BaseAPIGetUTF8Text(self._handle))
            confidence = self._lib.BaseAPIMeanTextConf(self._handle) / 100.0
        return OcrReading(" ".join(text.split()), max(0.0, confidence), self.name)

    def read_block(self, image: Image.Image) -> list[OcrReading]:
        with self._lock:
            self._set_image(image, 11)  # PSM 11: sparse text anywhere, as on a poster
            tsv = self._lib.take_text(self._lib.BaseAPIGetTsvText(self._handle, 0))
        return _tsv_lines(tsv, self.name)


def _tsv_lines(tsv: str, engine: str) -> list[OcrReading]:
    """Group tesseract's word rows into one reading per text line."""
    lines: dict[tuple[str, ...], list[tuple[str, float, tuple[int, int, int, int]]]] = {}
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue  # level 5 rows are words; the others are pages, blocks, lines
        left, top, width, height = (int(v) for v in cols[6:10])
        word = (cols[11].strip(), float(cols[10]) / 100.0, (left, top, left + width, top + height))
        lines.setdefault(tuple(cols[1:5]), []).append(word)
    readings = []
    for words in lines.values():
        boxes = [box for _, _, box in words]
        box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        confidence = sum(conf for _, conf, _ in words) / len(words)
        readings.append(OcrReading(" ".join(w for w, _, _ in words), confidence, engine, box))
    return readings


# --- choosing an engine -------------------------------------------------------------------

_TESSERACT_LANGUAGE = {
    "hangul": "kor",
    "devanagari": "hin",
    "bengali": "ben",
    "arabic": "ara",
    "thai": "tha",
}
_RAPIDOCR_SCRIPTS = ("latin", "han_sc", "han_tc", "japanese")

_engines: dict[str, OcrEngine | None] = {}
_engines_lock = threading.Lock()


def _forget_engines() -> None:
    # A forked child must not reuse the parent's onnxruntime threads or tesseract handles.
    global _engines_lock
    _engines.clear()
    _engines_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_engines)


def _engine_key(script: str, locale: str) -> str | None:
    if script == "latin" and _locale_parts(locale)[0] == "vi":
        return "tesseract:vie"
    if script in _RAPIDOCR_SCRIPTS:
        return "rapidocr"
    if script in _TESSERACT_LANGUAGE:
        return f"tesseract:{_TESSERACT_LANGUAGE[script]}"
    return None


def _build(key: str) -> OcrEngine | None:
    if key == "rapidocr":
        return RapidOcrEngine() if _rapidocr_available() else None
    lib = _load_libtesseract()
    if lib is None:
        return None
    try:
        return TesseractEngine(lib, key.partition(":")[2])
    except FileNotFoundError:
        return None


def engine_for(script: str, locale: str) -> OcrEngine | None:
    """The engine that reads ``script`` as written in ``locale``, or None if none is installed."""
    key = _engine_key(script, locale)
    if key is None:
        return None
    with _engines_lock:
        if key not in _engines:
            _engines[key] = _build(key)
        return _engines[key]


def available_engines() -> dict[str, str]:
    """Script key -> engine name for every script an installed engine reads (default locale).

    Vietnamese is Latin read by ``tesseract:vie``; ask ``engine_for("latin", "vi")`` for it.
    """
    found = {}
    for script in SCRIPTS:
        engine = engine_for(script, "")
        if engine is not None:
            found[script] = engine.name
    return found
