"""--copy openai through the whole build, against the loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assetpack.build import BuildOptions, build

ROOT = Path(__file__).resolve().parents[2]


def test_model_copy_builds_a_pack_and_a_rebuild_asks_nothing(
    fake_openai, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples" / "spring-launch", tmp_path / "campaign")
    brief = tmp_path / "campaign" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    text = text.replace("../../brand_kits/lumen", str(ROOT / "brand_kits" / "lumen"))
    brief.write_text(text[: text.index("\ncopy:")] + "\ncopy_provider: openai\n", encoding="utf-8")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    options = BuildOptions(
        locales=("en-US", "de-DE"),
        presets=("instagram/feed-square", "google-display/728x90"),
        ocr=False,
        workers=1,
        cache_dir=tmp_path / "cache",
    )
    first = build(brief, tmp_path / "out1", options)
    assert first.passed
    manifest = json.loads(first.manifest_path.read_text())
    assert manifest["copy_usage"]["total_tokens"] > 0
    headlines = {a["locale"]: a["copy"]["headline"] for a in manifest["assets"]}
    assert headlines["de-DE"] == "Lighter miles ahead de-DE"  # what the model wrote
    asked = len(fake_openai.requests)
    assert asked >= 1
    second = build(brief, tmp_path / "out2", options)
    assert len(fake_openai.requests) == asked  # answered from the cache
    assert second.zip_path.read_bytes() == first.zip_path.read_bytes()
