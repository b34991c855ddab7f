"""The OCR layer: real fonts, real engines, text drawn and read back.

Nothing here is skipped: CI installs tesseract and its language packs (see .ci/run), and
RapidOCR's models ship inside its wheel. Engines are cached per process, so each one loads
once for the whole module.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PIL import Image

from assetpack.verify import ocr
from assetpack.verify.ocr import (
    SCRIPTS,
    OcrReading,
    available_engines,
    detect_script,
    engine_for,
    engines_for,
    prepare_line,
)
from assetpack.verify.text_match import DEFAULT_THRESHOLDS, match, normalize, similarity

from .conftest import DARK_ON_LIGHT, LIGHT_ON_DARK, RenderLine

# --- detect_script ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "script"),
    [
        ("Summer Sale", "en", "latin"),
        ("Größe zählt", "de-DE", "latin"),
        ("Giảm giá mùa hè", "vi", "latin"),
        ("夏季大促", "zh-CN", "han_sc"),
        ("夏季大促", "zh", "han_sc"),
        ("夏季大促銷", "zh-TW", "han_tc"),
        ("夏季大促", "zh-Hant", "han_tc"),
        ("夏季大促", "zh_HK", "han_tc"),
        ("夏季大促", "zh-Hans-HK", "han_sc"),
        ("全品", "ja", "japanese"),
        ("今すぐ購入", "ja-JP", "japanese"),
        ("セール開催", "zh-CN", "japanese"),  # kana make it Japanese whatever the locale
        ("여름 세일", "ko", "hangul"),
        ("Galaxy S24 출시", "ko", "hangul"),  # brand names do not outvote Hangul
        ("iPhone 16 अब ₹79,900 में", "hi", "devanagari"),
        ("এখনই কিনুন", "bn", "bengali"),
        ("৳১,২৯৯", "bn", "bengali"),  # Bengali digits are Bengali script
        ("تسوق الآن", "ar", "arabic"),
        ("ซื้อเลย", "th", "thai"),
        ("₩129,000", "ko", "latin"),  # no letters: the Latin engine reads prices best
        ("50%", "ar", "latin"),
        ("", "ja", "latin"),
    ],
)
def test_detect_script(text: str, locale: str, script: str) -> None:
    assert detect_script(text, locale) == script


# --- normalize, similarity, match ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "normalized"),
    [
        ("ＳＡＬＥ　５０％", "en", "sale50%"),  # NFKC folds full-width forms
        ("  Shop\u00a0 now \n", "en", "shopnow"),  # spacing is not compared
        ("“Hello” ‘you’", "en", "\"hello\"'you'"),
        ("Sale — now – here", "en", "sale-now-here"),
        ("Sale -- now", "en", "sale-now"),
        ("Straße", "de", "strasse"),
        ("夏季 大促\u3000全场", "zh-CN", "夏季大促全场"),
        ("送料 無料", "ja", "送料無料"),
        ("ลด ราคา", "th", "ลดราคา"),
        ("여름  세일", "ko", "여름세일"),
        ("क\u200dष", "hi", "कष"),  # ZWJ shapes glyphs but is not one
        ("تـسوق", "ar", "تسوق"),  # tatweel only stretches the word
        ("خصم %50", "ar", "خصم50%"),
        ("全品50%才フ", "ja", "全品50%オフ"),  # 才 and オ are drawn alike
    ],
)
def test_normalize(text: str, locale: str, normalized: str) -> None:
    assert normalize(text, locale) == normalized


def test_similarity_is_one_minus_normalized_edit_distance() -> None:
    assert similarity("全场五折特价", "全场五折特价", "zh-CN") == 1.0
    assert similarity("全场五折特价", "全场五折特份", "zh-CN") == pytest.approx(5 / 6)
    assert similarity("Summer Sale", "SUMMER SALE", "en") == 1.0
    assert similarity("", "", "en") == 1.0


def test_match_demands_exact_short_strings_and_allows_noise_in_long_ones() -> None:
    short = match("Shop now", "Shap now", "en", "latin")
    assert not short.passed and not short.exact
    long_text = "Free shipping on every order over fifty dollars"  # one letter in 47
    long = match(long_text, long_text.replace("fifty", "fifly"), "en", "latin")
    assert long.passed and not long.exact and long.threshold == DEFAULT_THRESHOLDS["latin"]


def test_match_forgives_currency_signs_no_engine_reads() -> None:
    won = match("₩129,000", "W129,000", "ko", "latin")
    assert won.passed and won.ned == 1.0 and not won.exact
    assert not match("US$49.99", "US549.99", "en", "latin").passed  # $ is read exactly
    assert not match("₩129,000", "W128,000", "ko", "latin", {"latin": 1.0}).passed


def test_engine_confusions_are_folded_only_when_asked() -> None:
    strict = match("ช้อปเลย", "ซ้อปเลย", "th-TH", "thai")
    assert not strict.passed and not strict.folded
    folded = match("ช้อปเลย", "ซ้อปเลย", "th-TH", "thai", confusions=True)
    assert folded.passed and folded.folded and folded.ned == 1.0
    # Other letters are still compared: a wrong vowel fails even with the fold.
    assert not match("ช้อปเลย", "ซ้อปลาย", "th-TH", "thai", confusions=True).passed


def test_match_thresholds_override_and_unknown_scripts_must_be_exact() -> None:
    assert match("Shop now", "Shap now", "en", "latin", {"latin": 0.8}).passed
    unknown = match("abc", "abd", "en", "klingon")
    assert unknown.threshold == 1.0 and not unknown.passed


def test_every_script_has_a_threshold() -> None:
    assert set(DEFAULT_THRESHOLDS) == set(SCRIPTS)
    assert all(0.0 < t <= 1.0 for t in DEFAULT_THRESHOLDS.values())


# --- engines --------------------------------------------------------------------------------


def test_every_script_has_an_installed_engine() -> None:
    engines = available_engines()
    assert set(engines) == set(SCRIPTS)
    assert engines["latin"] == engines["han_tc"] == "rapidocr"
    assert engines["hangul"].startswith("tesseract:kor")
    vietnamese = engine_for("latin", "vi-VN")
    assert vietnamese is not None and vietnamese.name == "tesseract:vie"


def test_second_opinions_follow_the_first_engine() -> None:
    names = [engine.name for engine in engines_for("thai", "th-TH")]
    assert names == ["tesseract:tha+eng", "tesseract:tha", "tesseract:Thai"]
    names = [engine.name for engine in engines_for("arabic", "ar-SA")]
    assert names == ["tesseract:ara+eng", "tesseract:ara", "tesseract:Arabic"]
    assert [engine.name for engine in engines_for("latin", "en")] == ["rapidocr"]
    assert list(engines_for("klingon", "tlh")) == []


def test_second_opinions_load_only_when_asked() -> None:
    ocr._forget_engines()
    first = next(engines_for("arabic", "ar-SA"))
    assert first.name == "tesseract:ara+eng"
    assert not any(key.startswith("arabic/") for key in ocr._engines)


def test_engines_are_built_once_per_process() -> None:
    assert engine_for("han_sc", "zh-CN") is engine_for("japanese", "ja")
    assert engine_for("thai", "th") is engine_for("thai", "th")


def test_released_engines_are_freed_once_nothing_holds_them_and_load_again_when_asked(
    render_text_line: RenderLine,
) -> None:
    """A build unloads its engines before it packs; a thread still holding one keeps it
    usable, and the next build loads them anew."""
    line = render_text_line("지금 구매하기", "hangul", "ko", 40)
    korean, latin = engine_for("hangul", "ko"), engine_for("latin", "en")
    assert isinstance(korean, ocr.TesseractEngine) and latin is not None
    freed = korean._finalizer
    ocr.release_engines()
    assert freed.alive and korean.read_line(line).text.replace(" ", "") == "지금구매하기"
    del korean
    gc.collect()
    assert not freed.alive  # its language pack is freed
    again = engine_for("hangul", "ko")
    assert again is not None and engine_for("latin", "en") is not latin
    assert again.read_line(line).text.replace(" ", "") == "지금구매하기"


def test_a_locale_s_own_engine_and_releasing_one_slot() -> None:
    """A build unloads one turn's language pack (and its second opinions) at a time."""
    own = {tag: ocr.own_engine(tag) for tag in ("en-US", "vi-VN", "zh-HK", "ja-JP", "ko-KR")}
    assert own == {"en-US": None, "vi-VN": "vietnamese", "zh-HK": None, "ja-JP": None,
                   "ko-KR": "hangul"}  # fmt: skip
    assert (ocr.own_engine("ar-EG"), ocr.own_engine("th-TH")) == ("arabic", "thai")
    korean, latin = engine_for("hangul", "ko"), engine_for("latin", "en")
    list(ocr.engines_for("arabic", "ar"))  # the Arabic pack and its second opinions
    assert {"arabic", "arabic/ara", "hangul", "rapidocr"} <= set(ocr._engines)
    ocr.release_engines("arabic")
    assert not any(key.split("/")[0] == "arabic" for key in ocr._engines)
    assert engine_for("hangul", "ko") is korean and engine_for("latin", "en") is latin


def test_no_engine_for_an_unknown_script() -> None:
    assert engine_for("klingon", "tlh") is None


def test_no_engine_when_tesseract_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_engines", {})
    monkeypatch.setattr(ocr, "_load_libtesseract", lambda: None)
    assert engine_for("hangul", "ko") is None
    assert engine_for("latin", "vi") is None
    assert "hangul" not in available_engines()
    assert available_engines()["latin"] == "rapidocr"


def test_no_engine_when_rapidocr_models_are_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_engines", {})
    monkeypatch.setattr(ocr, "_RAPIDOCR_MODELS", ("no-such-model.onnx",))
    assert engine_for("latin", "en") is None
    assert engine_for("thai", "th") is not None


def test_prepare_line_turns_light_on_dark_into_trimmed_dark_on_light(
    render_text_line: RenderLine,
) -> None:
    image = render_text_line("Sale", "latin", "en", 40, LIGHT_ON_DARK)
    image = image.crop((-30, -30, image.width + 30, image.height + 30))  # wide dark margin
    line = prepare_line(image, ink_height_px=48)
    assert line.mode == "L"
    assert line.getpixel((0, 0)) == 255  # the ground is now white
    assert line.getextrema()[0] < 40  # and the ink dark
    assert line.height == 48 + 2 * (48 // 4)


# --- reading real text back ----------------------------------------------------------------

CLEAN = [
    ("Summer Sale", "latin", "en"),
    ("Up to 50% off everything", "latin", "en"),
    ("Größe zählt: 19,99 €", "latin", "de"),
    ("Khuyến mãi mùa hè", "latin", "vi"),
    ("US$49.99", "latin", "en"),
    ("全场商品低至五折", "han_sc", "zh-CN"),
    ("¥12,800", "han_sc", "zh-CN"),
    ("全館商品低至五折", "han_tc", "zh-TW"),
    ("夏のビッグセール", "japanese", "ja"),
    ("지금 구매하기", "hangul", "ko"),
    ("₩129,000", "hangul", "ko"),
    ("अभी खरीदें", "devanagari", "hi"),
    ("₹1,29,999.00", "devanagari", "hi"),
    ("এখনই কিনুন", "bengali", "bn"),
    ("توصيل مجاني", "arabic", "ar"),
    ("تقييم", "arabic", "ar"),  # PSM 7's layout analysis finds no text in it; PSM 13 reads it
    ("ส่งฟรีทั่วประเทศ", "thai", "th"),
]


@pytest.mark.parametrize(("text", "font_script", "locale"), CLEAN)
@pytest.mark.parametrize(("size_px", "colours"), [(28, DARK_ON_LIGHT), (64, LIGHT_ON_DARK)])
def test_clean_text_reads_back_and_passes(
    render_text_line: RenderLine,
    text: str,
    font_script: str,
    locale: str,
    size_px: int,
    colours: tuple,
) -> None:
    script = detect_script(text, locale)
    engine = engine_for(script, locale)
    assert engine is not None
    reading = engine.read_line(render_text_line(text, font_script, locale, size_px, colours))
    assert isinstance(reading, OcrReading) and reading.engine == engine.name
    assert 0.0 < reading.confidence <= 1.0
    result = match(text, reading.text, locale, script)
    assert result.passed, f"{engine.name} read {reading.text!r} for {text!r} (NED {result.ned})"


# (expected copy, what the pixels show instead, font script, locale). Single-letter errors
# only where OCR can tell them apart (see DEFAULT_THRESHOLDS); Bengali and Arabic only catch
# dropped words.
CORRUPT = [
    ("Summer Sale", "Sumner Sale", "latin", "en"),  # misspelt word
    ("Shop now", "Shop", "latin", "en"),  # word dropped
    ("Khuyến mãi", "Khuyên mãi", "latin", "vi"),  # Vietnamese tone mark dropped
    ("全场五折 仅需12元", "全场五折 仅需12无", "han_sc", "zh-CN"),  # 元 -> 无
    ("立即購買", "立即構買", "han_tc", "zh-TW"),
    ("今すぐ購入", "今すぐ構入", "japanese", "ja"),
    ("지금 구매하기", "지금 구마하기", "hangul", "ko"),  # vowel changed
    ("खरीदें", "खरदें", "devanagari", "hi"),  # vowel sign ी dropped
    ("এখনই কিনুন", "কিনুন", "bengali", "bn"),  # word dropped
    ("توصيل مجاني", "مجاني", "arabic", "ar"),  # word dropped
    ("ส่งฟรี", "สงฟรี", "thai", "th"),  # tone mark ่ dropped
]


@pytest.mark.parametrize(("expected", "shown", "font_script", "locale"), CORRUPT)
def test_corrupted_text_fails(
    render_text_line: RenderLine, expected: str, shown: str, font_script: str, locale: str
) -> None:
    script = detect_script(expected, locale)
    engine = engine_for(script, locale)
    assert engine is not None
    reading = engine.read_line(render_text_line(shown, font_script, locale, 48))
    result = match(expected, reading.text, locale, script)
    assert not result.passed, f"{engine.name} read {reading.text!r}; {expected!r} passed"


# Lines RapidOCR's own pipeline and the direct recognizer must read alike: each script it
# serves, a price, light on dark, a side under 30 px (scaled up to a multiple of 32 first)
# and a line over 2000 px wide (scaled down first).
SAME_AS_RAPIDOCR = [
    ("Summer Sale", "latin", "en", 40, DARK_ON_LIGHT),
    ("Größe zählt: 19,99 €", "latin", "de", 28, LIGHT_ON_DARK),
    ("US$49.99", "latin", "en", 64, DARK_ON_LIGHT),
    ("全场商品低至五折", "han_sc", "zh-CN", 28, DARK_ON_LIGHT),
    ("全館商品低至五折", "han_tc", "zh-TW", 40, LIGHT_ON_DARK),
    ("夏のビッグセール", "japanese", "ja", 40, DARK_ON_LIGHT),
    ("¥12,800（税込）", "japanese", "ja", 64, LIGHT_ON_DARK),
    ("Shop now", "latin", "en", 10, DARK_ON_LIGHT),
    ("Free shipping on orders over $75 in every store " * 3, "latin", "en", 64, DARK_ON_LIGHT),
]


@pytest.fixture(scope="module")
def rapidocr_pipeline() -> Any:
    return ocr._rapidocr_pipeline()


@pytest.mark.parametrize(("text", "font_script", "locale", "size_px", "colours"), SAME_AS_RAPIDOCR)
def test_line_reading_is_rapidocrs_own(
    render_text_line: RenderLine,
    rapidocr_pipeline: Any,
    text: str,
    font_script: str,
    locale: str,
    size_px: int,
    colours: tuple,
) -> None:
    """read_line replicates RapidOCR's recognition: a RapidOCR upgrade that changes its steps
    (or a new model) shows up here as a different text or confidence, not as drifting verdicts."""
    image = render_text_line(text, font_script, locale, size_px, colours)
    line = prepare_line(image)
    out = rapidocr_pipeline(line, use_det=False, use_cls=False, use_rec=True)
    engine = engine_for(detect_script(text, locale), locale)
    assert engine is not None and engine.name == "rapidocr"
    reading = engine.read_line(image)
    assert (reading.text, reading.confidence) == (out.txts[0].strip(), out.scores[0])
    assert match(text, reading.text, locale, detect_script(text, locale)).ned > 0.5


def test_reading_a_line_does_not_import_rapidocr() -> None:
    # Importing rapidocr costs each process 0.5 s; only read_block needs it.
    code = (
        "import sys; from PIL import Image; from assetpack.verify.ocr import engine_for; "
        "engine = engine_for('latin', 'en'); "
        "reading = engine.read_line(Image.new('L', (60, 30), 255)); "
        "print(reading.engine, 'rapidocr' in sys.modules, 'omegaconf' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["rapidocr", "False", "False"]


def test_threads_reading_at_once_read_what_one_thread_reads(render_text_line: RenderLine) -> None:
    """The build's threads share one engine per script and read lines without a lock."""
    lines = [render_text_line(text, script, locale, 40) for text, script, locale in CLEAN[:9]]
    engines = [engine_for(detect_script(text, locale), locale) for text, _, locale in CLEAN[:9]]
    assert {e.name for e in engines if e is not None} == {"rapidocr", "tesseract:vie"}
    alone = [e.read_line(line) for e, line in zip(engines, lines, strict=True) if e is not None]
    jobs = [(e, line) for e, line in zip(engines, lines, strict=True) if e is not None] * 4
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda job: job[0].read_line(job[1]), jobs))
    assert together == alone * 4


def test_read_block_finds_each_line_with_its_box(render_text_line: RenderLine) -> None:
    poster = Image.new("RGB", (900, 500), (240, 236, 228))
    poster.paste(render_text_line("Summer Sale", "latin", "en", 72), (80, 60))
    poster.paste(render_text_line("Shop now", "latin", "en", 40), (80, 330))
    engine = engine_for("latin", "en")
    assert engine is not None
    readings = sorted(engine.read_block(poster), key=lambda r: r.box[1] if r.box else 0)
    assert [r.text for r in readings] == ["Summer Sale", "Shop now"]
    top, bottom = (r.box for r in readings)
    assert top is not None and bottom is not None
    assert top[0] < 140 and top[1] < 120 < top[3] < 200
    assert 320 < bottom[1] < 350 < bottom[3] < 420


def test_read_block_reuses_the_line_recognizers_model(render_text_line: RenderLine) -> None:
    # RapidOCR, loaded for read_block, would otherwise hold a second copy (36 MB).
    engine = ocr.RapidOcrEngine()
    poster = Image.new("RGB", (600, 200), "white")
    poster.paste(render_text_line("Shop now", "latin", "en", 48), (40, 40))
    assert [r.text for r in engine.read_block(poster)] == ["Shop now"]
    assert engine._pipeline.text_rec.session.session is engine._recognizer.session


def test_read_block_on_a_textless_image_finds_nothing() -> None:
    art = Image.linear_gradient("L").resize((640, 360)).convert("RGB")
    for engine in (engine_for("latin", "en"), engine_for("hangul", "ko")):
        assert engine is not None
        assert [r for r in engine.read_block(art) if r.text.strip()] == []


def test_tesseract_read_block_reads_a_korean_poster(render_text_line: RenderLine) -> None:
    poster = Image.new("RGB", (800, 300), "white")
    poster.paste(render_text_line("여름 빅세일", "hangul", "ko", 64), (60, 40))
    engine = engine_for("hangul", "ko")
    assert engine is not None
    readings = engine.read_block(poster)
    # Sparse-text mode may add a stray syllable; the words themselves must be there.
    assert any({"여름", "빅세일"} <= set(r.text.split()) for r in readings), readings
    assert all(r.box is not None and r.box[0] < 100 < r.box[2] for r in readings)
