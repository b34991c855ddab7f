"""Encoding: the budget is met, the bytes repeat, and effort goes only where the budget needs it.

Nothing here is timed: which settings ran is recorded by wrapping the encoders, and the
speed/size figures behind the settings live in `python -m benchmarks.encoding`.
"""

from __future__ import annotations

import importlib
import io
import math
import zlib
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageDraw

from assetpack.config import SizePreset
from assetpack.pack.encode import (
    JPEG_BEST,
    JPEG_WORST,
    PNG_FAST,
    PNG_PALETTE,
    PNG_SMALLEST,
    PNG_SMALLEST_SAVES,
    Encoded,
    encode,
)

# The module itself: the package re-exports the function `encode` under the same name.
encode_module = importlib.import_module("assetpack.pack.encode")
# The PNG encoder itself, for expected bytes: the png_calls fixture wraps the module's.
png_encoder = encode_module._png

W, H = 360, 300


def _preset(max_bytes: int | None, formats: tuple[str, ...] = ("png", "jpeg")) -> SizePreset:
    return SizePreset.model_validate(
        {
            "id": "test/canvas",
            "label": "Test canvas",
            "width_px": W,
            "height_px": H,
            "max_bytes": max_bytes,
            "formats": list(formats),
            "source": "tests",
        }
    )


@pytest.fixture(scope="module")
def poster() -> Image.Image:
    """Flat art like the procedural posters: a gradient, shapes, text."""
    ramp = np.linspace(0, 1, W, dtype=np.float32)[None, :] * np.ones((H, 1), np.float32)
    rows = np.linspace(0, 1, H, dtype=np.float32)[:, None] * np.ones((1, W), np.float32)
    pixels = np.stack([40 + 180 * ramp, 60 + 120 * rows, 200 - 150 * ramp * rows], axis=-1)
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 200, 200), fill=(250, 240, 230))
    draw.rectangle((220, 180, 340, 240), fill=(200, 30, 40))
    for line in range(4):
        draw.text((20, 220 + 16 * line), f"Hear only what matters {line}", fill=(10, 10, 10))
    return image


@pytest.fixture(scope="module")
def photo(poster: Image.Image) -> Image.Image:
    """The poster with seeded grain: photographic art, which compresses badly."""
    rng = np.random.default_rng(7)
    pixels = np.asarray(poster, dtype=np.float32) + rng.normal(0, 12, (H, W, 3))
    return Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8), "RGB")


def _png_bytes(image: Image.Image, **options: object) -> bytes:
    return png_encoder(image, options)


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


@pytest.fixture
def png_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """The options of every PNG encode `encode` makes."""
    calls: list[dict[str, object]] = []
    original = encode_module._png

    def recording(image: Image.Image, options: dict[str, object]) -> bytes:
        calls.append(options)
        return original(image, options)

    monkeypatch.setattr(encode_module, "_png", recording)
    return calls


@pytest.fixture
def jpeg_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """(quality, optimize) of every JPEG encode `encode` makes."""
    calls: list[tuple[int, bool]] = []
    original = encode_module._jpeg

    def recording(image: Image.Image, quality: int, optimize: bool) -> bytes:
        calls.append((quality, optimize))
        return original(image, quality, optimize)

    monkeypatch.setattr(encode_module, "_jpeg", recording)
    return calls


# --- PNG: effort per budget --------------------------------------------------------------


@pytest.mark.parametrize("budget", [None, 30 * 1024 * 1024])
def test_generous_budget_takes_one_fast_lossless_png(
    poster: Image.Image, png_calls: list[dict[str, object]], budget: int | None
) -> None:
    encoded = encode(poster, _preset(budget))
    assert (encoded.format, encoded.note, encoded.suffix) == ("png", "png", ".png")
    assert png_calls == [PNG_FAST]
    assert encoded.data == _png_bytes(poster, **PNG_FAST)
    assert _pixels(encoded.data) == poster.tobytes()  # run-length deflate is still lossless


def test_fast_png_is_up_png_and_the_most_effort_is_pillows_optimize() -> None:
    assert PNG_FAST == {"encoder": "up"}
    assert PNG_SMALLEST == {"optimize": True}


def _row_filters(data: bytes) -> set[int]:
    """The filter type byte of every row of an 8-bit RGB PNG."""
    chunks, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width = int.from_bytes(body[:4], "big")
            assert body[8:10] == bytes([8, 2])  # 8 bits per channel, RGB
        elif kind == b"IDAT":
            chunks.append(body)
        at += 12 + length
    rows = zlib.decompress(b"".join(chunks))
    stride = 1 + 3 * width
    return {rows[i] for i in range(0, len(rows), stride)}


def test_fast_png_has_the_up_filter_on_every_row_repeatably_and_losslessly(
    poster: Image.Image, photo: Image.Image
) -> None:
    for image in (poster, photo):
        data = png_encoder(image, PNG_FAST)
        assert data == encode_module.up_png(image)
        assert _row_filters(data) == {2}  # Up on every row
        assert png_encoder(image, PNG_FAST) == data
        assert _pixels(data) == image.tobytes()
        with Image.open(io.BytesIO(data)) as decoded:
            assert (decoded.mode, decoded.size) == ("RGB", image.size)


@pytest.mark.parametrize("level", [None, 1, 3, 9])
def test_up_png_writes_grey_and_rgb_with_dpi_at_any_level(
    poster: Image.Image, level: int | None
) -> None:
    for image in (poster, poster.convert("L")):
        data = encode_module.up_png(image, level=level, dpi=150)
        with Image.open(io.BytesIO(data)) as decoded:
            assert (decoded.mode, decoded.size) == (image.mode, image.size)
            assert decoded.tobytes() == image.tobytes()
            assert decoded.info["dpi"] == pytest.approx((150, 150), abs=0.02)


@pytest.mark.parametrize("height", [1, 63, 64, 65, 129])
def test_up_png_round_trips_across_its_bands(height: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are filtered and deflated UP_PNG_BAND_ROWS at a time: each band's first row is
    filtered against the last row of the band before, and the bytes do not show the bands."""
    rng = np.random.default_rng(height)
    image = Image.fromarray(rng.integers(0, 256, (height, 5, 3), dtype=np.uint8), "RGB")
    data = encode_module.up_png(image)
    assert _row_filters(data) == {2}
    assert _pixels(data) == image.tobytes()
    monkeypatch.setattr(encode_module, "UP_PNG_BAND_ROWS", 1 << 20)  # one band
    assert encode_module.up_png(image) == data


def test_up_png_level_trades_time_for_bytes_and_refuses_other_modes(poster: Image.Image) -> None:
    run_length, level_9 = (len(encode_module.up_png(poster, level=x)) for x in (None, 9))
    assert level_9 < run_length  # matches further back than the previous byte find more
    with pytest.raises(ValueError, match="RGB or L"):
        encode_module.up_png(poster.convert("RGBA"))


def test_budget_a_little_under_the_fast_png_takes_the_smallest_lossless_png(
    poster: Image.Image, png_calls: list[dict[str, object]]
) -> None:
    fast = len(_png_bytes(poster, **PNG_FAST))
    smallest = _png_bytes(poster, **PNG_SMALLEST)
    budget = math.ceil(fast * (1 - PNG_SMALLEST_SAVES))  # the most the extra effort may need
    assert len(smallest) <= budget < fast  # the case under test

    encoded = encode(poster, _preset(budget))
    assert encoded.format == "png"
    assert encoded.note == f"png, most compression to fit {budget} bytes"
    assert encoded.data == smallest and len(encoded.data) <= budget
    assert png_calls == [PNG_FAST, PNG_SMALLEST]
    assert _pixels(encoded.data) == poster.tobytes()


def test_budget_far_under_the_fast_png_skips_straight_to_256_colours(
    photo: Image.Image, png_calls: list[dict[str, object]]
) -> None:
    fast = len(_png_bytes(photo, **PNG_FAST))
    budget = math.floor(fast * (1 - PNG_SMALLEST_SAVES)) - 1  # more than the effort can save
    assert len(_png_bytes(photo, **PNG_SMALLEST)) > budget  # and on grain it truly cannot

    encoded = encode(photo, _preset(budget))
    assert encoded.format == "png"
    assert encoded.note == f"png, 256 colors to fit {budget} bytes"
    assert len(encoded.data) <= budget
    assert png_calls == [PNG_FAST, PNG_PALETTE]
    with Image.open(io.BytesIO(encoded.data)) as image:
        assert image.mode == "P"


def test_grain_a_little_over_budget_tries_the_effort_then_256_colours(
    photo: Image.Image, png_calls: list[dict[str, object]]
) -> None:
    fast = len(_png_bytes(photo, **PNG_FAST))
    smallest = len(_png_bytes(photo, **PNG_SMALLEST))
    budget = smallest - 1  # within reach on paper, but grain barely compresses further
    assert fast * (1 - PNG_SMALLEST_SAVES) <= budget < fast

    encoded = encode(photo, _preset(budget))
    assert encoded.note == f"png, 256 colors to fit {budget} bytes"
    assert len(encoded.data) <= budget
    assert png_calls == [PNG_FAST, PNG_SMALLEST, PNG_PALETTE]


# --- JPEG: optimize only when the budget is tight ---------------------------------------


def test_jpeg_first_generous_budget_is_baseline_q92(
    photo: Image.Image, jpeg_calls: list[tuple[int, bool]]
) -> None:
    encoded = encode(photo, _preset(10 * 1024 * 1024, ("jpeg", "png")))
    assert (encoded.format, encoded.note, encoded.suffix) == ("jpeg", f"jpeg q{JPEG_BEST}", ".jpg")
    assert jpeg_calls == [(JPEG_BEST, False)]


def test_jpeg_over_budget_at_q92_optimizes_then_searches_quality(
    photo: Image.Image, jpeg_calls: list[tuple[int, bool]]
) -> None:
    baseline = len(encode_module._jpeg(photo, JPEG_BEST, optimize=False))
    budget = baseline // 2
    jpeg_calls.clear()

    encoded = encode(photo, _preset(budget, ("jpeg", "png")))
    assert encoded.format == "jpeg"
    assert len(encoded.data) <= budget
    assert encoded.note.endswith(f"to fit {budget} bytes")
    assert jpeg_calls[:2] == [(JPEG_BEST, False), (JPEG_BEST, True)]
    assert all(optimize for _, optimize in jpeg_calls[1:])  # every try past baseline optimizes
    quality = int(encoded.note.split()[1].lstrip("q").rstrip(","))
    assert JPEG_WORST <= quality < JPEG_BEST
    # the highest quality that fits: one step up does not
    assert len(encode_module._jpeg(photo, quality + 1, optimize=True)) > budget


def test_optimize_alone_can_meet_a_budget_baseline_misses(
    photo: Image.Image, jpeg_calls: list[tuple[int, bool]]
) -> None:
    baseline = encode_module._jpeg(photo, JPEG_BEST, optimize=False)
    optimized = encode_module._jpeg(photo, JPEG_BEST, optimize=True)
    assert len(optimized) < len(baseline)
    budget = len(optimized)
    jpeg_calls.clear()

    encoded = encode(photo, _preset(budget, ("jpeg", "png")))
    assert encoded.data == optimized
    assert encoded.note == f"jpeg q{JPEG_BEST}, optimized to fit {budget} bytes"
    assert jpeg_calls == [(JPEG_BEST, False), (JPEG_BEST, True)]


def test_png_first_preset_falls_back_to_jpeg_under_a_tight_budget(photo: Image.Image) -> None:
    budget = 12 * 1024  # far under any PNG of the grain, even at 256 colours
    encoded = encode(photo, _preset(budget))
    assert encoded.format == "jpeg"
    assert len(encoded.data) <= budget
    assert encoded.note.endswith(f"to fit {budget} bytes")


# --- nothing fits ------------------------------------------------------------------------


def test_impossible_budget_returns_the_smallest_jpeg_tried(photo: Image.Image) -> None:
    encoded = encode(photo, _preset(1024))
    assert (encoded.format, encoded.note) == ("jpeg", "over budget")
    assert encoded.data == encode_module._jpeg(photo, JPEG_WORST, optimize=True)


def test_impossible_budget_png_only_returns_the_smallest_png_tried(photo: Image.Image) -> None:
    encoded = encode(photo, _preset(1024, ("png",)))
    assert (encoded.format, encoded.note) == ("png", "over budget")
    assert len(encoded.data) == min(
        len(_png_bytes(photo, **PNG_FAST)), len(encode_module._palette(photo))
    )


# --- determinism -------------------------------------------------------------------------


def _all_paths(poster: Image.Image, photo: Image.Image) -> list[Callable[[], Encoded]]:
    near = math.ceil(len(_png_bytes(poster, **PNG_FAST)) * (1 - PNG_SMALLEST_SAVES))
    far = math.floor(len(_png_bytes(photo, **PNG_FAST)) * (1 - PNG_SMALLEST_SAVES)) - 1
    return [
        lambda: encode(poster, _preset(None)),
        lambda: encode(poster, _preset(near)),
        lambda: encode(photo, _preset(far)),
        lambda: encode(photo, _preset(10 * 1024 * 1024, ("jpeg", "png"))),
        lambda: encode(photo, _preset(12 * 1024)),
        lambda: encode(photo, _preset(1024)),
    ]


def test_every_path_gives_the_same_bytes_twice(poster: Image.Image, photo: Image.Image) -> None:
    notes = set()
    for path in _all_paths(poster, photo):
        first, second = path(), path()
        assert first == second
        notes.add(first.note.split(" to fit")[0])
    assert len(notes) == 6  # the paths really are different paths


def test_input_mode_does_not_change_the_bytes(poster: Image.Image) -> None:
    preset = _preset(None)
    assert encode(poster.convert("RGBA"), preset) == encode(poster, preset)
