"""Checking images after the fact: a built pack (folder or zip, via its manifest), or a single
image made anywhere (a designer's file, a gpt-image-2 poster) against the copy it should say.

Without a layout plan the gate reads the pixels alone: text is found by OCR detection, each
expected string is matched against the best run of detected lines (a string may span lines),
and the found region is checked against the preset's safe zone and canvas.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import Field
from rapidfuzz import fuzz

from assetpack.config import SizePreset, load_catalog
from assetpack.config.base import Frozen
from assetpack.errors import InputError
from assetpack.layout.plan import Box, box_inside, box_union
from assetpack.verify.file_checks import file_checks
from assetpack.verify.ocr import OcrReading, detect_script, engine_for
from assetpack.verify.ocr_check import thresholds_for
from assetpack.verify.report import Check, check, failed
from assetpack.verify.text_match import normalize, similarity

UNRELIABLE = frozenset({"arabic"})  # as in ocr_check: a mismatch there is unverified
PAD_SHARE = 0.1
# A detected line box is about 1.3 times the font size (ascenders, descenders, padding).
DETECTED_HEIGHT_TO_SIZE = 0.75


class FileReport(Frozen):
    """Every check of one image file."""

    path: str = Field(description="The file, as given or as the manifest names it.")
    checks: list[Check] = Field(description="Every check made on it.")

    @property
    def passed(self) -> bool:
        return not failed(self.checks)


def _preset(preset_id: str) -> SizePreset:
    for preset in load_catalog():
        if preset.id == preset_id:
            return preset
    raise InputError(f"--preset: {preset_id!r} is not a known preset; see assetpack presets list")


def _safe_box(preset: SizePreset, locale: str) -> Box:
    zone = preset.safe_zone
    rtl = locale.split("-")[0] in ("ar", "he", "fa", "ur")
    left, right = (zone.right_px, zone.left_px) if rtl else (zone.left_px, zone.right_px)
    return (left, zone.top_px, preset.width_px - right, preset.height_px - zone.bottom_px)


def _best_run(
    readings: list[OcrReading], expected: str, locale: str
) -> tuple[float, Box | None, int]:
    """The detected lines (up to four, in reading order) that together read most like
    `expected` (other text may sit between them: a logo beside a two-line headline): the
    score, their region, and the text size estimated from the smallest line."""
    lines = _reading_order([r for r in readings if r.box is not None], locale)
    best: tuple[float, Box | None, int] = (0.0, None, 0)
    for count in range(1, min(4, len(lines)) + 1):
        for run in itertools.combinations(lines, count):
            score = _contained_similarity(expected, "".join(r.text for r in run), locale)
            if score > best[0]:
                boxes = [r.box for r in run if r.box is not None]
                size = round(min(b[3] - b[1] for b in boxes) * DETECTED_HEIGHT_TO_SIZE)
                best = (score, box_union(boxes), size)
    return best


def _contained_similarity(expected: str, read: str, locale: str) -> float:
    """Similarity of `expected` to the best-aligned stretch of `read`: a detector may merge
    the copy with a neighbour on the same row (the logo's wordmark beside a banner headline),
    and text beside the copy is not a misprint of it."""
    whole = similarity(expected, read, locale)
    want, got = normalize(expected, locale), normalize(read, locale)
    if len(got) <= len(want):
        return whole
    window = fuzz.partial_ratio_alignment(want, got)
    if window is None:
        return whole
    return max(whole, similarity(expected, got[window.dest_start : window.dest_end], locale))


def _centre_y(reading: OcrReading) -> float:
    box = reading.box or (0, 0, 0, 0)
    return (box[1] + box[3]) / 2


def _reading_order(readings: list[OcrReading], locale: str) -> list[OcrReading]:
    """Rows top to bottom (centres within a third of a line height of the row's first
    word), words in a row left to right, or right to left for right-to-left locales."""
    if not readings:
        return []
    heights = sorted((r.box[3] - r.box[1]) for r in readings if r.box is not None)
    tolerance = heights[len(heights) // 2] / 3
    rows: list[list[OcrReading]] = []
    for reading in sorted(readings, key=_centre_y):
        if rows and _centre_y(reading) - _centre_y(rows[-1][0]) < tolerance:
            rows[-1].append(reading)
        else:
            rows.append([reading])
    rtl = locale.split("-")[0] in ("ar", "he", "fa", "ur")
    ordered = (sorted(row, key=lambda r: (r.box or (0,))[0], reverse=rtl) for row in rows)
    return [reading for row in ordered for reading in row]


def _ink_estimate(box: Box) -> Box:
    """Detectors pad their boxes (by about a fifth of the line height); take it back before
    comparing with the safe zone, so a line that touches the zone's edge still passes."""
    x0, y0, x1, y1 = box
    pad = round((y1 - y0) * PAD_SHARE)
    return (x0 + pad, y0 + pad, x1 - pad, y1 - pad)


def _text_checks(
    image: Image.Image, preset: SizePreset, locale: str, expect: dict[str, str]
) -> list[Check]:
    out: list[Check] = []
    cache: dict[str, list[OcrReading]] = {}
    for slot, text in expect.items():
        script = detect_script(text, locale)
        engine = engine_for(script, locale)
        if engine is None:
            out.append(
                Check(
                    name="ocr",
                    status="unverified",
                    slot=slot,
                    message=f"{slot}: no OCR engine installed reads {script}",
                )
            )
            continue
        if engine.name not in cache:
            cache[engine.name] = engine.read_block(image)
        score, region, size_px = _best_run(cache[engine.name], text, locale)
        threshold = thresholds_for(script, size_px)[script]
        status = (
            "pass" if score >= threshold else ("unverified" if script in UNRELIABLE else "fail")
        )
        out.append(Check(
            name="ocr", status=status, slot=slot, region=region, measured=round(score, 3),
            threshold=threshold,
            message="" if status == "pass" else f"{slot}: {text!r} not found (best match "
            f"{score:.2f} < {threshold}, {engine.name})",
        ))  # fmt: skip
        if region is not None and status == "pass":
            safe = _safe_box(preset, locale)
            out.append(
                check(
                    "safe_zone",
                    box_inside(_ink_estimate(region), safe),
                    f"{slot}: {region} reaches outside the safe zone {safe}",
                    slot=slot,
                    region=region,
                    measured=str(region),
                    threshold=str(safe),
                )
            )
    return out


def verify_image(path: Path, preset_id: str, locale: str, expect: dict[str, str]) -> FileReport:
    """Check one image made anywhere: size, format, bytes, and that it says `expect`."""
    preset = _preset(preset_id)
    data = Path(path).read_bytes()
    image = Image.open(io.BytesIO(data)).convert("RGB")
    checks = file_checks(preset, data) + _text_checks(image, preset, locale, expect)
    return FileReport(path=str(path), checks=checks)


def _read_pack(path: Path) -> tuple[dict[str, object], dict[str, bytes]]:
    """manifest and asset bytes, from a pack folder or its zip."""
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
    elif (path / "manifest.json").is_file():
        files = {p.relative_to(path).as_posix(): p.read_bytes()
                 for p in path.rglob("*") if p.is_file()}  # fmt: skip
    else:
        raise InputError(f"{path}: not a pack (no manifest.json) nor a zip of one")
    if "manifest.json" not in files:
        raise InputError(f"{path}: the pack has no manifest.json")
    return json.loads(files["manifest.json"]), files


def verify_pack(path: Path) -> list[FileReport]:
    """Re-check every asset a manifest names: present, unchanged, and saying its copy."""
    manifest, files = _read_pack(Path(path))
    reports = []
    entries: list[dict[str, Any]] = manifest.get("assets", [])  # type: ignore[assignment]
    for entry in entries:
        name = entry["path"]
        data = files.get(name)
        if data is None:
            missing = Check(name="file", status="fail", slot="file", message=f"{name} is missing")
            reports.append(FileReport(path=name, checks=[missing]))
            continue
        digest = hashlib.sha256(data).hexdigest()
        checks = [
            check(
                "file",
                digest == entry["sha256"],
                f"{name} changed since it was built",
                slot="file",
                measured=digest[:12],
                threshold=entry["sha256"][:12],
            )
        ]
        preset = _preset(entry["preset"])
        image = Image.open(io.BytesIO(data)).convert("RGB")
        checks += file_checks(preset, data)
        checks += _text_checks(image, preset, entry["locale"], dict(entry.get("copy", {})))
        reports.append(FileReport(path=name, checks=checks))
    return reports
