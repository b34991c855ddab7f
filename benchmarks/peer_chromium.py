"""The usual way, measured here: an HTML template screenshotted by a persistent headless
Chromium (Debian's, driven by Playwright), no verification at all.

`python -m benchmarks.peer_chromium [WORKERS] [COUNT]` prints one JSON line: images per
second over COUNT posters (1080x1080 and 1080x1920 in turn, five languages, the example's
copy, art and product as data URLs), time to the first image from process start, and peak
RSS of the whole process tree (the browsers included). Each worker process keeps one browser
and one page, as a production service would.
"""

from __future__ import annotations

import base64
import html
import json
import multiprocessing
import sys
import time
from pathlib import Path

import yaml

from benchmarks.sampling import run_workers

START = time.monotonic()
ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "examples" / "spring-launch" / "brief.yaml"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
LOCALES = ("en-US", "de-DE", "fr-FR", "ja-JP", "zh-CN")
SIZES = ((1080, 1080), (1080, 1920))


def _data_url(path: Path, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _pages() -> list[tuple[int, int, str]]:
    brief = yaml.safe_load(BRIEF.read_text(encoding="utf-8"))
    product = _data_url(BRIEF.parent / brief["product"]["image"], "image/png")
    pages = []
    for width, height in SIZES:
        for locale in LOCALES:
            copy = {k: html.escape(str(v)) for k, v in brief["copy"][locale].items()}
            pages.append((width, height, _template(width, height, locale, copy, product)))
    return pages


def _template(width: int, height: int, locale: str, copy: dict[str, str], product: str) -> str:
    return f"""<!doctype html><html lang="{locale}"><head><meta charset="utf-8"><style>
body{{margin:0}} .p{{width:{width}px;height:{height}px;position:relative;overflow:hidden;
background:linear-gradient(160deg,#F4EFE6,#E7DCCB);font-family:'Noto Sans','Noto Sans CJK JP',
sans-serif;color:#1A1D2E}} h1{{position:absolute;left:76px;top:140px;width:60%;font-size:96px;
line-height:1.05;margin:0;font-weight:800}} p{{position:absolute;left:76px;top:{height // 2}px;
width:50%;font-size:40px;margin:0}} .cta{{position:absolute;left:76px;bottom:120px;
padding:18px 36px;border-radius:14px;background:#F2A93B;font-size:36px;font-weight:700}}
img{{position:absolute;right:40px;bottom:60px;width:45%}}</style></head><body><div class="p">
<h1>{copy.get("headline", "")}</h1><p>{copy.get("subhead", "")}</p>
<div class="cta">{copy.get("cta", "")}</div><img src="{product}"></div></body></html>"""


def _worker(jobs: list[tuple[int, int, str]], first: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        for index, (width, height, markup) in enumerate(jobs):
            page.set_viewport_size({"width": width, "height": height})
            page.set_content(markup)
            page.screenshot(type="png", full_page=False)
            if index == 0:
                first.put(time.monotonic())
        browser.close()


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    pages = _pages()
    jobs = [pages[i % len(pages)] for i in range(count)]
    first: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    wall, peak_rss = run_workers(
        [
            multiprocessing.Process(target=_worker, args=(jobs[i::workers], first))
            for i in range(workers)
        ]
    )
    first_at = min(first.get() for _ in range(workers)) - START
    print(
        json.dumps(
            {
                "peer": "headless Chromium, HTML template screenshots (unverified)",
                "workers": workers,
                "images": count,
                "wall_seconds": round(wall, 2),
                "images_per_second": round(count / wall, 2),
                "first_image_seconds": round(first_at, 2),
                "peak_rss_mb": round(peak_rss / 2**20),
            }
        )
    )


if __name__ == "__main__":
    main()
