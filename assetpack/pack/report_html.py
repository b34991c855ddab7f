"""report.html: only the assets that failed or warned, each problem outlined and explained.

Where the gallery shows everything small, this page is the to-do list: a larger image with
the offending regions outlined and numbered, and beside it a table of what was measured
against what was required. Passing assets do not appear; a pack that passed says so.
"""

from __future__ import annotations

from collections import Counter

from assetpack.pack.gallery import header
from assetpack.pack.html_parts import (
    anchor,
    asset_status,
    bidi_text,
    check_status,
    esc,
    fmt_bytes,
    fmt_value,
    group_by_preset,
    numbered,
    page,
    thumbnail,
)
from assetpack.pack.models import AssetRecord
from assetpack.verify.report import Check

IMAGE_MAX_W = 560
IMAGE_MAX_H = 480
LINKS = ("index.html", "proof.pdf", "report.json")

STYLE = """
header.top{position:sticky;top:0;z-index:5}
main{padding:12px 24px 32px;max-width:1400px}
.summary{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002}
.summary table{border-collapse:collapse}.summary td{padding:1px 14px 1px 0}
article.review{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0;
box-shadow:0 1px 2px #0002;border-left:5px solid #cf222e}
article.review.warn{border-left-color:#d4a72c}
article h2{font-size:15px;margin:0 0 10px;display:flex;gap:10px;align-items:center}
article h2 small{color:#57606a;font-weight:400}
.pair{display:flex;gap:20px;align-items:flex-start;flex-wrap:wrap}
table.issues{border-collapse:collapse;font-size:13px;flex:1;min-width:420px}
table.issues th{text-align:left;color:#57606a;font-weight:600;border-bottom:1px solid #ddd;
padding:4px 8px}
table.issues td{border-bottom:1px solid #eee;padding:5px 8px;vertical-align:top}
table.issues td.msg{overflow-wrap:anywhere}
p.ok{font-size:16px;color:#1a7f37}
"""


def _row(number: int, item: Check, has_region: bool) -> str:
    status = check_status(item)
    label = f'<span class="n">{number}</span>' if has_region else f"({number})"
    return (
        f'<tr class="{status}" data-issue="{number}"><td>{label}</td>'
        f'<td><span class="badge {status}">{esc(item.status)}</span></td>'
        f"<td><b>{esc(item.name)}</b></td><td>{esc(item.slot)}</td>"
        f'<td class="val">{esc(fmt_value(item.measured))}</td>'
        f'<td class="val">{esc(fmt_value(item.threshold))}</td>'
        f'<td class="msg" dir="auto">{bidi_text(item.message)}</td></tr>'
    )


def _article(asset: AssetRecord) -> str:
    status = asset_status(asset)
    rows = "".join(_row(n, c, c.region is not None) for n, c in numbered(asset))
    table = (
        '<table class="issues"><thead><tr><th>#</th><th>Status</th><th>Check</th><th>Slot</th>'
        "<th>Measured</th><th>Threshold</th><th>What is wrong</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return (
        f'<article class="review {status}" id="{anchor(asset)}" data-asset>'
        f'<h2><span class="badge {status}">{status}</span>'
        f'<a href="{esc(asset.path)}">{esc(asset.preset)} · {esc(asset.locale)}</a>'
        f"<small>{asset.width}×{asset.height} {esc(asset.format.upper())}, "
        f"{fmt_bytes(asset.bytes)}</small>"
        f'<small><a href="index.html#{anchor(asset)}">in gallery</a></small></h2>'
        f'<div class="pair">{thumbnail(asset, IMAGE_MAX_W, IMAGE_MAX_H)}{table}</div></article>'
    )


def _summary(assets: list[AssetRecord], flagged: list[AssetRecord]) -> str:
    """How many assets need attention, and which checks are behind it (most failures first)."""
    failures: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    touched: dict[str, set[str]] = {}
    for asset in flagged:
        for item in asset.details:
            status = check_status(item)
            if status == "pass":
                continue
            (failures if status == "fail" else warnings)[item.name] += 1
            touched.setdefault(item.name, set()).add(asset.path)
    names = sorted(touched, key=lambda n: (-failures[n], -warnings[n], n))
    rows = "".join(
        f"<tr><td><b>{esc(n)}</b></td><td>{failures[n]} failed</td>"
        f"<td>{warnings[n]} warnings</td><td>in {len(touched[n])} assets</td></tr>"
        for n in names
    )
    return (
        f'<div class="summary"><p>{len(flagged)} of {len(assets)} assets need attention. '
        "Numbers on the images match the rows beside them; hover a row to highlight its "
        f"region.</p><table>{rows}</table></div>"
    )


def report_html(campaign: str, assets: list[AssetRecord]) -> str:
    """The review page: failing assets first, then those with warnings, grouped by preset."""
    flagged = [a for a in assets if asset_status(a) != "pass"]
    if flagged:
        ordered = sorted(
            (a for items in group_by_preset(flagged).values() for a in items),
            key=lambda a: 0 if asset_status(a) == "fail" else 1,
        )
        content = _summary(assets, flagged) + "".join(_article(a) for a in ordered)
    else:
        content = f'<p class="ok">All {len(assets)} assets passed every check.</p>'
    body = f"{header(campaign, assets, LINKS, 'review')}<main>{content}</main>"
    return page(f"{campaign}: review", STYLE, body)
