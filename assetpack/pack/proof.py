"""Proof sheets: every asset of a pack on labelled A4 pages, as PNG (for a chat) and PDF (to
print and sign off).

Pages are A4 at 150 dpi. Assets are grouped by preset, one heading per preset, locales side
by side in a grid; each cell is labelled with locale, preset and status, and a failing asset
gets a red frame with its failing regions outlined, so a printed proof still shows what the
gallery shows. The first page carries the summary and a sign-off line.

Files: `proof.pdf` (all pages), `proof.png` (page 1) and `proof-2.png`, `proof-3.png`, ... for
the pages after it, so `proof.png` always exists and is the page to paste first.
Output is deterministic: no dates in the PDF, fixed fonts, fixed order.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageDraw, ImageFont

from assetpack.pack.encode import up_png
from assetpack.pack.html_parts import (
    asset_status,
    counts,
    group_by_preset,
    issues,
    sets_by_locale,
)
from assetpack.pack.models import AssetRecord
from assetpack.pack.pdf import write_pdf

DPI = 150
PAGE_W, PAGE_H = 1240, 1754  # A4 (210 x 297 mm) at 150 dpi
MARGIN = 64
CONTENT_W = PAGE_W - 2 * MARGIN
HEADER_H = 118  # campaign line, summary line, rule
FOOTER_H = 44
SIGN_OFF_H = 96  # first page only
GAP = 20
ROW_GAP = 26
HEADING_H = 44
LABEL_H = 46
CELL_MIN_W = 176
# Thumbnails get about this many pixels each, so a square and a story read as equally
# important; the caps keep skyscrapers and leaderboards from taking a whole page.
THUMB_AREA = 250 * 250
THUMB_MAX_H = 340
# Thumbnails made beside each asset by the build, so the proof need not decode every file
# again (a 1080x1920 PNG took 17 ms of the parent's time to decode).
PREPARED = ".proof-thumbnails"
SAVING_PAGES = 2  # pages drawn and not yet written (6.5 MB of pixels each)

INK = (28, 28, 34)
MUTED = (96, 102, 112)
RULE = (214, 216, 222)
PAPER = (255, 255, 255)
PLATE = (240, 240, 243)
STATUS_COLORS = {"pass": (26, 127, 55), "warn": (154, 103, 0), "fail": (207, 34, 46)}
STATUS_WORDS = {"pass": "PASS", "warn": "WARN", "fail": "FAIL"}
FAMILY = "Plus Jakarta Sans"


@dataclass(frozen=True)
class Row:
    """One line of the proof: a preset heading, or a row of cells of one preset."""

    preset: str
    assets: tuple[AssetRecord, ...] = ()
    thumb: tuple[int, int] = (0, 0)
    cell_w: int = 0
    continued: bool = False
    strip: bool = False  # one locale's multi-panel set, panels side by side in swipe order

    @property
    def height(self) -> int:
        return HEADING_H if not self.assets else self.thumb[1] + LABEL_H + ROW_GAP


@cache
def _font(size: int, weight: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The brand-neutral house font at a weight; Pillow's own font if it is not installed."""
    from assetpack.fonts.faces import find_family

    face = find_family(FAMILY, weight)
    if face is None:
        return ImageFont.load_default(size)
    font = ImageFont.truetype(face.path, size)
    if any(tag == "wght" for tag, *_ in face.axes):
        font.set_variation_by_axes([weight])
    return font


@lru_cache(maxsize=1024)
def _text_mask(
    text: str, size: int, weight: int, anchor: str | None, start: tuple[float, float]
) -> tuple[Image.Image, int, int]:
    """`text` in the house font as coverage ("L"), drawn at a point with this fractional part
    (`start`), and where that point's whole pixel lies in the mask. The labels repeat in every
    cell: a 1,050-asset proof rendered text 3,915 times for about 70 distinct labels."""
    font = _font(size, weight)
    left, top, right, bottom = font.getbbox(text, anchor=anchor)
    x, y = 2 - min(0, math.floor(left)), 2 - min(0, math.floor(top))  # room for the fraction
    mask = Image.new("L", (x + max(0, math.ceil(right)) + 2, y + max(0, math.ceil(bottom)) + 2))
    ImageDraw.Draw(mask).text((x + start[0], y + start[1]), text, 255, font, anchor)
    return mask, x, y


def _text(
    sheet: Image.Image,
    xy: tuple[float, float],
    text: str,
    font: tuple[int, int],
    fill: tuple[int, int, int],
    anchor: str | None = None,
) -> None:
    """Draw `text` at `xy` in the house font (size, weight): the pixels ImageDraw.text draws,
    which blends its colour through the glyphs' coverage as this paste does."""
    column, row = math.floor(xy[0]), math.floor(xy[1])
    mask, x, y = _text_mask(text, *font, anchor, (xy[0] - column, xy[1] - row))
    sheet.paste(fill, (column - x, row - y), mask)


@lru_cache(maxsize=1024)
def _text_length(text: str, size: int, weight: int) -> float:
    return _font(size, weight).getlength(text, "L")


def _thumb_size(asset: AssetRecord) -> tuple[int, int]:
    # At most half the content width, so even leaderboards sit two to a row.
    max_w = (CONTENT_W - GAP) // 2
    scale = min(
        math.sqrt(THUMB_AREA / (asset.width * asset.height)),
        THUMB_MAX_H / asset.height,
        max_w / asset.width,
        1.0,
    )
    return max(1, round(asset.width * scale)), max(1, round(asset.height * scale))


def plan_rows(assets: list[AssetRecord]) -> list[Row]:
    """Headings and cell rows for every preset, in gallery order."""
    rows: list[Row] = []
    for preset, items in group_by_preset(assets).items():
        if items[0].panel is not None:
            rows.append(Row(preset))
            rows += [_strip_row(preset, tuple(panels)) for panels in sets_by_locale(items)]
            continue
        thumb = _thumb_size(items[0])
        cell_w = max(thumb[0], CELL_MIN_W)
        per_row = max(1, min(len(items), (CONTENT_W + GAP) // (cell_w + GAP)))
        rows.append(Row(preset))
        for start in range(0, len(items), per_row):
            chunk = tuple(items[start : start + per_row])
            rows.append(Row(preset, chunk, thumb, cell_w))
    return rows


def _strip_row(preset: str, panels: tuple[AssetRecord, ...]) -> Row:
    """A set on one row, panels touching, so the proof shows whether the panorama runs on."""
    thumb = _strip_thumb(panels[0], len(panels))
    return Row(preset, panels, thumb, thumb[0], strip=True)


def paginate(rows: list[Row]) -> list[list[Row]]:
    """Rows split into pages; a heading never ends a page, a split preset is re-headed."""
    pages: list[list[Row]] = [[]]
    room = _room(first=True)
    for index, row in enumerate(rows):
        need = row.height
        if not row.assets and index + 1 < len(rows):
            need += rows[index + 1].height  # keep a heading with its first row
        if need > room and pages[-1]:
            pages.append([])
            room = _room(first=False)
            if row.assets:  # a preset continues on the new page: repeat its heading
                heading = Row(row.preset, continued=True)
                pages[-1].append(heading)
                room -= heading.height
        pages[-1].append(row)
        room -= row.height
    return pages


def _room(first: bool) -> int:
    return PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H - (SIGN_OFF_H if first else 0)


def _pill(sheet: Image.Image, right: int, top: int, status: str) -> None:
    text = STATUS_WORDS[status]
    width = round(_text_length(text, 13, 700)) + 16
    box = (right - width, top, right, top + 20)
    ImageDraw.Draw(sheet).rounded_rectangle(box, radius=10, fill=STATUS_COLORS[status])
    _text(sheet, (right - width / 2, top + 10), text, (13, 700), PAPER, anchor="mm")


@lru_cache(maxsize=1024)
def _fit_text(text: str, size: int, weight: int, width: int) -> str:
    """Text cut with an ellipsis to fit `width` (long preset ids in narrow cells)."""
    if _text_length(text, size, weight) <= width:
        return text
    while text and _text_length(text + "…", size, weight) > width:
        text = text[:-1]
    return text + "…"


def thumbnail_size(asset: AssetRecord) -> tuple[int, int]:
    """The size the proof draws `asset` at: in a cell, or as a panel of a full set's strip."""
    if asset.panel is None or not asset.panels:
        return _thumb_size(asset)
    return _strip_thumb(asset, asset.panels)


def _strip_thumb(first: AssetRecord, panels: int) -> tuple[int, int]:
    width = min(_thumb_size(first)[0], CONTENT_W // panels)
    return width, max(1, round(first.height * width / first.width))


def open_scaled(source: str | Path | BinaryIO, size: tuple[int, int]) -> Image.Image:
    """An encoded asset decoded to RGB, JPEG at the smallest scale that still covers `size`."""
    with Image.open(source) as image:
        image.draft("RGB", size)  # JPEG decodes at a fraction of the size: much faster
        return image.convert("RGB")


def thumbnail(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` reduced to `size`: box-reduced by a whole factor first (cheap), then Lanczos for
    the last step (sharp)."""
    factor = max(1, min(image.width // (size[0] * 2), image.height // (size[1] * 2)))
    if factor > 1:
        image = image.reduce(factor)
    return image.resize(size, Image.Resampling.LANCZOS)


def prepared_path(root: Path, asset: AssetRecord) -> Path:
    """Where a build leaves an asset's thumbnail for the proof, made where the asset was
    made (`pack` removes the folder once the proof is written)."""
    return root / PREPARED / f"{asset.path}.png"


def _thumbnail(root: Path, asset: AssetRecord, size: tuple[int, int]) -> Image.Image:
    prepared = prepared_path(root, asset)
    if prepared.is_file():
        with Image.open(prepared) as image:
            if image.size == size:
                return image.convert("RGB")
    return thumbnail(open_scaled(root / asset.path, size), size)


class _Thumbnails:
    """The proof's thumbnails, each file's decoded once at each size: presets that share a
    canvas (SizePreset.canvas_key) have identical files, and a thumbnail is kept only until
    the last of them is drawn. (The 1,050-asset proof decoded 1,050 thumbnails, 0.8 s, for
    454 distinct files.)"""

    def __init__(self, root: Path, assets: list[AssetRecord]) -> None:
        self.root = root
        self._left = Counter((asset.sha256, thumbnail_size(asset)) for asset in assets)
        self._kept: dict[tuple[str, tuple[int, int]], Image.Image] = {}

    def get(self, asset: AssetRecord, size: tuple[int, int]) -> Image.Image:
        key = (asset.sha256, size)
        image = self._kept.pop(key, None) or _thumbnail(self.root, asset, size)
        self._left[key] -= 1
        if self._left[key] > 0:
            self._kept[key] = image
        return image


def _draw_problems(
    draw: ImageDraw.ImageDraw, asset: AssetRecord, origin: tuple[int, int], size: tuple[int, int]
) -> None:
    """Failing regions outlined on the thumbnail, scaled from image pixels."""
    scale_x, scale_y = size[0] / asset.width, size[1] / asset.height
    seen: set[tuple[int, ...]] = set()
    for item in issues(asset):
        if item.region is None or tuple(item.region) in seen:
            continue
        seen.add(tuple(item.region))
        x0, y0, x1, y1 = item.region
        box = (
            origin[0] + max(0, round(x0 * scale_x)) - 1,
            origin[1] + max(0, round(y0 * scale_y)) - 1,
            origin[0] + min(size[0], round(x1 * scale_x)) + 1,
            origin[1] + min(size[1], round(y1 * scale_y)) + 1,
        )
        color = STATUS_COLORS["fail" if item.status == "fail" else "warn"]
        draw.rectangle(box, outline=color, width=2)


def _draw_cell(
    sheet: Image.Image, thumbs: _Thumbnails, asset: AssetRecord, row: Row, left: int, top: int
) -> None:
    draw = ImageDraw.Draw(sheet)
    status = asset_status(asset)
    width, height = row.thumb
    x = left + (row.cell_w - width) // 2
    y = top
    draw.rectangle((x - 1, y - 1, x + width, y + height), outline=RULE)
    sheet.paste(thumbs.get(asset, (width, height)), (x, y))
    if status != "pass":
        frame = (x - 3, y - 3, x + width + 2, y + height + 2)
        draw.rectangle(frame, outline=STATUS_COLORS[status], width=3)
        _draw_problems(draw, asset, (x, y), (width, height))
    label_y = top + row.thumb[1] + 8
    right = left + row.cell_w
    _text(sheet, (left, label_y), asset.locale, (16, 700), INK)
    _pill(sheet, right, label_y, status)
    preset = _fit_text(asset.preset, 12, 500, row.cell_w)
    _text(sheet, (left, label_y + 24), preset, (12, 500), MUTED)


def _draw_strip(sheet: Image.Image, thumbs: _Thumbnails, row: Row, top: int) -> None:
    """One set: its panels edge to edge, each numbered with its beat, the set's locale and
    worst status below; failing panels framed and outlined as single assets are."""
    draw = ImageDraw.Draw(sheet)
    width, height = row.thumb
    for index, asset in enumerate(row.assets):
        x = MARGIN + index * width
        sheet.paste(thumbs.get(asset, (width, height)), (x, top))
        status = asset_status(asset)
        if status != "pass":
            frame = (x, top, x + width - 1, top + height - 1)
            draw.rectangle(frame, outline=STATUS_COLORS[status], width=3)
            _draw_problems(draw, asset, (x, top), (width, height))
        label = _fit_text(f"{asset.panel} {asset.panel_role or ''}", 12, 500, width)
        _text(sheet, (x + 4, top + height + 26), label, (12, 500), MUTED)
    right = MARGIN + len(row.assets) * width
    draw.rectangle((MARGIN - 1, top - 1, right, top + height), outline=RULE)
    label_y = top + height + 6
    first = row.assets[0]
    _text(sheet, (MARGIN, label_y), first.locale, (16, 700), INK)
    statuses = {asset_status(a) for a in row.assets}
    worst = next((s for s in ("fail", "warn") if s in statuses), "pass")
    _pill(sheet, right, label_y, worst)


def _draw_heading(sheet: Image.Image, row: Row, sample: AssetRecord, top: int) -> None:
    title = row.preset + ("  (continued)" if row.continued else "")
    _text(sheet, (MARGIN, top + 10), title, (20, 700), INK)
    offset = _text_length(title, 20, 700) + 14
    size = f"{sample.width}×{sample.height} px"
    _text(sheet, (MARGIN + offset, top + 15), size, (14, 500), MUTED)
    line = (MARGIN, top + HEADING_H - 6, PAGE_W - MARGIN, top + HEADING_H - 6)
    ImageDraw.Draw(sheet).line(line, fill=RULE)


def _draw_header(sheet: Image.Image, campaign: str, found: dict[str, int]) -> None:
    _text(sheet, (MARGIN, MARGIN), campaign, (34, 800), INK)
    _text(sheet, (PAGE_W - MARGIN, MARGIN + 8), "Proof sheet", (18, 600), MUTED, anchor="ra")
    x = MARGIN
    parts = [
        (f"{sum(found.values())} assets", INK),
        (f"{found['pass']} passed", STATUS_COLORS["pass"]),
        (f"{found['warn']} warnings", STATUS_COLORS["warn"]),
        (f"{found['fail']} failed", STATUS_COLORS["fail"]),
    ]
    for text, color in parts:
        _text(sheet, (x, MARGIN + 54), text, (17, 700), color)
        x += round(_text_length(text, 17, 700)) + 26
    rule_y = MARGIN + HEADER_H - 22
    ImageDraw.Draw(sheet).line((MARGIN, rule_y, PAGE_W - MARGIN, rule_y), fill=INK, width=2)


def _draw_footer(sheet: Image.Image, campaign: str, number: int, total: int) -> None:
    y = PAGE_H - MARGIN - 16
    ImageDraw.Draw(sheet).line((MARGIN, y - 12, PAGE_W - MARGIN, y - 12), fill=RULE)
    _text(sheet, (MARGIN, y), f"{campaign} · assetpack proof", (13, 500), MUTED)
    page = f"Page {number} of {total}"
    _text(sheet, (PAGE_W - MARGIN, y), page, (13, 500), MUTED, anchor="ra")


def _draw_sign_off(sheet: Image.Image) -> None:
    """Approved by / date / signature lines above the first page's footer."""
    y = PAGE_H - MARGIN - FOOTER_H - SIGN_OFF_H + 30
    fields = [("Approved by", 430), ("Date", 230), ("Signature", 330)]
    draw = ImageDraw.Draw(sheet)
    x = MARGIN
    for label, width in fields:
        _text(sheet, (x, y), label, (13, 600), MUTED)
        draw.line((x, y + 48, x + width, y + 48), fill=INK, width=1)
        x += width + 34


def render_pages(root: Path, campaign: str, assets: list[AssetRecord]) -> Iterator[Image.Image]:
    """The proof's pages as RGB images, PAGE_W x PAGE_H each, made one at a time (a page is
    26 MB of pixels: a 1,000-asset pack has about 70)."""
    rows = plan_rows(assets)
    pages = paginate(rows)
    firsts = {preset: items[0] for preset, items in group_by_preset(assets).items()}
    found = counts(assets)
    thumbs = _Thumbnails(root, assets)
    for number, page_rows in enumerate(pages, start=1):
        sheet = Image.new("RGB", (PAGE_W, PAGE_H), PAPER)
        _draw_header(sheet, campaign, found)
        top = MARGIN + HEADER_H
        for row in page_rows:
            if not row.assets:
                _draw_heading(sheet, row, firsts[row.preset], top)
            elif row.strip:
                _draw_strip(sheet, thumbs, row, top)
            else:
                for index, asset in enumerate(row.assets):
                    left = MARGIN + index * (row.cell_w + GAP)
                    _draw_cell(sheet, thumbs, asset, row, left, top)
            top += row.height
        if number == 1:
            _draw_sign_off(sheet)
        _draw_footer(sheet, campaign, number, len(pages))
        yield sheet


def page_name(number: int) -> str:
    """proof.png for page 1, then proof-2.png, proof-3.png, ..."""
    return "proof.png" if number == 1 else f"proof-{number}.png"


def proof_names(root: Path) -> list[str]:
    """The proof files present in a pack folder, in page order (for the zip and delivery)."""
    names = ["proof.pdf", "proof.png"]
    page = 2
    while (root / f"proof-{page}.png").is_file():
        names.append(f"proof-{page}.png")
        page += 1
    return [name for name in names if (root / name).is_file()]


# zlib level for the pages, written by up_png (the Up filter, zlib-ng). Encoding is most of the
# proof's time, which comes after the last asset. ms and KB a page: the example's 31 pages
# (every preset x 12 locales) with Pillow 13: level 6 86 / 398, level 3 48 / 436, level 1
# 47 / 483; the 4 pages of the benchmark's 40 posters, Pillow level 3 43 / 351, up_png
# level 2 9.7 / 360, level 3 10.5 / 348, level 6 18.8 / 326, run-length 11.5 / 649.
PAGE_COMPRESS_LEVEL = 3


def _save_page(image: Image.Image, path: Path) -> None:
    path.write_bytes(up_png(image, level=PAGE_COMPRESS_LEVEL, dpi=DPI))


def write_proof(root: Path, assets: list[AssetRecord], campaign: str | None = None) -> list[Path]:
    """Write proof.pdf and the PNG pages into `root` (the pack folder); return their paths.

    `campaign` titles the pages; by default the pack folder's name, which is the campaign id.
    """
    title = campaign or root.name
    written = []
    pages = render_pages(root, title, sorted(assets, key=lambda a: a.path))
    # Pages are drawn here and encoded by a thread meanwhile (zlib-ng lets go of the GIL).
    # Encoding a page (10 ms) takes less than drawing one, so one thread keeps up; a second
    # had raised the 1,050-asset build's peak RSS by 15 MB (its malloc arena keeps what it
    # freed). At most SAVING_PAGES pages wait in memory.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="assetpack-proof") as pool:
        saving: deque[Future[None]] = deque()
        for number, image in enumerate(pages, start=1):
            path = root / page_name(number)
            saving.append(pool.submit(_save_page, image, path))
            written.append(path)
            while len(saving) > SAVING_PAGES:
                saving.popleft().result()
        for future in saving:
            future.result()
    pdf = root / "proof.pdf"
    write_pdf(pdf, written, dpi=DPI, title=f"{title}: proof sheet", creator="assetpack")
    return [pdf, *written]
