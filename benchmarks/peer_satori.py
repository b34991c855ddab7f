"""The fastest usual way, measured here: Vercel's Satori lays a template out to SVG and resvg
renders it to PNG, in Node (benchmarks/peer_satori/render.mjs), no verification at all.

`python -m benchmarks.peer_satori [WORKERS] [COUNT]` prints one JSON line with the keys of
benchmarks/peer_chromium.py, over the same posters (1080x1080 and 1080x1920 in turn, five
languages, the example's copy and product as a data URL, the same layout and gradient):
images per second over COUNT posters, wall time including the workers' start-up; time to the
first image from process start; peak RSS of the whole process tree (this process and the
Node workers) sampled every 50 ms. Each worker is one Node process that loads the fonts once
and renders its share of the posters (round-robin), as a production service would; every
PNG is encoded, then dropped.

Fonts are assetpack's own (the Noto Sans, Noto Sans JP and Noto Sans SC its fallback chains
resolve to), at the template's weights 400, 700 and 800. They ship as variable fonts, which
Satori draws at their default instance (thin, for the CJK ones), so fontTools makes static
instances of them once, into a folder in the system temp directory kept across runs (a
deployment step, as installing fonts is for Chromium: about 100 s the first time). That
setup is left out of the wall and first-image times and reported as font_setup_seconds.
Each worker holds all nine faces (about 50 MB of font files, some 0.5 GB of RSS once Satori
has parsed them). Han text takes the locale's face (`lang` on the poster): Japanese shapes
for ja-JP, Simplified Chinese for zh-CN, where the Chromium template draws both with
Noto Sans CJK JP.

Setup: `npm ci` in benchmarks/peer_satori (`make bench` does it). Without Node or the
installed packages this exits non-zero, saying so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from benchmarks.peer_chromium import BRIEF, LOCALES, SIZES, _data_url
from benchmarks.sampling import run_workers

START = time.monotonic()
HERE = Path(__file__).resolve().parent / "peer_satori"
# (Satori's family name, assetpack's fallback script, the locale it is for)
FONTS = (
    ("Noto Sans", "latin", None),
    ("Noto Sans JP", "japanese", "ja-JP"),
    ("Noto Sans SC", "han_sc", "zh-CN"),
)
WEIGHTS = (400, 700, 800)
FONT_CACHE = Path(tempfile.gettempdir()) / "assetpack-satori-fonts"


def _fonts() -> list[dict[str, object]]:
    """Satori's font list: a static instance of each fallback font at each weight, made
    once (fontTools) and kept in FONT_CACHE."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    from assetpack.fonts.resolve import fallback_font_path

    fonts: list[dict[str, object]] = []
    for name, script, lang in FONTS:
        source = Path(fallback_font_path(script))
        stat = source.stat()
        for weight in WEIGHTS:
            static = FONT_CACHE / f"{source.stem}-{stat.st_size}-{int(stat.st_mtime)}-{weight}.ttf"
            if not static.exists():
                font = TTFont(source)
                if "fvar" in font:
                    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
                    font = instancer.instantiateVariableFont(font, {**axes, "wght": weight})
                FONT_CACHE.mkdir(exist_ok=True)
                partial = static.with_suffix(".part")
                font.save(partial)
                partial.replace(static)
            fonts.append({"name": name, "path": str(static), "weight": weight})
            if lang:
                fonts[-1]["lang"] = lang
    return fonts


def _jobs(count: int) -> tuple[str, list[dict[str, object]]]:
    """The product's data URL and COUNT posters: the Chromium peer's, in the same order."""
    brief = yaml.safe_load(BRIEF.read_text(encoding="utf-8"))
    product = _data_url(BRIEF.parent / brief["product"]["image"], "image/png")
    posters = [
        {"width": width, "height": height, "locale": locale, "copy": brief["copy"][locale]}
        for width, height in SIZES
        for locale in LOCALES
    ]
    return product, [posters[i % len(posters)] for i in range(count)]


def _worker(node: str, payload: str, firsts: list[float], made: list[int]) -> None:
    """One Node worker: its jobs on stdin, a line back per poster made."""
    process = subprocess.Popen(
        [node, str(HERE / "render.mjs")],
        cwd=HERE,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(payload)
    process.stdin.close()
    lines = 0
    for lines, _ in enumerate(process.stdout, start=1):
        if lines == 1:
            firsts.append(time.monotonic())
    made.append(lines if process.wait() == 0 else -1)


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    node = shutil.which("node")
    if node is None:
        raise SystemExit("peer_satori: Node.js (node) is not installed")
    if not (HERE / "node_modules" / "satori").is_dir():
        raise SystemExit(f"peer_satori: satori is not installed: run `npm ci` in {HERE}")
    setup = time.monotonic()
    fonts = _fonts()
    setup = time.monotonic() - setup
    product, jobs = _jobs(count)
    payloads = [
        json.dumps({"fonts": fonts, "product": product, "jobs": jobs[i::workers]})
        for i in range(workers)
    ]
    firsts: list[float] = []
    made: list[int] = []
    wall, peak_rss = run_workers(
        [threading.Thread(target=_worker, args=(node, p, firsts, made)) for p in payloads]
    )
    if sum(made) != count or min(made) < 0:
        raise SystemExit(f"peer_satori: the workers made {made} posters of {count}")
    print(
        json.dumps(
            {
                "peer": "Satori + resvg in Node, template to SVG to PNG (unverified)",
                "workers": workers,
                "images": count,
                "wall_seconds": round(wall, 2),
                "images_per_second": round(count / wall, 2),
                "first_image_seconds": round(min(firsts) - START - setup, 2),
                "peak_rss_mb": round(peak_rss / 2**20),
                "font_setup_seconds": round(setup, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
