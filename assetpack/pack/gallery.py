"""index.html: every asset grouped by preset, locales side by side, with its checks.

A reviewer compares languages at a glance: one row per preset, one card per locale, every
card the same thumbnail size. Problems are outlined on the thumbnail where the check looked,
numbered, and listed with the measured value under it. Filters (platform, locale, status)
are plain JS over data attributes; their state lives in the URL hash so a link like
`index.html#locale=ar-SA&status=fail` can be pasted into a chat.
"""

from __future__ import annotations

from collections.abc import Sequence

from assetpack.pack.html_parts import (
    anchor,
    asset_status,
    bidi_text,
    check_status,
    counts,
    esc,
    fit,
    fmt_bytes,
    group_by_preset,
    layout_boxes,
    measured_text,
    numbered,
    page,
    sets_by_locale,
    stats,
    thumbnail,
)
from assetpack.pack.models import AssetRecord

# Thumbnails fit this box: wide enough for a 728x90 banner to stay readable, low enough
# that a row of portrait assets fits on a laptop screen.
THUMB_MAX_W = 400
THUMB_MAX_H = 260
CARD_MIN_W = 240

# Files the header links to when the pack has them (all relative to index.html).
DEFAULT_LINKS = ("report.html", "proof.pdf", "manifest.json", "report.json", "pack.zip")
LINK_LABELS = {
    "index.html": "Gallery",
    "report.html": "Review problems",
    "proof.pdf": "Proof sheet (PDF)",
    "proof.png": "Proof sheet (PNG)",
    "manifest.json": "manifest.json",
    "report.json": "report.json",
    "pack.zip": "pack.zip",
}

STYLE = """
form.filters{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;padding:10px 24px;
background:#fff;border-bottom:1px solid #ddd}
form.filters select{font:inherit;padding:2px 4px}
form.filters output{margin-left:auto;color:#57606a}
section.preset{padding:10px 24px 6px}
section.preset h2{font-size:15px;margin:8px 0 10px;font-weight:650}
section.preset h2 small{color:#57606a;font-weight:400;margin-left:8px}
.row{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
figure.asset{margin:0;background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 2px #0002;
border-top:4px solid #1a7f37}
figure.asset.warn{border-top-color:#d4a72c}figure.asset.fail{border-top-color:#cf222e}
figcaption{font-size:12px;margin-top:6px}
.cap{display:flex;justify-content:space-between;align-items:center;gap:8px}
.cap .loc{font-weight:650;font-size:13px}
ol.issues{margin:6px 0 0;padding:0;list-style:none}
ol.issues li{margin:3px 0;padding-left:22px;position:relative}
ol.issues li>.n{position:absolute;left:0;top:1px}
ol.issues .msg{color:#57606a;overflow-wrap:anywhere}
.chips{display:flex;flex-wrap:wrap;gap:3px;margin-top:6px}
.chip{border-radius:4px;padding:0 5px;font-size:11px;background:#dafbe1;color:#116329}
.chip.warn{background:#fff8c5;color:#7d4e00}.chip.fail{background:#ffebe9;color:#a40e26}
details{margin-top:6px}summary{cursor:pointer;color:#57606a}
dl.copy{margin:4px 0 0;display:grid;grid-template-columns:auto 1fr;gap:2px 8px}
dl.copy dt{color:#57606a}dl.copy dd{margin:0;overflow-wrap:anywhere}
.meta{margin-top:6px;color:#57606a}
body.no-boxes .box{display:none}body:not(.show-layout) .layout{display:none}
p.empty{padding:24px;color:#57606a}
.set{margin:0 0 14px}
.set h3{font-size:13px;margin:0 0 6px;font-weight:650}
.set h3 small{color:#57606a;font-weight:400;margin-left:6px}
.swipe{display:flex;gap:4px;overflow-x:auto;scroll-snap-type:x mandatory;padding-bottom:6px;
align-items:flex-start}
.swipe figure.asset{flex:0 0 auto;scroll-snap-align:start}
"""

SCRIPT = """
(function(){
  var form=document.getElementById('filters');
  var figures=Array.prototype.slice.call(document.querySelectorAll('figure.asset'));
  var sections=document.querySelectorAll('section.preset');
  var keys=['platform','locale','status'];
  function matches(fig,want){
    var s=fig.dataset.status;
    return (!want.platform||fig.dataset.platform===want.platform)&&
      (!want.locale||fig.dataset.locale===want.locale)&&
      (!want.status||s===want.status||(want.status==='issues'&&s!=='pass'));
  }
  function apply(){
    var want={},shown=0,hash=[];
    keys.forEach(function(k){want[k]=form.elements[k].value;
      if(want[k])hash.push(k+'='+encodeURIComponent(want[k]));});
    figures.forEach(function(fig){var ok=matches(fig,want);fig.hidden=!ok;if(ok)shown++;});
    sections.forEach(function(sec){
      sec.hidden=!sec.querySelector('figure.asset:not([hidden])');});
    document.querySelectorAll('.set').forEach(function(row){
      row.hidden=!row.querySelector('figure.asset:not([hidden])');});
    document.body.classList.toggle('no-boxes',!form.elements.boxes.checked);
    document.body.classList.toggle('show-layout',form.elements.layout.checked);
    document.getElementById('shown').textContent=shown+' of '+figures.length+' assets shown';
    document.getElementById('empty').hidden=shown>0;
    return hash;
  }
  function remember(hash){
    // Keep the filter in the address so the view can be shared; a file:// page may refuse.
    try{history.replaceState(null,'',hash.length?'#'+hash.join('&'):location.pathname);}
    catch(e){}
  }
  function fromHash(){
    location.hash.replace(/^#/,'').split('&').forEach(function(pair){
      var kv=pair.split('='),el=form.elements[kv[0]];
      if(kv.length===2&&keys.indexOf(kv[0])>=0&&el){
        var value=decodeURIComponent(kv[1]);
        if(Array.prototype.some.call(el.options,function(o){return o.value===value;}))
          el.value=value;
      }
    });
  }
  form.addEventListener('change',function(){remember(apply());});
  form.addEventListener('submit',function(ev){ev.preventDefault();});
  fromHash();apply();
})();
"""


def _issue_list(asset: AssetRecord) -> str:
    items = []
    for number, item in numbered(asset):
        where = f" · {esc(item.slot)}" if item.slot else ""
        value = measured_text(item)
        items.append(
            f'<li class="{check_status(item)}" data-issue="{number}">'
            f'<span class="n">{number}</span><b>{esc(item.name)}</b>{where} '
            f'<span class="val">{esc(value)}</span>'
            f'<div class="msg" dir="auto">{bidi_text(item.message)}</div></li>'
        )
    return f'<ol class="issues">{"".join(items)}</ol>' if items else ""


def _chips(asset: AssetRecord) -> str:
    """One chip per check name with its worst status; the title counts the individual checks."""
    chips = []
    for name, status in sorted(asset.checks.items()):
        mine = [c for c in asset.details if c.name == name]
        tally = {s: sum(1 for c in mine if check_status(c) == s) for s in ("pass", "warn", "fail")}
        title = ", ".join(f"{n} {s}" for s, n in tally.items() if n) or status
        chips.append(f'<span class="chip {esc(status)}" title="{esc(title)}">{esc(name)}</span>')
    return f'<div class="chips">{"".join(chips)}</div>'


def _copy(asset: AssetRecord) -> str:
    if not asset.copy_text:
        return ""
    rows = "".join(
        f'<dt>{esc(slot)}</dt><dd dir="auto" lang="{esc(asset.locale)}">{esc(text)}</dd>'
        for slot, text in asset.copy_text.items()
    )
    return f'<details><summary>Copy</summary><dl class="copy">{rows}</dl></details>'


def figure(asset: AssetRecord) -> str:
    status = asset_status(asset)
    thumb_w, _ = fit(asset.width, asset.height, THUMB_MAX_W, THUMB_MAX_H)
    meta = (
        f'<a href="{esc(asset.path)}">Full size</a> · {asset.width}×{asset.height} '
        f"{esc(asset.format.upper())} · {fmt_bytes(asset.bytes)}"
    )
    return (
        f'<figure class="asset {status}" id="{anchor(asset)}" data-asset '
        f'data-platform="{esc(asset.platform)}" data-locale="{esc(asset.locale)}" '
        f'data-status="{status}" style="width:{max(thumb_w, CARD_MIN_W) + 16}px">'
        f"{thumbnail(asset, THUMB_MAX_W, THUMB_MAX_H, layout_boxes(asset))}"
        f'<figcaption><div class="cap"><span class="loc">{_label(asset)}</span>'
        f'<span class="badge {status}">{status}</span></div>'
        f"{_issue_list(asset)}{_chips(asset)}{_copy(asset)}"
        f'<div class="meta">{meta}</div></figcaption></figure>'
    )


def _label(asset: AssetRecord) -> str:
    if asset.panel is None:
        return esc(asset.locale)
    return f"{esc(asset.locale)} · {asset.panel}/{asset.panels} {esc(asset.panel_role or '')}"


def _section(preset: str, items: list[AssetRecord]) -> str:
    first = items[0]
    if first.panel is not None:
        body = "".join(_set_row(group) for group in sets_by_locale(items))
    else:
        body = f'<div class="row">{"".join(figure(a) for a in items)}</div>'
    return (
        f'<section class="preset" data-platform="{esc(first.platform)}" id="p-{esc(preset)}">'
        f"<h2>{esc(preset)}<small>{first.width}×{first.height}</small></h2>{body}</section>"
    )


def _set_row(panels: list[AssetRecord]) -> str:
    """One locale's set as a row you swipe through, panel by panel (scroll snapping), in
    swipe order: left to right in every locale, as the platforms show it."""
    first = panels[0]
    statuses = {asset_status(a) for a in panels}
    status = next((s for s in ("fail", "warn") if s in statuses), "pass")
    return (
        f'<div class="set" data-locale="{esc(first.locale)}" dir="ltr">'
        f"<h3>{esc(first.locale)}<small>{len(panels)} panels · swipe →</small> "
        f'<span class="badge {status}">{status}</span></h3>'
        f'<div class="swipe">{"".join(figure(a) for a in panels)}</div></div>'
    )


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    html = "".join(f'<option value="{esc(v)}">{esc(text)}</option>' for v, text in options)
    return f'<label>{label} <select name="{name}">{html}</select></label>'


def _filters(assets: list[AssetRecord]) -> str:
    platforms = sorted({a.platform for a in assets})
    locales = sorted({a.locale for a in assets})
    found = counts(assets)
    statuses = [
        ("", "Any status"),
        ("issues", f"Failed or warnings ({found['fail'] + found['warn']})"),
        ("fail", f"Failed ({found['fail']})"),
        ("warn", f"Warnings ({found['warn']})"),
        ("pass", f"Passed ({found['pass']})"),
    ]
    return (
        '<form class="filters" id="filters">'
        + _select("platform", "Platform", [("", "All platforms")] + [(p, p) for p in platforms])
        + _select("locale", "Locale", [("", "All locales")] + [(loc, loc) for loc in locales])
        + _select("status", "Status", statuses)
        + '<label><input type="checkbox" name="boxes" checked> Outline problems</label>'
        '<label><input type="checkbox" name="layout"> Show text boxes</label>'
        f'<output id="shown">{len(assets)} of {len(assets)} assets shown</output></form>'
    )


def header(campaign: str, assets: list[AssetRecord], links: Sequence[str], title: str) -> str:
    anchors = "".join(f'<a href="{esc(n)}">{esc(LINK_LABELS.get(n, n))}</a>' for n in links)
    return (
        f'<header class="top"><h1>{esc(campaign)} <small>{esc(title)}</small></h1>'
        f'{stats(assets)}<nav class="links">{anchors}</nav></header>'
    )


def gallery_html(
    campaign: str, assets: list[AssetRecord], links: Sequence[str] = DEFAULT_LINKS
) -> str:
    """The gallery page for `assets`; `links` are the pack's other files to link from the top."""
    sections = "".join(_section(p, items) for p, items in group_by_preset(assets).items())
    body = (
        f'<div class="bar">{header(campaign, assets, links, "asset pack")}{_filters(assets)}</div>'
        f"<main>{sections}"
        '<p class="empty" id="empty" hidden>No asset matches these filters.</p></main>'
    )
    return page(f"{campaign}: asset pack", STYLE, body, SCRIPT)
