"""Request sizes: valid for the model, nearest the canvas in aspect, about its pixel count."""

from __future__ import annotations

import math

import pytest

from assetpack.config import load_catalog
from assetpack.imagegen.settings import load_image_settings
from assetpack.imagegen.sizes import request_size, size_problem

SETTINGS = load_image_settings()
GPT_IMAGE_2 = SETTINGS.spec("gpt-image-2")
MINI = SETTINGS.spec("gpt-image-1-mini")


@pytest.mark.parametrize(
    ("canvas", "expected"),
    [
        ((1080, 1080), (1088, 1088)),  # 1080 is no multiple of 16; the reference's example
        ((1000, 1500), (1024, 1536)),
        ((1080, 1920), (1152, 2048)),
        ((1584, 396), (1440, 480)),  # 4:1 is beyond 3:1: generated at 3:1, then extended
        ((728, 90), (1440, 480)),  # 8:1, and far below the pixel minimum
        ((160, 600), (480, 1440)),
        ((2000, 2000), (1920, 1920)),  # capped at 2560x1440's pixel count (not experimental)
    ],
)
def test_flexible_sizes(canvas: tuple[int, int], expected: tuple[int, int]) -> None:
    assert request_size(GPT_IMAGE_2, canvas) == expected


def test_every_catalog_canvas_gets_a_valid_size_of_the_nearest_aspect() -> None:
    for preset in load_catalog():
        canvas = (preset.width_px, preset.height_px)
        for spec in (GPT_IMAGE_2, MINI):
            width, height = request_size(spec, canvas)
            assert size_problem(spec, (width, height)) is None, (preset.id, spec.name)
        width, height = request_size(GPT_IMAGE_2, canvas)
        wanted = min(max(canvas[0] / canvas[1], 1 / 3), 3)
        assert abs(math.log(width / height / wanted)) < 0.02, preset.id
        assert width * height >= min(canvas[0] * canvas[1], GPT_IMAGE_2.target_max_pixels)


def test_fixed_size_models_take_the_listed_size_of_the_nearest_aspect() -> None:
    assert request_size(MINI, (1200, 628)) == (1536, 1024)
    assert request_size(MINI, (1080, 1920)) == (1024, 1536)
    assert request_size(MINI, (1080, 1080)) == (1024, 1024)


@pytest.mark.parametrize(
    ("size", "problem"),
    [
        ((1080, 1080), "multiples of 16"),
        ((1600, 496), "aspect"),
        ((640, 640), "pixel count"),
        ((3856, 1296), "longest edge"),
    ],
)
def test_size_problems_say_what_is_wrong(size: tuple[int, int], problem: str) -> None:
    assert problem in (size_problem(GPT_IMAGE_2, size) or "")


def test_prices_come_from_configuration() -> None:
    # 1024x1024 at the reference's per-image prices: $0.02 low, $0.07 medium, $0.19 high.
    for quality, usd in (("low", 0.02), ("medium", 0.07), ("high", 0.19)):
        assert GPT_IMAGE_2.estimate_usd((1024, 1024), quality, 0, []) == pytest.approx(usd, 0.01)
    assert MINI.estimate_usd((1024, 1024), "low", 0, []) == pytest.approx(0.005)
    with_input = GPT_IMAGE_2.estimate_usd((1024, 1024), "low", 400, [(1024, 1024)])
    assert with_input == pytest.approx(0.02 + 100 * 5e-6 + 1000 * 8e-6, 0.01)
