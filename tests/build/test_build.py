"""The whole pipeline on a small slice of the example: files, manifest contract, determinism."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from assetpack import build_tasks
from assetpack.build import BuildOptions, build
from assetpack.build_tasks import layout_order, reading_turns
from assetpack.config.catalog import load_catalog
from assetpack.execute import tasks
from assetpack.pack.proof import PREPARED, write_proof
from assetpack.verify import ocr

ROOT = Path(__file__).resolve().parents[2]
SLICE = BuildOptions(
    locales=("en-US", "ja-JP", "ar-SA", "hi-IN"),
    presets=("instagram/feed-square", "google-display/728x90", "amazon/main"),
    workers=2,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory, example_brief):
    out = tmp_path_factory.mktemp("out")
    return build(example_brief, out, SLICE)


def test_pack_is_complete_and_passes(built):
    assert built.passed, [
        (a.path, c.message) for a in built.assets for c in a.details if c.status == "fail"
    ]
    assert len(built.assets) == 12
    for name in ("manifest.json", "report.json", "index.html", "pack.zip"):
        assert (built.out_dir / name).is_file()
    for asset in built.assets:
        path = built.out_dir / asset.path
        with Image.open(path) as img:
            assert img.size == (asset.width, asset.height)
        assert path.stat().st_size == asset.bytes


def test_manifest_contract(built):
    manifest = json.loads(built.manifest_path.read_text())
    assert set(manifest) == {"campaign", "brief_sha256", "passed", "assets"}
    assert manifest["campaign"] == "aura-launch" and manifest["passed"] is True
    keys = {
        "path",
        "preset",
        "platform",
        "locale",
        "width",
        "height",
        "format",
        "bytes",
        "sha256",
        "copy",
        "regions",
        "checks",
    }
    square = None
    for entry in manifest["assets"]:
        assert keys <= set(entry)  # the contract; later additions are allowed
        assert entry["text_source"] == "typeset"
        assert set(entry["checks"].values()) <= {"pass", "warn", "fail"}
        assert all(len(box) == 4 for box in entry["regions"].values())
        if entry["path"] == "instagram/feed-square__ja-JP.png":
            square = entry
    assert square is not None
    assert square["copy"]["price"] == "￥39,800"
    assert set(square["regions"]) == set(square["copy"])
    assert {"ocr", "glyphs", "fit", "safe_zone", "contrast", "file"} <= set(square["checks"])
    amazon = next(e for e in manifest["assets"] if e["preset"] == "amazon/main")
    assert amazon["copy"] == {} and amazon["format"] == "jpeg"
    assert amazon["path"].endswith(".jpg")


def test_zip_holds_everything_with_fixed_metadata(built):
    with zipfile.ZipFile(built.zip_path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {a.path for a in built.assets} | {"manifest.json", "index.html"} <= set(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        data = archive.read("instagram/feed-square__en-US.png")
    assert Image.open(io.BytesIO(data)).size == (1080, 1080)


def test_two_builds_are_byte_identical(built, tmp_path, example_brief):
    # reuse off: made again from scratch, in one process instead of two.
    again = build(example_brief, tmp_path, SLICE.model_copy(update={"workers": 1, "reuse": False}))
    assert again.zip_path.read_bytes() == built.zip_path.read_bytes()
    assert again.manifest_path.read_bytes() == built.manifest_path.read_bytes()


def test_rebuild_replaces_pack_but_refuses_foreign_folder(tmp_path, example_brief):
    options = SLICE.model_copy(update={"presets": ("google-display/728x90",), "ocr": False})
    first = build(example_brief, tmp_path, options)
    (first.out_dir / "stale.txt").write_text("old")
    second = build(example_brief, tmp_path, options)
    assert not (second.out_dir / "stale.txt").exists()
    foreign = tmp_path / "other"
    (foreign / "aura-launch").mkdir(parents=True)
    (foreign / "aura-launch" / "notes.txt").write_text("mine")
    from assetpack.errors import InputError

    with pytest.raises(InputError, match="not an assetpack pack"):
        build(example_brief, foreign, options)
    assert (foreign / "aura-launch" / "notes.txt").read_text() == "mine"


def test_a_stopped_build_leaves_the_earlier_pack_and_no_staging(tmp_path, example_brief):
    """Ctrl-C (here: the progress callback raising KeyboardInterrupt) midway through the
    assets: the pack built before is untouched, and no half-written staging folder stays."""
    options = SLICE.model_copy(update={"ocr": False})
    first = build(example_brief, tmp_path, options)
    before = {p: p.read_bytes() for p in first.out_dir.rglob("*") if p.is_file()}

    def stop(record, made, total):
        if made == 3:
            raise KeyboardInterrupt

    fresh = options.model_copy(update={"reuse": False})  # else nothing is made again
    with pytest.raises(KeyboardInterrupt):
        build(example_brief, tmp_path, fresh, on_asset=stop)
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.out_dir.name]
    assert {p: p.read_bytes() for p in first.out_dir.rglob("*") if p.is_file()} == before


def test_locales_take_turns_by_the_language_pack_that_reads_them():
    turns = reading_turns(["th-TH", "en-US", "ko-KR", "ja-JP", "ar-SA", "zh-TW", "ar-EG"])
    assert turns == {
        "en-US": 0, "ja-JP": 0, "zh-TW": 0,  # RapidOCR reads them (and every locale's digits)
        "th-TH": 1, "ko-KR": 2, "ar-SA": 3, "ar-EG": 3,
    }  # fmt: skip
    assert set(reading_turns(["ko-KR", "hi-IN"]).values()) == {0, 1}


def test_text_free_presets_are_laid_out_right_after_the_first():
    catalog = {preset.id: preset for preset in load_catalog()}
    presets = [catalog[i] for i in ("x/post", "instagram/story", "amazon/main", "tmall/main")]
    assert [p.id for p in layout_order(presets)] == [
        "x/post", "amazon/main", "tmall/main", "instagram/story"
    ]  # fmt: skip


def test_the_class_whose_lead_canvas_is_smallest_is_laid_out_first():
    """The first canvas's every locale is laid out before the first asset: a 728x90 banner
    has far less to fit than a story; the other classes keep their order."""
    catalog = {preset.id: preset for preset in load_catalog()}
    ids = ("instagram/story", "x/post", "google-display/320x50", "google-display/728x90")
    assert [p.id for p in layout_order([catalog[i] for i in ids])] == [
        "google-display/728x90", "google-display/320x50", "instagram/story", "x/post"
    ]  # fmt: skip


def test_presets_with_one_canvas_are_laid_out_one_after_another():
    """Twins (SizePreset.canvas_key) follow each other, so the layout and drawing just made
    serve the next; the first canvas's twins stay ahead of the text-free presets."""
    catalog = {preset.id: preset for preset in load_catalog()}
    ids = (
        "facebook/feed-square", "x/post", "amazon/main", "line/ad-square",
        "linkedin/post-square", "instagram/story",
    )  # fmt: skip
    presets = [catalog[i] for i in ids]
    assert catalog["line/ad-square"].canvas_key() == catalog["facebook/feed-square"].canvas_key()
    assert catalog["linkedin/post-square"].canvas_key() == catalog["x/post"].canvas_key()
    assert [p.id for p in layout_order(presets)] == [
        "x/post", "linkedin/post-square", "amazon/main",
        "facebook/feed-square", "line/ad-square", "instagram/story",
    ]  # fmt: skip


def test_twins_are_laid_out_once_and_drawn_once(tmp_path, example_brief, monkeypatch):
    """Facebook's, Instagram's and LINE's feed squares are one poster: one layout, one
    drawing, three files with the same bytes, each with its own name and byte budget."""
    laid_out, drawn = [], []
    lay_out, draw = build_tasks.lay_out_preset, tasks._draw
    monkeypatch.setattr(
        build_tasks,
        "lay_out_preset",
        lambda preset, *args: laid_out.append(preset.id) or lay_out(preset, *args),
    )
    monkeypatch.setattr(
        tasks, "_draw", lambda task, arts: drawn.append(task.preset.id) or draw(task, arts)
    )
    presets = ("instagram/feed-square", "facebook/feed-square", "line/ad-square")
    update = {"locales": ("en-US", "ja-JP"), "presets": presets, "reuse": False}
    options = SLICE.model_copy(update=update)  # every asset made: none from the cache
    result = build(example_brief, tmp_path, options)
    assert result.passed
    assert laid_out == ["facebook/feed-square"]
    assert drawn == ["facebook/feed-square", "facebook/feed-square"]  # en-US, ja-JP
    for locale in options.locales:
        files = [a for a in result.assets if a.locale == locale]
        assert sorted(a.preset for a in files) == sorted(presets)
        assert len({(result.out_dir / a.path).read_bytes() for a in files}) == 1
    line = next(a for a in result.assets if a.preset == "line/ad-square")
    assert any(check.threshold == 5242880 for check in line.details)


def test_a_turns_language_pack_is_unloaded_when_its_last_asset_is_in(tmp_path, example_brief):
    """Assets come turn by turn, and when the next turn's first asset arrives the previous
    turn's Tesseract pack (and its second opinions) are no longer loaded."""
    seen = []

    def loaded(record, made, total):
        seen.append((record.locale, {key.split("/")[0] for key in ocr._engines}))

    options = SLICE.model_copy(
        update={"locales": ("ar-SA", "en-US", "hi-IN"), "presets": ("google-display/728x90",)}
    )
    result = build(example_brief, tmp_path, options, on_asset=loaded)
    assert result.passed
    assert [locale for locale, _ in seen] == ["en-US", "ar-SA", "hi-IN"]
    assert "arabic" in seen[1][1]
    assert "arabic" not in seen[2][1] and "devanagari" in seen[2][1]


def test_a_white_canvas_is_made_once_across_turns(tmp_path, example_brief, monkeypatch):
    """tmall/main-3x4 is laid out before xiaohongshu/cover makes its class's art; in the
    Korean turn that art exists. A white canvas draws no art, so both turns' tasks are the
    same and the image is made once."""
    made = []
    draw = tasks._draw

    def counted(task, arts):
        made.append((task.preset.id, task.plan.locale, task.art_key))
        return draw(task, arts)

    monkeypatch.setattr(tasks, "_draw", counted)
    presets = ("instagram/story", "tmall/main-3x4", "xiaohongshu/cover")
    options = SLICE.model_copy(update={"locales": ("en-US", "ko-KR"), "presets": presets})
    result = build(example_brief, tmp_path, options)
    assert result.passed
    assert [m for m in made if m[0] == "tmall/main-3x4"] == [("tmall/main-3x4", "en-US", None)]
    assert ("xiaohongshu/cover", "ko-KR", "portrait") in made
    white = [a for a in result.assets if a.preset == "tmall/main-3x4"]
    assert [a.locale for a in white] == ["en-US", "ko-KR"]
    assert len({(result.out_dir / a.path).read_bytes() for a in white}) == 1


def test_failing_gate_writes_locally_and_delivers_nothing(tmp_path):
    shutil.copytree(ROOT / "examples" / "spring-launch", tmp_path / "campaign")
    shutil.copytree(ROOT / "brand_kits" / "lumen", tmp_path / "kit")
    kit = tmp_path / "kit" / "brandkit.yaml"
    # Pale text on the paper background: the contrast check must catch it.
    kit.write_text(
        kit.read_text().replace(
            '    color: "#F6F1E7"\n    text: "#14192B"', '    color: "#F6F1E7"\n    text: "#D8D2C4"'
        )
    )
    brief = tmp_path / "campaign" / "brief.yaml"
    brief.write_text(brief.read_text().replace("../../brand_kits/lumen", "../kit"))
    target = tmp_path / "delivered"
    options = BuildOptions(
        locales=("en-US",),
        presets=("instagram/feed-square",),
        ocr=False,
        upload=str(target),
        workers=1,
    )
    result = build(brief, tmp_path / "out", options)
    assert not result.passed
    failing = {c.name for a in result.assets for c in a.details if c.status == "fail"}
    assert "contrast" in failing
    assert (result.out_dir / "index.html").is_file()
    assert not target.exists() and result.delivery is None


def test_the_proof_from_the_workers_thumbnails_is_the_proof_of_the_files(built, tmp_path):
    """Workers hand the proof its thumbnails (the parent no longer decodes every file); the
    sheets are byte-identical to those made by decoding the files, JPEG (amazon/main)
    included, and the thumbnails are not left in the pack."""
    assert not (built.out_dir / PREPARED).exists()
    copy = tmp_path / built.out_dir.name
    shutil.copytree(built.out_dir, copy)
    for page in write_proof(copy, built.assets):
        if page.suffix == ".png":
            assert page.read_bytes() == (built.out_dir / page.name).read_bytes(), page.name
