"""Pieces shared by the gallery (index.html) and the review page (report.html).

Both pages are static files that must work from file:// and from a bucket, so everything is
inline (style, script, no fonts or CDNs) and every link is relative. Output depends only on
the records, never on the clock, so a rebuilt pack gives byte-identical pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from assetpack.pack.models import AssetRecord
from assetpack.verify.report import Check

_QUOTED = re.compile(r"""('[^'\n]*'|"[^"\n]*")""")
# Worst first: lists of problems read from what blocks delivery down to what only warns.
RANK = {"fail": 0, "warn": 1, "pass": 2}

BASE_STYLE = """
*{box-sizing:border-box}[hidden]{display:none!important}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f3f3f5;
color:#1c1c22}
a{color:#0b5cad}
header.top{padding:14px 24px;background:#1c1c22;color:#fff;display:flex;flex-wrap:wrap;
gap:10px 28px;align-items:center}
.bar{position:sticky;top:0;z-index:5}
header.top h1{font-size:18px;margin:0;font-weight:650}
header.top a{color:#cfe3ff}
.stats{display:flex;gap:14px;margin:0;padding:0;list-style:none}
.stats b{font-size:16px}.n-pass{color:#5fd38a}.n-warn{color:#f5c453}.n-fail{color:#ff7b72}
.links{display:flex;gap:14px;margin-left:auto}
.badge{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-weight:600;
font-size:12px;line-height:18px}
.badge.pass{background:#1a7f37}.badge.warn{background:#9a6700}.badge.fail{background:#cf222e}
.thumb{position:relative;display:block;background:#e6e6ea;flex:none;margin:0 auto}
.thumb img{display:block;width:100%;height:100%}
.box{position:absolute;border:2px solid #cf222e;box-shadow:0 0 0 1px #fff;pointer-events:none}
.box.warn{border-color:#d4a72c}
.box b{position:absolute;top:-9px;left:-9px;min-width:17px;height:17px;border-radius:9px;
background:#cf222e;color:#fff;font:700 11px/17px system-ui,sans-serif;text-align:center;
padding:0 3px}
.box.warn b{background:#9a6700}
.box.hot{border-width:3px;box-shadow:0 0 0 3px #fff8}
.layout{position:absolute;border:1px dashed #0969da;pointer-events:none}
.n{display:inline-block;min-width:17px;height:17px;border-radius:9px;color:#fff;
font:700 11px/17px system-ui,sans-serif;text-align:center;padding:0 3px;background:#6e7781}
.fail>.n,.fail .n{background:#cf222e}.warn>.n,.warn .n{background:#9a6700}
.val{font-variant-numeric:tabular-nums;white-space:nowrap}
"""

# Hovering a listed problem highlights its outline; works on both pages.
HIGHLIGHT_SCRIPT = """
document.addEventListener('mouseover',function(ev){
  var item=ev.target.closest?ev.target.closest('[data-issue]'):null;
  document.querySelectorAll('.box.hot').forEach(function(b){b.classList.remove('hot');});
  if(!item)return;
  var scope=item.closest('[data-asset]');
  if(!scope)return;
  scope.querySelectorAll('.box[data-issues~="'+item.dataset.issue+'"]').forEach(
    function(b){b.classList.add('hot');});
});
"""


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def check_status(item: Check) -> str:
    """A check's status as the pages color it: 'unverified' counts as a warning."""
    return "warn" if item.status == "unverified" else item.status


def asset_status(asset: AssetRecord) -> str:
    """fail, warn or pass: the worst of the asset's checks."""
    statuses = set(asset.checks.values()) | {check_status(c) for c in asset.details}
    return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"


def counts(assets: Iterable[AssetRecord]) -> dict[str, int]:
    found = {"pass": 0, "warn": 0, "fail": 0}
    for asset in assets:
        found[asset_status(asset)] += 1
    return found


def issues(asset: AssetRecord) -> list[Check]:
    """Checks that did not pass, failures first, otherwise in the order they were made."""
    bad = [c for c in asset.details if c.status != "pass"]
    return sorted(bad, key=lambda c: RANK[check_status(c)])


def bidi_text(message: str) -> str:
    """Escaped text with each quoted fragment isolated, so quoted Arabic or Hebrew inside an
    English sentence keeps its own order ("read 'خصم 20%'") instead of mixing with the frame.
    Fragments are quoted as Python's repr quotes them: '...', or "..." when they hold a '.
    """
    parts = _QUOTED.split(message)
    # split() with one group alternates: text, quoted, text, quoted, ..., text.
    return "".join(
        f"{part[0]}<bdi>{esc(part[1:-1])}</bdi>{part[-1]}" if index % 2 else esc(part)
        for index, part in enumerate(parts)
    )


def fmt_value(value: object) -> str:
    """Measured and threshold values, short: 0.875, 4.5, 231380; '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def fmt_bytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def fit(width: int, height: int, max_w: int, max_h: int) -> tuple[int, int]:
    """Thumbnail size inside max_w x max_h, never enlarged, at least 1 px each way."""
    scale = min(max_w / width, max_h / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _pct(value: int, whole: int) -> str:
    return f"{max(0.0, min(100.0, value * 100 / whole)):.3f}".rstrip("0").rstrip(".") + "%"


def box_style(region: tuple[int, int, int, int] | list[int], width: int, height: int) -> str:
    """CSS placing a pixel box over an image in percentages, so it scales with the thumbnail.

    Regions can reach past the canvas (a logo's clear-space zone near an edge); they are
    clipped so the outline stays on the image.
    """
    x0, y0, x1, y1 = region
    left, top = _pct(x0, width), _pct(y0, height)
    w = _pct(max(0, min(x1, width) - max(x0, 0)), width)
    h = _pct(max(0, min(y1, height) - max(y0, 0)), height)
    return f"left:{left};top:{top};width:{w};height:{h}"


def numbered(asset: AssetRecord) -> list[tuple[int, Check]]:
    """Problems with their number as shown on the outline and in the list (1-based)."""
    return list(enumerate(issues(asset), start=1))


def outlines(asset: AssetRecord, problems: list[tuple[int, Check]]) -> str:
    """One outline per distinct problem region, labelled with every problem number inside."""
    by_region: dict[tuple[int, ...], list[tuple[int, Check]]] = {}
    for number, item in problems:
        if item.region is not None:
            by_region.setdefault(tuple(item.region), []).append((number, item))
    parts = []
    for region, items in by_region.items():
        status = "fail" if any(check_status(c) == "fail" for _, c in items) else "warn"
        numbers = [str(n) for n, _ in items]
        style = box_style(list(region), asset.width, asset.height)
        parts.append(
            f'<span class="box {status}" data-issues="{" ".join(numbers)}" style="{style}">'
            f"<b>{','.join(numbers)}</b></span>"
        )
    return "".join(parts)


def layout_boxes(asset: AssetRecord) -> str:
    """Every text slot's drawn box, for the gallery's 'show text boxes' toggle."""
    return "".join(
        f'<span class="layout" title="{esc(slot)}" '
        f'style="{box_style(box, asset.width, asset.height)}"></span>'
        for slot, box in sorted(asset.regions.items())
        if len(box) == 4
    )


def thumbnail(asset: AssetRecord, max_w: int, max_h: int, extra: str = "") -> str:
    """The image, linked to its full-size file, with problem outlines drawn over it."""
    width, height = fit(asset.width, asset.height, max_w, max_h)
    alt = f"{asset.preset} {asset.locale}"
    title = f"{asset.width}×{asset.height} {asset.format.upper()}, {fmt_bytes(asset.bytes)}"
    return (
        f'<a class="thumb" href="{esc(asset.path)}" title="{esc(title)}" '
        f'style="width:{width}px;height:{height}px">'
        f'<img src="{esc(asset.path)}" width="{width}" height="{height}" alt="{esc(alt)}" '
        f'loading="lazy" decoding="async">{outlines(asset, numbered(asset))}{extra}</a>'
    )


def measured_text(item: Check) -> str:
    """'0.5 (limit 0.9)' for numbers, 'product, expected none' for words; either may be absent."""
    measured, threshold = fmt_value(item.measured), fmt_value(item.threshold)
    if measured and threshold:
        numeric = all(isinstance(v, int | float) for v in (item.measured, item.threshold))
        return f"{measured} (limit {threshold})" if numeric else f"{measured}, expected {threshold}"
    return measured or (f"limit {threshold}" if threshold else "")


def page(title: str, style: str, body: str, script: str = "") -> str:
    """A complete standalone HTML document."""
    return (
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        # An empty icon, so browsers do not ask the bucket (or disk) for /favicon.ico.
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n<style>{BASE_STYLE}{style}</style>\n</head>\n"
        f"<body>\n{body}\n<script>{HIGHLIGHT_SCRIPT}{script}</script>\n</body>\n</html>\n"
    )


def stats(assets: list[AssetRecord]) -> str:
    found = counts(assets)
    return (
        '<ul class="stats">'
        f'<li><b data-stat="assets">{len(assets)}</b> assets</li>'
        f'<li class="n-pass"><b data-stat="pass">{found["pass"]}</b> passed</li>'
        f'<li class="n-warn"><b data-stat="warn">{found["warn"]}</b> warnings</li>'
        f'<li class="n-fail"><b data-stat="fail">{found["fail"]}</b> failed</li></ul>'
    )


def group_by_preset(assets: list[AssetRecord]) -> dict[str, list[AssetRecord]]:
    """Presets in first-seen order, each with its locales sorted, so pages are stable."""
    groups: dict[str, list[AssetRecord]] = {}
    for asset in assets:
        groups.setdefault(asset.preset, []).append(asset)
    return {k: sorted(v, key=lambda a: (a.locale, a.path)) for k, v in groups.items()}


def sets_by_locale(items: list[AssetRecord]) -> list[list[AssetRecord]]:
    """A set preset's panels, one list per locale, in swipe order."""
    groups: dict[str, list[AssetRecord]] = {}
    for asset in items:
        groups.setdefault(asset.locale, []).append(asset)
    return [sorted(g, key=lambda a: (a.panel or 0, a.path)) for g in groups.values()]


def anchor(asset: AssetRecord) -> str:
    """A stable element id for an asset, usable in links between the two pages."""
    return "a-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in asset.path)
