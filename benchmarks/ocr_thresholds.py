"""Measure how well each OCR engine reads poster text, to set DEFAULT_THRESHOLDS.

Renders poster-like phrases per script (headline, subhead, CTA, price, date, percent) with
the Noto fonts the project ships, at 16-120 px, regular and bold, in four colourways
(dark on light, light on dark, white on brand red, light on a dark gradient), crops each line
the way the layout would (its ink box plus a margin) and reads it with ``engine_for``.

Then renders corrupted copies (one letter substituted, a word dropped, a vowel sign or tone
mark dropped, a CJK character swapped, a price digit changed) and reads those too, scoring
every reading against the *correct* copy, as the gate would when the pixels are wrong.

    .venv/bin/python benchmarks/ocr_thresholds.py            # summary per script
    .venv/bin/python benchmarks/ocr_thresholds.py --verbose  # plus every imperfect reading
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from assetpack.verify.ocr import engine_for
from assetpack.verify.text_match import normalize, similarity

_SITE = Path(ImageFont.__file__).resolve().parents[1]
FONTS = {
    "latin": "justmytype_western_core/fonts/ofl/notosans/NotoSans[wdth,wght].ttf",
    "han_sc": "justmytype_intl_cjk/fonts/ofl/notosanssc/NotoSansSC[wght].ttf",
    "han_tc": "justmytype_intl_cjk/fonts/ofl/notosanstc/NotoSansTC[wght].ttf",
    "japanese": "justmytype_intl_cjk/fonts/ofl/notosansjp/NotoSansJP[wght].ttf",
    "hangul": "justmytype_intl_cjk/fonts/ofl/notosanskr/NotoSansKR[wght].ttf",
    "devanagari": "justmytype_intl_south_asia/fonts/ofl/notosansdevanagari/"
    "NotoSansDevanagari[wdth,wght].ttf",
    "bengali": "justmytype_intl_south_asia/fonts/ofl/notosansbengali/"
    "NotoSansBengali[wdth,wght].ttf",
    "arabic": "justmytype_intl_rtl/fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf",
    "thai": "justmytype_intl_sea/fonts/ofl/notosansthai/NotoSansThai[wdth,wght].ttf",
}

# (label, script, locale, phrases)
CORPUS: list[tuple[str, str, str, list[str]]] = [
    ("latin", "latin", "en", [
        "Summer Sale", "Up to 50% off everything", "Shop now", "US$49.99",
        "Offer ends 31 August 2025", "Free shipping on orders over $75",
    ]),
    ("latin-eu", "latin", "de", [
        "Jetzt 30 % sparen – nur bis Sonntag", "Größe zählt: 19,99 €",
        "Les soldes d'été commencent à 19,99 €", "¡Envío gratis en pedidos de más de 50 €!",
        "Achetez maintenant", "Oferta válida hasta el 15/09",
    ]),
    ("vietnamese", "latin", "vi", [
        "Khuyến mãi mùa hè", "Giảm đến 50% toàn bộ sản phẩm", "Mua ngay", "Chỉ 499.000 ₫",
        "Kết thúc ngày 31/08/2025", "Miễn phí giao hàng toàn quốc",
    ]),
    ("han_sc", "han_sc", "zh-CN", [
        "夏季大促", "全场商品低至五折", "立即购买", "¥12,800", "活动截止2025年8月31日",
        "限时优惠 满300减50元",
    ]),
    ("han_tc", "han_tc", "zh-TW", [
        "夏季大促銷", "全館商品低至五折", "立即購買", "NT$1,280", "活動截止2025年8月31日",
        "限時優惠 滿300減50元",
    ]),
    ("japanese", "japanese", "ja", [
        "夏のビッグセール", "全品最大50%オフ", "今すぐ購入", "¥12,800（税込）",
        "2025年8月31日まで", "送料無料キャンペーン実施中",
    ]),
    ("hangul", "hangul", "ko", [
        "여름 빅세일", "전 상품 최대 50% 할인", "지금 구매하기", "₩129,000",
        "2025년 8월 31일까지", "무료 배송 이벤트 진행 중",
    ]),
    ("devanagari", "devanagari", "hi", [
        "गर्मियों की बड़ी सेल", "सभी उत्पादों पर 50% तक की छूट", "अभी खरीदें", "₹1,29,999.00",
        "ऑफ़र 31 अगस्त 2025 तक", "मुफ़्त डिलीवरी",
    ]),
    ("bengali", "bengali", "bn", [
        "গ্রীষ্মের বড় সেল", "সব পণ্যে ৫০% পর্যন্ত ছাড়", "এখনই কিনুন", "৳১,২৯৯",
        "অফার ৩১ আগস্ট পর্যন্ত", "ফ্রি ডেলিভারি",
    ]),
    ("arabic", "arabic", "ar", [
        "تخفيضات الصيف الكبرى", "خصم يصل إلى 50% على كل المنتجات", "تسوق الآن", "199 ر.س",
        "العرض ساري حتى 31 أغسطس", "توصيل مجاني",
    ]),
    ("thai", "thai", "th", [
        "ลดราคาฤดูร้อน", "ลดสูงสุด 50% ทุกรายการ", "ซื้อเลย", "฿1,290",
        "ถึงวันที่ 31 สิงหาคม 2568", "ส่งฟรีทั่วประเทศ",
    ]),
]

# (name, foreground, background or None for a gradient)
COLOURWAYS = [
    ("dark/light", (26, 26, 26), (255, 255, 255)),
    ("light/dark", (255, 255, 255), (32, 42, 68)),
    ("white/red", (255, 255, 255), (214, 40, 40)),
    ("light/gradient", (250, 245, 230), None),
]
SIZES_PX = [16, 20, 28, 40, 64, 120]
CORRUPT_SIZES_PX = [20, 40, 120]

_LANGUAGE = {"hi": "hi", "bn": "bn", "ar": "ar", "th": "th"}

# Visually close swaps, the kind a wrong font fallback or a bad copy edit produces.
_SWAPS = {
    "元": "无", "大": "太", "全": "金", "五": "王", "购": "构", "購": "構", "場": "埸",
    "館": "舘", "季": "李", "日": "曰", "セ": "ヤ", "ル": "レ", "の": "ね", "オ": "ア",
    "ب": "ت", "ع": "غ", "س": "ش", "ر": "ز", "د": "ذ", "ل": "ك", "ي": "ى",
    "ক": "ফ", "ড": "ড়", "স": "ম", "ল": "ন", "ছ": "চ",
}
_VOWEL_SIGNS = set("ािीुूृेैोौ") | set("ািীুূৃেৈোৌ") | set("ัิีึืุู")
_THAI_TONES = set("่้๊๋")


@dataclass
class Result:
    label: str
    kind: str
    size_px: int
    colourway: str
    expected: str
    read: str
    ned: float
    edits: int
    ms: float


def render_line(text: str, script: str, locale: str, size_px: int, bold: bool,
                colourway: tuple[str, tuple[int, int, int], tuple[int, int, int] | None]
                ) -> Image.Image:
    """One line as the layout would crop it: ink box plus a fifth of the size around it."""
    font = ImageFont.truetype(str(_SITE / FONTS[script]), size_px,
                              layout_engine=ImageFont.Layout.RAQM)
    font.set_variation_by_name("Bold" if bold else "Regular")
    language = _LANGUAGE.get(locale.split("-")[0])
    direction = "rtl" if script == "arabic" else None
    left, top, right, bottom = font.getbbox(text, language=language, direction=direction)
    pad = max(3, size_px // 5)
    width, height = right - left + 2 * pad, bottom - top + 2 * pad
    _, fg, bg = colourway
    if bg is None:
        # Left to right from near-black navy to mid blue, like a scrim over photo art.
        ramp = Image.linear_gradient("L").rotate(90).resize((width, height))
        image = Image.merge("RGB", [ramp.point(lambda v, top=top: 10 + v * top // 255)
                                    for top in (40, 70, 130)])
    else:
        image = Image.new("RGB", (width, height), bg)
    ImageDraw.Draw(image).text((pad - left, pad - top), text, font=font, fill=fg,
                               language=language, direction=direction)
    return image


def corruptions(text: str, script: str) -> dict[str, str]:
    """Wrong versions of ``text`` that differ by one visible thing each."""
    out: dict[str, str] = {}
    chars = list(text)
    start = len(chars) // 3
    for i in list(range(start, len(chars))) + list(range(start)):
        ch = chars[i]
        if ch in _SWAPS:
            out["swap"] = text[:i] + _SWAPS[ch] + text[i + 1:]
            break
        if script in ("latin",) and ch.isascii() and ch.isalpha():
            new = "b" if ch.lower() == "a" else chr(ord(ch.lower()) - 1)
            out["swap"] = text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1:]
            break
        if script == "hangul" and 0xAC00 <= ord(ch) <= 0xD7A3:
            out["swap"] = text[:i] + chr(ord(ch) + 28) + text[i + 1:]  # next vowel
            break
        if script in ("devanagari", "thai") and ch.isalpha() and ch not in _VOWEL_SIGNS:
            out["swap"] = text[:i] + chr(ord(ch) + 1) + text[i + 1:]
            break
    for i, ch in enumerate(chars):
        if ch in _VOWEL_SIGNS and script in ("devanagari", "bengali", "thai"):
            out["drop_vowel_sign"] = text[:i] + text[i + 1:]
            break
    for i, ch in enumerate(chars):
        if ch in _THAI_TONES:
            out["drop_tone_mark"] = text[:i] + text[i + 1:]
            break
    for i, ch in enumerate(chars):
        decomposed = unicodedata.normalize("NFD", ch)
        if script == "latin" and len(decomposed) > 1:
            out["drop_diacritic"] = text[:i] + decomposed[0] + text[i + 1:]
            break
    for i, ch in enumerate(chars):
        if ch.isdigit() and ch.isascii():
            out["digit"] = text[:i] + str((int(ch) + 1) % 10) + text[i + 1:]
            break
    words = text.split()
    if len(words) >= 3:
        out["drop_word"] = " ".join(words[:1] + words[2:])
    elif script in ("han_sc", "han_tc", "japanese") and len(text) >= 6:
        out["drop_word"] = text[:2] + text[4:]
    return out


def _read(label: str, script: str, locale: str, kind: str, expected: str, shown: str,
          size_px: int, bold: bool, colourway: tuple) -> Result:
    engine = engine_for(script, locale)
    assert engine is not None, f"no OCR engine for {script} ({locale})"
    image = render_line(shown, script, locale, size_px, bold, colourway)
    started = time.perf_counter()
    reading = engine.read_line(image)
    ms = (time.perf_counter() - started) * 1000
    edits = Levenshtein.distance(normalize(expected, locale), normalize(reading.text, locale))
    return Result(label, kind, size_px, colourway[0], expected, reading.text,
                  similarity(expected, reading.text, locale), edits, ms)


def run(labels: set[str] | None, verbose: bool) -> None:
    timings: dict[str, list[float]] = {}
    for label, script, locale, phrases in CORPUS:
        if labels and label not in labels:
            continue
        engine = engine_for(script, locale)
        print(f"\n== {label}: {script} / {locale} / {engine.name if engine else 'NONE'}")
        if engine is None:
            continue
        engine.read_line(render_line(phrases[0], script, locale, 40, False, COLOURWAYS[0]))
        clean = [
            _read(label, script, locale, "clean", text, text, size, bold, cw)
            for text in phrases for size in SIZES_PX for bold in (False, True)
            for cw in COLOURWAYS
        ]
        timings.setdefault(engine.name, []).extend(r.ms for r in clean)
        neds = [r.ned for r in clean]
        exact = sum(r.edits == 0 for r in clean)
        print(f"clean: n={len(clean)} exact={exact} mean NED={statistics.mean(neds):.4f} "
              f"min NED={min(neds):.4f}")
        for size in SIZES_PX:
            at = [r for r in clean if r.size_px == size]
            print(f"  {size:>4} px: exact {sum(r.edits == 0 for r in at)}/{len(at)}, "
                  f"min NED {min(r.ned for r in at):.3f}, "
                  f"max edits {max(r.edits for r in at)}")
        for r in sorted(clean, key=lambda r: r.ned)[: (len(clean) if verbose else 6)]:
            if r.edits:
                print(f"    {r.ned:.3f} {r.size_px}px {r.colourway:<14} "
                      f"{r.expected!r} -> {r.read!r}")
        bad: list[Result] = []
        for text in phrases:
            for kind, shown in corruptions(text, script).items():
                for size in CORRUPT_SIZES_PX:
                    for cw in COLOURWAYS[:2]:
                        bad.append(_read(label, script, locale, kind, text, shown, size,
                                         size >= 64, cw))
        for kind in sorted({r.kind for r in bad}):
            rows = [r for r in bad if r.kind == kind]
            caught = sum(r.edits > 0 for r in rows)
            print(f"corrupt {kind:<16} n={len(rows):>3} read as correct={len(rows) - caught:>3} "
                  f"max NED={max(r.ned for r in rows):.3f} mean NED="
                  f"{statistics.mean(r.ned for r in rows):.3f}")
            for r in rows:
                if r.edits == 0 and verbose:
                    print(f"    missed {r.size_px}px {r.colourway} {r.expected!r} -> {r.read!r}")
    print("\n== ms per line (read_line, includes preprocessing)")
    for name, values in timings.items():
        values.sort()
        print(f"{name:<16} median {statistics.median(values):6.1f}  "
              f"p90 {values[int(len(values) * 0.9)]:6.1f}  max {values[-1]:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", help="corpus labels to run (default: all)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    run(set(args.labels) or None, args.verbose)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
