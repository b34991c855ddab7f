"""Proof sheets: A4 pages at 150 dpi, every asset once, labelled, deterministic."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from assetpack.pack.models import AssetRecord
from assetpack.pack.proof import PAGE_H, PAGE_W, page_name, paginate, plan_rows, write_proof


@pytest.fixture
def pack_copy(small_pack: tuple[Path, list[AssetRecord]], tmp_path: Path) -> Path:
    built, _ = small_pack
    root = tmp_path / built.name
    shutil.copytree(built, root)
    return root


def test_writes_pdf_and_png_pages(
    pack_copy: Path, small_pack: tuple[Path, list[AssetRecord]]
) -> None:
    _, assets = small_pack
    written = write_proof(pack_copy, assets)
    assert [p.name for p in written] == ["proof.pdf", "proof.png"]
    with Image.open(pack_copy / "proof.png") as page:
        assert page.size == (PAGE_W, PAGE_H)
        assert round(page.info["dpi"][0]) == 150
        # Not a blank page: thumbnails and labels put many colors on it.
        assert len(page.convert("RGB").getcolors(1 << 20) or []) > 1000
    pdf = (pack_copy / "proof.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    assert b"/CreationDate" not in pdf


def test_is_deterministic(pack_copy: Path, small_pack: tuple[Path, list[AssetRecord]]) -> None:
    _, assets = small_pack
    first = {p.name: p.read_bytes() for p in write_proof(pack_copy, assets)}
    second = {p.name: p.read_bytes() for p in write_proof(pack_copy, list(reversed(assets)))}
    assert first == second


def _many(record: Callable[..., AssetRecord]) -> list[AssetRecord]:
    locales = [f"{lang}-XX" for lang in ("ar", "bn", "de", "en", "fr", "hi", "ja", "ko")]
    presets = [
        ("instagram/feed-square", (1080, 1080)),
        ("instagram/story", (1080, 1920)),
        ("google-display/728x90", (728, 90)),
        ("google-display/160x600", (160, 600)),
        ("x/post", (1600, 900)),
    ]
    return [
        record(f"{preset}__{tag}.png", tag, size=size)
        for preset, size in presets
        for tag in locales
    ]


def test_pages_hold_every_asset_once_and_never_end_on_a_heading(
    record: Callable[..., AssetRecord],
) -> None:
    assets = _many(record)
    pages = paginate(plan_rows(assets))
    assert len(pages) > 1
    placed = [a.path for page in pages for row in page for a in row.assets]
    assert sorted(placed) == sorted(a.path for a in assets)
    for page in pages:
        assert page[-1].assets, "a page must not end with a heading"
        assert not page[0].assets, "every page starts with a (possibly repeated) heading"
        assert sum(row.height for row in page) <= PAGE_H
    for row in (r for page in pages for r in page if r.assets):
        width = len(row.assets) * row.cell_w + (len(row.assets) - 1) * 20
        assert width <= PAGE_W - 2 * 64


def test_page_names() -> None:
    assert [page_name(n) for n in (1, 2, 3)] == ["proof.png", "proof-2.png", "proof-3.png"]


def test_the_pdf_holds_every_page_s_pixels_at_its_size(tmp_path: Path) -> None:
    """Pages go into the PDF as their PNG data; a PDF reader gets the same pixels back."""
    import pikepdf
    from pikepdf import PdfImage

    from assetpack.pack.pdf import write_pdf

    colour = Image.effect_mandelbrot((PAGE_W, PAGE_H), (-2, -1.5, 1, 1.5), 60).convert("RGB")
    colour.paste((200, 30, 60), (100, 100, 400, 300))
    grey = Image.linear_gradient("L").resize((300, 200))
    pages = []
    for number, image in enumerate((colour, grey), start=1):
        pages.append(tmp_path / f"page-{number}.png")
        image.save(pages[-1], dpi=(150, 150))
    write_pdf(tmp_path / "out.pdf", pages, dpi=150, title="Frühling: 春の新作", creator="assetpack")
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf reads every object and stream
        assert str(pdf.docinfo["/Title"]) == "Frühling: 春の新作"
        assert len(pdf.pages) == 2
        for page, image in zip(pdf.pages, (colour, grey), strict=True):
            box = [float(v) for v in page.MediaBox]
            assert box == pytest.approx([0, 0, image.width * 72 / 150, image.height * 72 / 150])
            drawn = PdfImage(page.Resources.XObject["/Im0"]).as_pil_image()
            assert drawn.mode == image.mode and drawn.tobytes() == image.tobytes()


def test_a_page_the_pdf_cannot_embed_as_it_is_is_refused(tmp_path: Path) -> None:
    from assetpack.pack.pdf import write_pdf

    page = tmp_path / "page.png"
    Image.new("RGBA", (20, 10)).save(page)
    with pytest.raises(ValueError, match="page.png: only 8-bit grey or RGB"):
        write_pdf(tmp_path / "out.pdf", [page], dpi=150, title="t", creator="assetpack")
    page.write_bytes(page.read_bytes()[:8])
    with pytest.raises(ValueError, match="page.png: a PNG without its header"):
        write_pdf(tmp_path / "out.pdf", [page], dpi=150, title="t", creator="assetpack")


def test_a_file_several_presets_share_is_decoded_once(
    pack_copy: Path, small_pack: tuple[Path, list[AssetRecord]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Presets with one canvas (twins) have identical files: one thumbnail serves them all,
    and the page is the same as with each decoded on its own."""
    from assetpack.pack import proof

    _, assets = small_pack
    square = next(a for a in assets if a.preset == "instagram/feed-square")
    twin_path = square.path.replace("instagram/", "facebook/")
    (pack_copy / twin_path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pack_copy / square.path, pack_copy / twin_path)
    twin = square.model_copy(update={"path": twin_path, "preset": "facebook/feed-square"})
    with_twin = [*assets, twin]
    decoded: list[str] = []
    thumbnail = proof._thumbnail

    def counting(root: Path, asset: AssetRecord, size: tuple[int, int]) -> Image.Image:
        decoded.append(asset.path)
        return thumbnail(root, asset, size)

    monkeypatch.setattr(proof, "_thumbnail", counting)
    shared = [page.tobytes() for page in proof.render_pages(pack_copy, "t", with_twin)]
    assert len(decoded) == len(assets) and len({square.path, twin_path} & set(decoded)) == 1
    monkeypatch.setattr(
        proof._Thumbnails, "get", lambda self, a, size: thumbnail(pack_copy, a, size)
    )
    assert [page.tobytes() for page in proof.render_pages(pack_copy, "t", with_twin)] == shared


@pytest.mark.parametrize("anchor", [None, "mm", "ra"])
@pytest.mark.parametrize("font", [(16, 700), (13, 700), (12, 500), (34, 800)])
def test_a_label_drawn_from_its_kept_mask_has_draw_texts_pixels(
    anchor: str | None, font: tuple[int, int]
) -> None:
    from PIL import ImageDraw

    from assetpack.pack import proof

    for xy in [(40, 30), (40.5, 30), (41.25, 29.75)]:
        for text in ["en-US", "PASS", "instagram/feed-square", "Page 2 of 9"]:
            for ground, fill in [
                (proof.PAPER, proof.INK),
                (proof.STATUS_COLORS["pass"], proof.PAPER),
            ]:
                drawn = Image.new("RGB", (520, 90), ground)
                ImageDraw.Draw(drawn).text(xy, text, fill, proof._font(*font), anchor)
                pasted = Image.new("RGB", (520, 90), ground)
                proof._text(pasted, xy, text, font, fill, anchor)
                assert pasted.tobytes() == drawn.tobytes(), (xy, text, anchor, font)
