"""The gallery and review pages as HTML text: grouping, counts, escaping, links, determinism."""

from __future__ import annotations

import re
from collections.abc import Callable

from assetpack.pack.gallery import gallery_html
from assetpack.pack.html_parts import asset_status, bidi_text, box_style, fit, fmt_value
from assetpack.pack.models import AssetRecord
from assetpack.pack.report_html import report_html

Make = Callable[..., AssetRecord]
CONTRAST = ("contrast", "fail", (100, 200, 300, 260), 1.8, 4.5, "headline: contrast 1.80:1")
OCR_WARN = ("ocr", "unverified", (0, 0, 1080, 100), None, 0.9, "no OCR engine reads Thai")


def _pack(record: Make) -> list[AssetRecord]:
    return [
        record("instagram/feed-square__ar-SA.png", "ar-SA", problems=(CONTRAST,)),
        record("instagram/feed-square__en-US.png", "en-US"),
        record("instagram/feed-square__th-TH.png", "th-TH", problems=(OCR_WARN,)),
        record("x/post__en-US.png", "en-US", size=(1600, 900)),
    ]


def test_summary_counts_and_status(record: Make) -> None:
    assets = _pack(record)
    assert [asset_status(a) for a in assets] == ["fail", "pass", "warn", "pass"]
    html = gallery_html("spring", assets)
    assert '<b data-stat="assets">4</b>' in html
    assert '<b data-stat="pass">2</b>' in html
    assert '<b data-stat="warn">1</b>' in html
    assert '<b data-stat="fail">1</b>' in html


def test_assets_grouped_by_preset_with_locales_side_by_side(record: Make) -> None:
    html = gallery_html("spring", _pack(record))
    sections = re.findall(r'<section class="preset".*?</section>', html)
    assert len(sections) == 2
    assert re.findall(r'data-locale="([^"]+)"', sections[0]) == ["ar-SA", "en-US", "th-TH"]
    assert "1600×900" in sections[1]
    for option in ("ar-SA", "en-US", "th-TH", "instagram", "x"):
        assert f'<option value="{option}">' in html


def test_failure_is_outlined_in_percent_with_its_measured_value(record: Make) -> None:
    html = gallery_html("spring", _pack(record))
    # (100, 200, 300, 260) on 1080x1080: left 9.259%, top 18.519%, 18.519% x 5.556%.
    assert 'style="left:9.259%;top:18.519%;width:18.519%;height:5.556%"' in html
    assert "1.8 (limit 4.5)" in html
    assert '<span class="box warn" data-issues="1"' in html  # unverified shows as a warning


def test_text_is_escaped_and_direction_is_automatic(record: Make) -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    asset = record(
        "instagram/feed-square__ar-SA.png",
        "ar-SA",
        problems=(("ocr", "fail", None, 0.5, 0.9, f"read '{hostile}'"),),
        copy={"headline": "اسمع فقط ما يهمّك", "cta": hostile},
    )
    for html in (gallery_html("spring<b>", [asset]), report_html("spring<b>", [asset])):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
        assert "spring&lt;b&gt;" in html
    gallery = gallery_html("spring", [asset])
    assert '<dd dir="auto" lang="ar-SA">اسمع فقط ما يهمّك</dd>' in gallery


def test_links_are_relative(record: Make) -> None:
    for html in (gallery_html("spring", _pack(record)), report_html("spring", _pack(record))):
        targets = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert targets
        for target in targets:
            assert not re.match(r"^(https?:)?//|^/", target), target
        assert "http://" not in html and "https://" not in html


def test_output_is_deterministic(record: Make) -> None:
    assert gallery_html("spring", _pack(record)) == gallery_html("spring", _pack(record))
    assert report_html("spring", _pack(record)) == report_html("spring", _pack(record))


def test_report_lists_only_failing_and_warning_assets(record: Make) -> None:
    html = report_html("spring", _pack(record))
    articles = re.findall(r'<article class="review (\w+)" id="([^"]+)"', html)
    # Failures first, then warnings; passing assets are left out.
    assert articles == [
        ("fail", "a-instagram-feed-square__ar-SA-png"),
        ("warn", "a-instagram-feed-square__th-TH-png"),
    ]
    assert "2 of 4 assets need attention" in html
    assert 'href="index.html#a-instagram-feed-square__ar-SA-png"' in html
    assert '<td class="val">1.8</td><td class="val">4.5</td>' in html


def test_report_of_a_passing_pack_says_so(record: Make) -> None:
    html = report_html("spring", [record()])
    assert "All 1 assets passed every check." in html
    assert "<article" not in html


def test_helpers() -> None:
    assert fit(1080, 1920, 400, 260) == (146, 260)
    assert fit(320, 50, 400, 260) == (320, 50)  # never enlarged
    assert fmt_value(0.875) == "0.875" and fmt_value(231380.0) == "231380"
    assert fmt_value(None) == "" and fmt_value("jpeg") == "jpeg"
    # Regions past the canvas edge are clipped to it.
    assert box_style((-10, 0, 50, 200), 100, 100) == "left:0%;top:0%;width:50%;height:100%"
    assert bidi_text("read 'خصم 20%', expected '<b>'") == (
        "read '<bdi>خصم 20%</bdi>', expected '<bdi>&lt;b&gt;</bdi>'"
    )


def test_quoted_fragments_with_apostrophes_stay_isolated() -> None:
    # repr() switches to double quotes when the text holds an apostrophe.
    message = "badge: read \"خصم 000'آ\", expected 'خصم 20%'"
    assert bidi_text(message) == (
        "badge: read \"<bdi>خصم 000&#x27;آ</bdi>\", expected '<bdi>خصم 20%</bdi>'"
    )
