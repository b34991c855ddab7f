"""Reading the kit's and brief's bitmaps: decoded once, by the build's own thread."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from PIL import Image

from assetpack.build import BuildOptions, build
from assetpack.config import bitmaps

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "brand_kits" / "lumen"


def _recording(monkeypatch) -> list[tuple[str, str]]:
    """(file name, thread name) of every decode from now on, with the cache emptied."""
    decodes: list[tuple[str, str]] = []
    decode = bitmaps._decoded.__wrapped__

    def recorded(path: str, stamp: str) -> Image.Image:
        decodes.append((Path(path).name, threading.current_thread().name))
        return decode(path, stamp)

    size = bitmaps._decoded.cache_parameters()["maxsize"]
    monkeypatch.setattr(bitmaps, "_decoded", lru_cache(maxsize=size)(recorded))
    bitmaps._rgba.cache_clear()
    return decodes


def test_decode_ahead_decodes_raster_images_for_load_rgba(monkeypatch):
    decodes = _recording(monkeypatch)
    png = KIT / "logo-on-light.png"
    bitmaps.decode_ahead([png, KIT / "logo-on-light.svg", None])
    assert decodes == [("logo-on-light.png", threading.current_thread().name)]
    image = bitmaps.load_rgba(png, (300, 65))
    assert image.size == (300, 65) and image.mode == "RGBA"
    assert len(decodes) == 1  # load_rgba took the decoded image


def test_a_build_decodes_the_product_and_logos_once_before_its_workers_draw(
    tmp_path, example_brief, monkeypatch
):
    """In a worker, a PNG's decode waits for the GIL at every 64 KB while the build's own
    thread lays out presets; the build decodes them first, and keeps them all."""
    decodes = _recording(monkeypatch)
    options = BuildOptions(
        locales=("en-US", "ja-JP"),
        presets=("instagram/feed-square", "google-display/320x50", "amazon/main"),
        workers=2,
        reuse=False,
    )
    assert build(example_brief, tmp_path, options).passed
    names = [name for name, _ in decodes]
    assert "product.png" in names
    assert len(names) == len(set(names)), decodes  # none decoded again
    assert {thread for _, thread in decodes} == {threading.main_thread().name}
