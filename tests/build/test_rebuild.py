"""Incremental builds: an unchanged rebuild keeps the pack without making anything, a changed
locale re-renders only that locale's assets, and either way the pack is byte-identical to a
build from scratch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

import assetpack.build as build_module
from assetpack.build import BuildOptions, build

OPTIONS = BuildOptions(
    locales=("en-US", "de-DE"),
    presets=("instagram/feed-square", "google-display/300x250"),
    workers=1,
)


@pytest.fixture
def brief(tmp_path, example_brief) -> Path:
    """A copy of the example brief (its kit and product by absolute path) we may edit."""
    data = yaml.safe_load(example_brief.read_text(encoding="utf-8"))
    folder = example_brief.parent
    data["brand_kit"] = str((folder / data["brand_kit"]).resolve())
    data["product"]["image"] = str((folder / data["product"]["image"]).resolve())
    path = tmp_path / "brief" / "brief.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _options(tmp_path: Path, **update: object) -> BuildOptions:
    return OPTIONS.model_copy(
        update={"cache_dir": tmp_path / "cache", "allow_outside": True, **update}
    )


@pytest.fixture
def counted(monkeypatch):
    """How many tasks reach an executor (a cached asset never does)."""
    made: list[str] = []
    real = build_module.run_tasks

    def run_tasks(tasks, arts, **kwargs):
        def noted():
            for task in tasks:  # a stream: note each task as the executor takes it
                made.append(f"{task.plan.preset_id}/{task.plan.locale}")
                yield task

        return real(noted(), arts, **kwargs)

    monkeypatch.setattr(build_module, "run_tasks", run_tasks)
    return made


def test_an_unchanged_rebuild_makes_nothing_and_keeps_the_pack(tmp_path, brief, counted):
    first = build(brief, tmp_path / "out", _options(tmp_path))
    assert len(counted) == 4 and first.reused == 0 and not first.unchanged
    zip_bytes = first.zip_path.read_bytes()
    counted.clear()
    again = build(brief, tmp_path / "out", _options(tmp_path))
    assert again.unchanged and again.reused == 4 and counted == []
    assert again.zip_path.read_bytes() == zip_bytes
    assert [a.model_dump() for a in again.assets] == [a.model_dump() for a in first.assets]


def test_a_changed_locale_re_renders_only_its_assets(tmp_path, brief, counted):
    build(brief, tmp_path / "out", _options(tmp_path))
    data = yaml.safe_load(brief.read_text(encoding="utf-8"))
    # A headline edit that keeps the preset's shared geometry (a longer CTA would widen the
    # button of every locale, and rightly re-render them all).
    data["copy"]["de-DE"]["headline"] = "Hör nur, was zählt!"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    counted.clear()
    changed = build(brief, tmp_path / "out", _options(tmp_path))
    assert not changed.unchanged and changed.reused == 2
    assert sorted(counted) == ["google-display/300x250/de-DE", "instagram/feed-square/de-DE"]
    fresh = build(brief, tmp_path / "fresh", _options(tmp_path, reuse=False))
    assert changed.zip_path.read_bytes() == fresh.zip_path.read_bytes()


def test_a_pack_edited_by_hand_is_built_again(tmp_path, brief, counted):
    first = build(brief, tmp_path / "out", _options(tmp_path))
    asset = first.out_dir / first.assets[0].path
    original = asset.read_bytes()
    asset.write_bytes(b"not an image")
    (first.out_dir / "notes.txt").write_text("stray")
    again = build(brief, tmp_path / "out", _options(tmp_path))
    assert not again.unchanged and again.reused == 4  # from the asset cache, not the pack
    assert asset.read_bytes() == original and not (again.out_dir / "notes.txt").exists()


def test_a_damaged_cache_entry_is_made_again(tmp_path, brief, counted):
    build(brief, tmp_path / "out", _options(tmp_path))
    for data in (tmp_path / "cache" / "assets").rglob("*.bin"):
        data.write_bytes(data.read_bytes()[:100])
    counted.clear()
    again = build(brief, tmp_path / "other", _options(tmp_path))
    assert again.passed and again.reused == 0 and len(counted) == 4


def test_fresh_makes_everything(tmp_path, brief, counted):
    build(brief, tmp_path / "out", _options(tmp_path))
    counted.clear()
    again = build(brief, tmp_path / "out", _options(tmp_path, reuse=False))
    assert not again.unchanged and again.reused == 0 and len(counted) == 4


def test_the_asset_cache_drops_the_least_recently_used_first(tmp_path, brief):
    from assetpack.execute.cache import AssetCache

    build(brief, tmp_path / "out", _options(tmp_path))
    cache = AssetCache(tmp_path / "cache", {})
    records = sorted((tmp_path / "cache" / "assets").glob("*/*.json"))
    assert len(records) == 4
    for age, record in enumerate(records):  # oldest first, one second apart
        os.utime(record, ns=(age * 10**9, age * 10**9))
    # An entry is its record, its file and the proof's thumbnail of it.
    newest = [records[-1], records[-1].with_suffix(".bin"), records[-1].with_suffix(".thumb.png")]
    assert cache.prune(max_bytes=sum(path.stat().st_size for path in newest)) == 3
    assert sorted((tmp_path / "cache" / "assets").glob("*/*")) == sorted(newest)


def test_adding_a_twin_preset_makes_only_its_assets(tmp_path, brief, counted):
    """A twin (the same canvas on another platform) changes how a build shares its drawing,
    not what the first preset's assets are: they stay cached."""
    build(brief, tmp_path / "out", _options(tmp_path, presets=("instagram/feed-square",)))
    counted.clear()
    twins = ("instagram/feed-square", "facebook/feed-square")
    result = build(brief, tmp_path / "out", _options(tmp_path, presets=twins))
    assert result.passed
    assert sorted(counted) == ["facebook/feed-square/de-DE", "facebook/feed-square/en-US"]
