"""The carousel example built end to end: panel files, manifest, determinism, and the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from assetpack.art.models import Art
from assetpack.build import BuildOptions, build

CAROUSEL = Path(__file__).resolve().parents[2] / "examples" / "carousel" / "brief.yaml"

OPTIONS = BuildOptions(
    presets=("instagram/carousel-square",), locales=("en-US", "ar-SA"), ocr=False, workers=1
)


def _manifest(result) -> dict:
    return json.loads(result.manifest_path.read_text(encoding="utf-8"))


def test_panels_are_files_and_manifest_entries(tmp_path: Path) -> None:
    result = build(CAROUSEL, tmp_path / "a", OPTIONS)
    assert result.passed
    paths = [a.path for a in result.assets]
    assert paths == [
        f"instagram/carousel-square__{loc}__p{n}.png"
        for loc in ("ar-SA", "en-US")
        for n in range(1, 6)
    ]
    manifest = _manifest(result)
    entry = manifest["assets"][6]
    assert (entry["panel"], entry["panel_role"], entry["panels"]) == (2, "benefit", 5)
    assert [s["locale"] for s in manifest["sets"]] == ["en-US", "ar-SA"]
    for item in manifest["sets"]:
        assert item["checks"] == {"seam": "pass", "set_order": "pass", "set_panels": "pass"}
        assert item["roles"] == ["hook", "benefit", "feature", "proof", "offer"]
    assert all({"seam", "set_order", "set_panels"} <= set(a.checks) for a in result.assets)
    with Image.open(result.out_dir / paths[0]) as first:
        assert first.size == (1080, 1080)
    report = json.loads((result.out_dir / "report.json").read_text(encoding="utf-8"))
    assert len(report["sets"]) == 2 and report["passed"] is True
    gallery = (result.out_dir / "index.html").read_text(encoding="utf-8")
    assert gallery.count('<div class="swipe">') == 2 and "scroll-snap-type:x mandatory" in gallery


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build(CAROUSEL, tmp_path / "a", OPTIONS)
    second = build(CAROUSEL, tmp_path / "b", OPTIONS)
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()


def test_broken_seam_fails_the_gate_and_is_not_delivered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Panel 3 drawn on a mirrored slice of the panorama: its seams with 2 and 4 break."""
    real = Art.panel_slice

    def mirrored_third(self: Art, panel: int, size: tuple[int, int]) -> Image.Image:
        image = real(self, panel, size)
        return ImageOps.mirror(image) if panel == 3 else image

    monkeypatch.setattr(Art, "panel_slice", mirrored_third)
    target = tmp_path / "delivered"
    # reuse off: the cache cannot know that this process draws panels differently.
    options = OPTIONS.model_copy(update={"upload": str(target), "reuse": False})
    result = build(CAROUSEL, tmp_path / "out", options)
    assert not result.passed and result.delivery is None and not target.exists()
    failing = sorted(a.path for a in result.assets if a.checks.get("seam") == "fail")
    assert failing == [
        f"instagram/carousel-square__{loc}__p{n}.png"
        for loc in ("ar-SA", "en-US")
        for n in (2, 3, 4)
    ]
    manifest = _manifest(result)
    assert manifest["passed"] is False
    assert all(s["checks"]["seam"] == "fail" for s in manifest["sets"])
    other_checks = {name for a in result.assets for name, s in a.checks.items() if s == "fail"}
    assert other_checks == {"seam"}
