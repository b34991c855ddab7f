"""An art's digest names what it is: equal arts agree, any pixel or field tells them apart."""

from __future__ import annotations

from PIL import Image

from assetpack.art import Art


def _art(color: tuple[int, int, int] = (10, 20, 30), **extra: object) -> Art:
    return Art.from_image("square", Image.new("RGB", (8, 8), color), "procedural", **extra)


def test_equal_arts_have_one_digest_and_a_pixel_or_field_changes_it():
    assert _art().digest() == _art().digest()
    image = Image.new("RGB", (8, 8), (10, 20, 30))
    image.putpixel((7, 7), (10, 20, 31))
    other_pixel = Art.from_image("square", image, "procedural")
    assert len({_art().digest(), other_pixel.digest(), _art(crop="salient").digest()}) == 3
