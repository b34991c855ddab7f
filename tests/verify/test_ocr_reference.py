"""The OCR fast path: a line read once from its reference rendering, and each asset proved to
show exactly those glyphs. It may pass lines faster, never fail or pass what the asset's own
reading would not."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from assetpack.config import load_catalog
from assetpack.layout import LayoutPlan, TextBlock, lay_out_preset
from assetpack.render import render
from assetpack.verify import ocr_reference
from assetpack.verify.ocr import engine_for
from assetpack.verify.ocr_check import ocr_checks

PRESETS = ("instagram/feed-square", "instagram/story")
LOCALES = ("en-US", "hi-IN", "ar-SA")


@pytest.fixture(scope="module")
def drawn(example_project, example_copies, typesetter):
    """(plan, clean image) per preset and locale, on plain canvases (art is not needed)."""
    catalog = {p.id: p for p in load_catalog()}
    copies = {locale: example_copies[locale] for locale in LOCALES}
    product = str(example_project.brief.product.image)
    plans = {
        preset: lay_out_preset(catalog[preset], copies, example_project.kit, typesetter, product)
        for preset in PRESETS
    }
    return {
        (preset, locale): (plan, render(plan, None))
        for preset, by_locale in plans.items()
        for locale, plan in by_locale.items()
    }


def _headline(plan: LayoutPlan) -> TextBlock:
    block = plan.block("headline")
    assert block is not None and block.size_px >= ocr_reference.REFERENCE_MIN_PX
    return block


def _crop(plan: LayoutPlan, block: TextBlock, index: int = 0):
    x0, y0, x1, y1 = block.lines[index].ink
    margin = block.size_px // 4
    return (max(0, x0 - margin), max(0, y0 - margin), x1 + margin, y1 + margin)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_clean_asset_shows_exactly_its_lines(drawn, locale):
    plan, image = drawn[("instagram/feed-square", locale)]
    for block in plan.blocks:
        for i, line in enumerate(block.lines):
            assert ocr_reference.Proof(plan, image).shows_exactly(
                block, line.runs, _crop(plan, block, i)
            ), (block.slot, line.text)


def _retexted(plan: LayoutPlan, old: str, new: str) -> LayoutPlan:
    block = _headline(plan)
    lines = [
        line.model_copy(
            update={
                "runs": [r.model_copy(update={"text": r.text.replace(old, new)}) for r in line.runs]
            }  # fmt: skip
        )
        for line in block.lines
    ]
    changed = block.model_copy(update={"lines": lines})
    return plan.model_copy(update={"blocks": [changed, *plan.blocks[1:]]})


@pytest.mark.parametrize(
    ("locale", "old", "new"),
    [
        ("en-US", "Hear", "Haer"),  # a misspelling
        ("hi-IN", "सुनिए", "सुनए"),  # a dropped vowel sign
    ],
)
def test_other_glyphs_are_not_shown_exactly(drawn, locale, old, new):
    plan, _ = drawn[("instagram/feed-square", locale)]
    wrong = _retexted(plan, old, new)
    assert not _shown(plan, render(wrong, None))


def _shown(plan: LayoutPlan, image) -> bool:
    block = _headline(plan)
    return ocr_reference.Proof(plan, image).shows_exactly(
        block, block.lines[0].runs, _crop(plan, block)
    )


@pytest.mark.parametrize(
    ("where", "colour"),
    [
        ("after", None),  # an extra "letter" after the line in the text colour, in the margin
        ("over", "#FFFFFF"),  # something drawn over the first letters
    ],
)
def test_other_ink_on_the_line_is_seen(drawn, where, colour):
    plan, clean = drawn[("instagram/feed-square", "en-US")]
    block = _headline(plan)
    x0, y0, x1, y1 = block.lines[0].ink
    image = clean.copy()
    box = (x1 + 4, y0 + 10, x1 + 14, y1 - 10) if where == "after" else (x0, y0, x0 + 30, y1)
    ImageDraw.Draw(image).rectangle(box, fill=colour or block.color)
    assert _shown(plan, clean) and not _shown(plan, image)


def test_small_text_is_referenced_at_its_own_size(drawn):
    plan, _ = drawn[("instagram/feed-square", "en-US")]
    legal = plan.block("legal")
    assert legal is not None and legal.size_px < ocr_reference.REFERENCE_MIN_PX
    assert ocr_reference.reference_sizes(legal.size_px) == (legal.size_px,)
    sizes = ocr_reference.reference_sizes(_headline(plan).size_px)
    assert sizes == ocr_reference.REFERENCE_SIZES
    image = ocr_reference.reference_image(ocr_reference.runs_key(legal.lines[0].runs), 17)
    assert image.height == 2 * 17 + 2 * 8


class _Counting:
    """The real engine, counting what it is asked to read."""

    def __init__(self, engine):
        self.engine, self.name, self.lines = engine, f"counting:{engine.name}", 0

    def read_line(self, image: Image.Image):
        self.lines += 1
        return self.engine.read_line(image)

    def read_block(self, image: Image.Image):
        return self.engine.read_block(image)


def test_a_reference_is_read_once_and_reads_the_line(drawn):
    plan, _ = drawn[("instagram/feed-square", "en-US")]
    story, _ = drawn[("instagram/story", "en-US")]
    engine = _Counting(engine_for("latin", "en-US"))
    cta = plan.block("cta")
    assert cta is not None and cta.text == story.block("cta").text
    key = ocr_reference.runs_key(cta.lines[0].runs)
    first = next(ocr_reference.reference_readings(engine, key, 40))
    story_key = ocr_reference.runs_key(story.block("cta").lines[0].runs)
    again = next(ocr_reference.reference_readings(engine, story_key, 48))
    assert engine.lines == 1 and again == first
    assert first.text.replace(" ", "").lower() == cta.text.replace(" ", "").lower()


def _verdicts(checks) -> dict[str, str]:
    """Worst status per slot (a mixed line may pass whole on one path and piece by piece on
    the other: the same verdict in a different number of checks)."""
    order = ("fail", "unverified", "warn", "pass")
    worst: dict[str, str] = {}
    for check in checks:
        now = worst.get(check.slot, "pass")
        worst[check.slot] = min(now, check.status, key=order.index)
    return worst


@pytest.mark.parametrize("locale", LOCALES)
def test_the_gate_gives_the_same_verdicts_with_and_without_the_fast_path(
    drawn, locale, monkeypatch
):
    plan, image = drawn[("instagram/story", locale)]
    fast = _verdicts(ocr_checks(plan, image))
    monkeypatch.setattr(ocr_reference.Proof, "shows_exactly", lambda *args: False)
    slow = _verdicts(ocr_checks(plan, image))
    # The fast path may pass what an engine could only call unverified, never the reverse.
    assert {s: v for s, v in slow.items() if v != "unverified"}.items() <= fast.items()
    assert all(v in ("pass", "unverified") for v in fast.values())


def test_readings_are_shared_through_a_folder(drawn, tmp_path):
    """What one worker read, another finds on disk without reading; a damaged entry is read
    again, never trusted."""
    plan, _ = drawn[("instagram/feed-square", "en-US")]
    runs = _headline(plan).lines[0].runs
    key = ocr_reference.runs_key(runs)
    first, second = ocr_reference._Readings(8), ocr_reference._Readings(8)
    first.folder = second.folder = tmp_path
    engine = _Counting(engine_for("latin", "en-US"))
    reading = first.get(engine, key, 64)
    assert second.get(engine, key, 64) == reading and engine.lines == 1
    for entry in tmp_path.rglob("*.json"):
        entry.write_text("{not json")
    third = ocr_reference._Readings(8)
    third.folder = tmp_path
    assert third.get(engine, key, 64) == reading and engine.lines == 2


def test_misread_references_are_read_again(example_project, example_copies, typesetter):
    """tesseract:ara+eng misreads the currency sign ر.س. at every reference size and
    tesseract:tha+eng the bold ช of ช้อปเลย: the other sizes, the second-opinion models and
    the engine's known confusions pass them, and a pass by a folded confusion says so."""
    catalog = {p.id: p for p in load_catalog()}
    copies = {locale: example_copies[locale] for locale in ("ar-SA", "th-TH")}
    product = str(example_project.brief.product.image)
    preset = catalog["instagram/feed-square"]
    plans = lay_out_preset(preset, copies, example_project.kit, typesetter, product)
    for locale, plan in plans.items():
        checks = ocr_checks(plan, render(plan, None))
        assert [c for c in checks if c.status != "pass"] == [], locale
    cta = [c for c in ocr_checks(plans["th-TH"], render(plans["th-TH"], None)) if c.slot == "cta"]
    assert "confuses these letters" in cta[0].message


def test_runs_cut_at_breaks_share_a_key_and_right_to_left_runs_stay_apart(drawn):
    plan, _ = drawn[("instagram/feed-square", "en-US")]
    first = _headline(plan).lines[0].runs[0]
    words = [first.model_copy(update={"text": t}) for t in ("what ", "matters.")]
    whole = first.model_copy(update={"text": "what matters."})
    assert ocr_reference.runs_key(words) == ocr_reference.runs_key([whole])
    lines = [[words[0].model_copy(update={"text": "what"})], [words[1]]]
    assert ocr_reference.joined_key(lines, [" "]) == ocr_reference.runs_key([whole])
    assert ocr_reference.joined_key(lines, [""])[0][0] == "whatmatters."
    rtl = [w.model_copy(update={"direction": "rtl"}) for w in words]
    assert len(ocr_reference.runs_key(rtl)) == 2


def test_a_block_is_read_once_as_one_line_however_each_preset_breaks_it(drawn, monkeypatch):
    """The square and the story break the headline and subhead differently; each block's
    text is read once, and no line of them alone."""
    readings = ocr_reference._Readings(64)
    monkeypatch.setattr(ocr_reference, "_READINGS", readings)
    read: list[ocr_reference.RunsKey] = []
    original = readings._read

    def counting(engine, key):
        read.append(key[1])
        return original(engine, key)

    monkeypatch.setattr(readings, "_read", counting)
    checks = []
    broken = set()
    for preset in PRESETS:
        plan, image = drawn[(preset, "en-US")]
        checks += ocr_checks(plan, image)
        for slot in ("headline", "subhead"):
            block = plan.block(slot)
            assert block is not None
            broken.add(tuple(line.text for line in block.lines))
    assert len(broken) >= 3  # the presets really break the blocks differently
    assert all(c.status == "pass" for c in checks)
    texts = ["".join(text for text, *_ in key) for key in read]
    for slot in ("headline", "subhead"):
        block = drawn[(PRESETS[0], "en-US")][0].block(slot)
        assert block is not None
        assert texts.count(block.text) == 1, (slot, texts)
        assert not any(line.text in texts for line in block.lines if line.text != block.text), (
            texts,
            [line.text for line in block.lines],
        )


def test_a_blocks_reading_passes_its_lines_only_if_it_reads_exactly(drawn):
    """A line's edit budget is a share of its own length: spread over a whole block it
    would let a misspelt short line through, so the block's reading allows no edit."""
    from assetpack.verify.ocr import OcrReading
    from assetpack.verify.ocr_check import _joined, _judge

    plan, _ = drawn[("instagram/feed-square", "en-US")]
    block = plan.block("subhead")
    assert block is not None and len(block.lines) >= 2
    joined = _joined(block, plan.locale)
    assert joined is not None and joined.piece.text == block.text
    engine = engine_for("latin", "en-US")
    one_off = OcrReading(block.text.replace("a", "o", 1), 0.99, engine.name)
    assert _judge(engine, one_off, plan, block, joined.piece).status == "pass"
    assert _judge(engine, one_off, plan, block, joined.piece, exact=True).status == "fail"
