"""The gallery and review page in a real browser: Debian's Chromium, headless, via Playwright.

Playwright only drives the system Chromium (executable_path); it never downloads a browser.
The pages are opened from file://, the harshest place they must work (no server, null origin).
On CI a missing browser is a failure, not a skip: the page's script is only tested here.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assetpack.pack.gallery import gallery_html
from assetpack.pack.models import AssetRecord
from assetpack.pack.report_html import report_html
from assetpack.verify.report import Check

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The one asset given a failure by hand: a clean two-locale build passes everything.
BROKEN = "instagram/feed-square__ar-SA.png"


def _unavailable(reason: str) -> None:
    # `make test` installs both (Debian's chromium, the playwright package): no silent skip.
    pytest.fail(f"{reason}; run `make test`, which installs chromium and playwright")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed")
    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _with_failure(asset: AssetRecord) -> AssetRecord:
    """The asset plus a failing contrast check on its headline's drawn box."""
    region = tuple(asset.regions["headline"])
    failure = Check(
        name="contrast",
        status="fail",
        slot="headline",
        region=region,  # type: ignore[arg-type]
        measured=1.8,
        threshold=4.5,
        message="headline: contrast 1.80:1 is below WCAG AA 4.5:1",
    )
    checks = {**asset.checks, "contrast": "fail"}
    return asset.model_copy(update={"details": [*asset.details, failure], "checks": checks})


@pytest.fixture(scope="module")
def pages(small_pack: tuple[Path, list[AssetRecord]], tmp_path_factory: Any) -> Path:
    """A copy of the small pack whose gallery and review page show one failing asset."""
    built, assets = small_pack
    root = tmp_path_factory.mktemp("pages") / built.name
    shutil.copytree(built, root)
    assets = [_with_failure(a) if a.path == BROKEN else a for a in assets]
    campaign = built.name
    (root / "index.html").write_text(gallery_html(campaign, assets), encoding="utf-8")
    (root / "report.html").write_text(report_html(campaign, assets), encoding="utf-8")
    return root


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    tab.errors = errors
    yield tab
    context.close()


def _load_all_images(page: Any) -> list[dict[str, Any]]:
    # Thumbnails are lazy; make them eager so every one is fetched, then wait for all.
    page.evaluate("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=20000)
    return page.evaluate(
        "Array.from(document.images).map(i => ({src: i.getAttribute('src'), w: i.naturalWidth}))"
    )


def _visible_locales(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "figure.asset", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.locale)"
    )


def test_gallery_loads_every_image_and_filters(page: Any, pages: Path, tmp_path: Path) -> None:
    page.goto((pages / "index.html").as_uri())
    images = _load_all_images(page)
    assert len(images) == 4
    assert [i["src"] for i in images if i["w"] == 0] == []
    assert sorted(_visible_locales(page)) == ["ar-SA", "ar-SA", "en-US", "en-US"]
    assert page.inner_text("[data-stat=fail]") == "1"

    page.select_option("select[name=locale]", "ar-SA")
    assert _visible_locales(page) == ["ar-SA", "ar-SA"]
    assert page.inner_text("#shown") == "2 of 4 assets shown"

    page.select_option("select[name=locale]", "")
    page.select_option("select[name=status]", "fail")
    visible = page.eval_on_selector_all(
        "figure.asset", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )
    assert len(visible) == 1 and "ar-SA" in visible[0]
    # Sections with nothing left to show disappear along with their heading.
    assert page.locator("section.preset:visible").count() == 1

    page.select_option("select[name=status]", "")
    page.select_option("select[name=platform]", "google-display")
    assert page.locator("figure.asset:visible").count() == 2
    page.screenshot(path=str(tmp_path / "gallery.png"), full_page=True)
    assert (tmp_path / "gallery.png").stat().st_size > 10_000
    assert page.errors == []


def test_outline_is_drawn_over_the_failing_region(page: Any, pages: Path) -> None:
    page.goto((pages / "index.html").as_uri())
    _load_all_images(page)
    figure = page.locator("figure.asset.fail")
    image = figure.locator("img").bounding_box()
    box = figure.locator(".box.fail").bounding_box()
    x0, y0, x1, y1 = _headline_region(pages)
    scale = image["width"] / 1080
    # The outline is a 2 px border around the region, scaled to the thumbnail.
    assert abs(box["x"] - (image["x"] + x0 * scale)) <= 2
    assert abs(box["y"] - (image["y"] + y0 * scale)) <= 2
    assert abs(box["width"] - (x1 - x0) * scale) <= 3
    assert abs(box["height"] - (y1 - y0) * scale) <= 3
    assert "1.8 (limit 4.5)" in figure.inner_text()
    page.uncheck("input[name=boxes]")
    assert not figure.locator(".box.fail").is_visible()
    assert page.errors == []


def _headline_region(root: Path) -> list[int]:
    import json

    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    entry = next(a for a in manifest["assets"] if a["path"] == BROKEN)
    return list(entry["regions"]["headline"])


def test_filters_come_from_the_address(page: Any, pages: Path) -> None:
    page.goto((pages / "index.html").as_uri() + "#locale=en-US&status=pass")
    assert page.input_value("select[name=locale]") == "en-US"
    assert sorted(_visible_locales(page)) == ["en-US", "en-US"]
    assert page.errors == []


def test_review_page_shows_only_the_failing_asset(page: Any, pages: Path, tmp_path: Path) -> None:
    page.goto((pages / "report.html").as_uri())
    images = _load_all_images(page)
    assert [i["src"] for i in images] == [BROKEN]
    assert all(i["w"] > 0 for i in images)
    article = page.locator("article.review")
    assert article.count() == 1
    assert "contrast" in article.inner_text() and "1.8" in article.inner_text()
    assert article.locator(".box.fail").is_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert page.errors == []
