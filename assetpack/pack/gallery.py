"""index.html: every asset grouped by preset, locales side by side, with its check status."""

from __future__ import annotations

from html import escape

from assetpack.pack.models import AssetRecord

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f4f6;color:#1c1c22}
header{padding:16px 24px;background:#1c1c22;color:#fff;display:flex;gap:24px;align-items:baseline}
header h1{font-size:18px;margin:0}.ok{color:#1a7f37}.bad{color:#cf222e}
section{padding:12px 24px}h2{font-size:15px;margin:8px 0}
.row{display:flex;gap:12px;overflow-x:auto;padding-bottom:8px}
figure{margin:0;background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 2px #0002}
figure img{display:block;max-height:220px;max-width:320px;height:auto;width:auto}
figcaption{font-size:12px;margin-top:6px;display:flex;justify-content:space-between;gap:8px}
.badge{border-radius:10px;padding:0 8px;color:#fff;font-weight:600}
.pass{background:#1a7f37}.warn{background:#9a6700}.fail{background:#cf222e}
ul{margin:4px 0 0;padding-left:16px;font-size:12px;color:#cf222e;max-width:320px}
"""


def _status(asset: AssetRecord) -> str:
    values = asset.checks.values()
    return "fail" if "fail" in values else "warn" if "warn" in values else "pass"


def _figure(asset: AssetRecord) -> str:
    status = _status(asset)
    problems = "".join(f"<li>{escape(c.message)}</li>" for c in asset.details if c.status == "fail")
    return (
        f'<figure data-locale="{escape(asset.locale)}" data-status="{status}">'
        f'<a href="{escape(asset.path)}"><img src="{escape(asset.path)}" loading="lazy" '
        f'alt="{escape(asset.preset)} {escape(asset.locale)}"></a>'
        f"<figcaption><span>{escape(asset.locale)}</span>"
        f'<span class="badge {status}">{status}</span></figcaption>'
        f"{f'<ul>{problems}</ul>' if problems else ''}</figure>"
    )


def gallery_html(campaign: str, assets: list[AssetRecord]) -> str:
    by_preset: dict[str, list[AssetRecord]] = {}
    for asset in assets:
        by_preset.setdefault(asset.preset, []).append(asset)
    failed = sum(1 for a in assets if _status(a) == "fail")
    verdict = (
        f'<span class="ok">all {len(assets)} assets passed</span>'
        if not failed
        else f'<span class="bad">{failed} of {len(assets)} assets failed</span>'
    )
    sections = "".join(
        f'<section data-platform="{escape(preset.split("/")[0])}"><h2>{escape(preset)} '
        f"<small>{items[0].width}×{items[0].height}</small></h2>"
        f'<div class="row">{"".join(_figure(a) for a in items)}</div></section>'
        for preset, items in by_preset.items()
    )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>{escape(campaign)}: asset pack</title><style>{STYLE}</style>"
        f"<header><h1>{escape(campaign)}</h1>{verdict}"
        '<a style="color:#fff" href="report.json">report.json</a>'
        '<a style="color:#fff" href="manifest.json">manifest.json</a></header>'
        f"{sections}</html>\n"
    )
