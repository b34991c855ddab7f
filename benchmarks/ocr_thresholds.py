"""Measure how well the OCR engines read poster text, to set DEFAULT_THRESHOLDS.

Renders poster-like phrases per script (headline, subhead, CTA, price, date, percent) with the
Noto fonts the project ships, at 16-120 px, regular and bold, in four colourways (dark on
light, light on dark, white on brand red, light on a dark gradient), crops each line the way
the layout does (ink box plus a margin) and reads it as the gate does: the script from
``detect_script``, the engine from ``engine_for``, the score from ``match``.

Then renders corrupted copies (a letter swapped for a similar one, a word dropped, a vowel
sign, tone mark or diacritic dropped, a price digit changed) and reads those too, scoring each
against the *correct* copy, as the gate does when the pixels are wrong. For each script it
prints clean NED (mean, min), the NED of each corruption kind, how many corruptions the chosen
threshold catches, and ms per line per engine.

    .venv/bin/python benchmarks/ocr_thresholds.py              # every corpus, ~3 minutes
    .venv/bin/python benchmarks/ocr_thresholds.py thai -v      # one corpus, every miss
"""

from __future__ import annotations

import argparse
import statistics
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from assetpack.fonts.resolve import fallback_font_path
from assetpack.verify.ocr import SCRIPTS, detect_script, engine_for
from assetpack.verify.text_match import DEFAULT_THRESHOLDS, match

# The fonts the OCR thresholds were measured with: each script's built-in fallback face.
FONTS = {script: fallback_font_path(script) for script in SCRIPTS}

# label -> (font script, locale, one phrase per line)
CORPUS: dict[str, tuple[str, str, str]] = {
    "english": (
        "latin",
        "en",
        """Summer Sale
        Up to 50% off everything
        Shop now
        US$49.99
        Offer ends 31 August 2025
        Free shipping on orders over $75""",
    ),
    "european": (
        "latin",
        "de",
        """Jetzt 30 % sparen – nur bis Sonntag
        Größe zählt: 19,99 €
        Les soldes d'été commencent à 19,99 €
        ¡Envío gratis en pedidos de más de 50 €!
        Achetez maintenant
        Oferta válida hasta el 15/09""",
    ),
    "vietnamese": (
        "latin",
        "vi",
        """Khuyến mãi mùa hè
        Giảm đến 50% toàn bộ sản phẩm
        Mua ngay
        Chỉ 499.000 ₫
        Kết thúc ngày 31/08/2025
        Miễn phí giao hàng toàn quốc""",
    ),
    "han_sc": (
        "han_sc",
        "zh-CN",
        """夏季大促
        全场商品低至五折
        立即购买
        ¥12,800
        活动截止2025年8月31日
        限时优惠 满300减50元
        Nike Air 全新上市""",
    ),
    "han_tc": (
        "han_tc",
        "zh-TW",
        """夏季大促銷
        全館商品低至五折
        立即購買
        NT$1,280
        活動截止2025年8月31日
        限時優惠 滿300減50元""",
    ),
    "japanese": (
        "japanese",
        "ja",
        """夏のビッグセール
        全品最大50%オフ
        今すぐ購入
        ¥12,800（税込）
        2025年8月31日まで
        送料無料キャンペーン実施中""",
    ),
    "hangul": (
        "hangul",
        "ko",
        """여름 빅세일
        전 상품 최대 50% 할인
        지금 구매하기
        ₩129,000
        2025년 8월 31일까지
        무료 배송 이벤트 진행 중
        Galaxy S24 출시 기념 할인""",
    ),
    "devanagari": (
        "devanagari",
        "hi",
        """गर्मियों की बड़ी सेल
        सभी उत्पादों पर 50% तक की छूट
        अभी खरीदें
        ₹1,29,999.00
        ऑफ़र 31 अगस्त 2025 तक
        मुफ़्त डिलीवरी
        iPhone 16 अब ₹79,900 में""",
    ),
    "bengali": (
        "bengali",
        "bn",
        """গ্রীষ্মের বড় সেল
        সব পণ্যে ৫০% পর্যন্ত ছাড়
        এখনই কিনুন
        ৳১,২৯৯
        অফার ৩১ আগস্ট পর্যন্ত
        ফ্রি ডেলিভারি
        Galaxy S24 এখন পাওয়া যাচ্ছে""",
    ),
    "arabic": (
        "arabic",
        "ar",
        """تخفيضات الصيف الكبرى
        خصم يصل إلى 50% على كل المنتجات
        تسوق الآن
        199 ر.س
        العرض ساري حتى 31 أغسطس
        توصيل مجاني
        iPhone 16 متوفر الآن""",
    ),
    "thai": (
        "thai",
        "th",
        """ลดราคาฤดูร้อน
        ลดสูงสุด 50% ทุกรายการ
        ซื้อเลย
        ฿1,290
        ถึงวันที่ 31 สิงหาคม 2568
        ส่งฟรีทั่วประเทศ
        iPhone 16 ลดราคา""",
    ),
}

Colourway = tuple[str, tuple[int, int, int], tuple[int, int, int] | None]
COLOURWAYS: list[Colourway] = [
    ("dark/light", (26, 26, 26), (255, 255, 255)),
    ("light/dark", (255, 255, 255), (32, 42, 68)),
    ("white/red", (255, 255, 255), (214, 40, 40)),
    ("light/gradient", (250, 245, 230), None),
]
SIZES_PX = [16, 20, 28, 40, 64, 120]
CORRUPT_SIZES_PX = [20, 40, 120]

# Visually close swaps, the kind a wrong fallback font or a bad copy edit produces.
_SWAPS = dict(
    zip(
        "元大全五购購場館季セルのオبعسردليকসলছ",
        "无太金王构構埸舘李ヤレねアتغشزذكىফমনচ",
        strict=True,
    )
)
_VOWEL_SIGNS = set("ािीुूृेैोौািীুূৃেৈোৌัิีึืุู")
_THAI_TONES = set("่้๊๋")


@dataclass
class Result:
    corpus: str
    script: str
    engine: str
    kind: str
    size_px: int
    colourway: str
    expected: str
    read: str
    ned: float
    ms: float


def render_line(
    text: str, font_script: str, locale: str, size_px: int, bold: bool, colourway: Colourway
) -> Image.Image:
    """One line as the layout would crop it: ink box plus a fifth of the size around it."""
    font = ImageFont.truetype(FONTS[font_script], size_px, layout_engine=ImageFont.Layout.RAQM)
    font.set_variation_by_name("Bold" if bold else "Regular")
    language = locale.split("-")[0]
    direction = "rtl" if font_script == "arabic" else None
    left, top, right, bottom = font.getbbox(text, language=language, direction=direction)
    pad = max(3, size_px // 5)
    width, height = right - left + 2 * pad, bottom - top + 2 * pad
    _, fg, bg = colourway
    if bg is None:
        # Left to right from near-black navy to mid blue, like a scrim over photo art.
        ramp = Image.linear_gradient("L").rotate(90).resize((width, height))
        channels = [ramp.point(lambda v, top=top: 10 + v * top // 255) for top in (40, 70, 130)]
        image = Image.merge("RGB", channels)
    else:
        image = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(image)
    draw.text(
        (pad - left, pad - top), text, font=font, fill=fg, language=language, direction=direction
    )
    return image


def _replace(text: str, i: int, new: str) -> str:
    return text[:i] + new + text[i + 1 :]


def _swap(text: str, font_script: str) -> str | None:
    """A letter from the middle of ``text`` replaced by a similar-looking one."""
    order = list(range(len(text) // 3, len(text))) + list(range(len(text) // 3))
    for i in order:
        ch = text[i]
        if ch in _SWAPS:
            return _replace(text, i, _SWAPS[ch])
        if font_script == "latin" and ch.isascii() and ch.isalpha():
            new = "b" if ch.lower() == "a" else chr(ord(ch.lower()) - 1)
            return _replace(text, i, new.upper() if ch.isupper() else new)
        if font_script == "hangul" and 0xAC00 <= ord(ch) <= 0xD7A3:
            return _replace(text, i, chr(ord(ch) + 28))  # same consonants, next vowel
        if font_script in ("devanagari", "thai") and ch.isalpha() and ch not in _VOWEL_SIGNS:
            return _replace(text, i, chr(ord(ch) + 1))
    return None


def corruptions(text: str, font_script: str) -> dict[str, str]:
    """Wrong versions of ``text`` that differ from it by one visible thing each."""
    out: dict[str, str] = {}
    swapped = _swap(text, font_script)
    if swapped:
        out["swap"] = swapped
    for kind, chars in (("drop_vowel_sign", _VOWEL_SIGNS), ("drop_tone_mark", _THAI_TONES)):
        hits = [i for i, ch in enumerate(text) if ch in chars]
        if hits:
            out[kind] = text[: hits[0]] + text[hits[0] + 1 :]
    for i, ch in enumerate(text):
        base = unicodedata.normalize("NFD", ch)
        if font_script == "latin" and len(base) > 1:
            out["drop_diacritic"] = _replace(text, i, base[0])
            break
    digits = [i for i, ch in enumerate(text) if ch.isascii() and ch.isdigit()]
    if digits:
        out["digit"] = _replace(text, digits[0], str((int(text[digits[0]]) + 1) % 10))
    words = text.split()
    if len(words) >= 3:
        out["drop_word"] = " ".join(words[:1] + words[2:])
    elif font_script in ("han_sc", "han_tc", "japanese") and len(text) >= 6:
        out["drop_word"] = text[:2] + text[4:]
    return out


def read(corpus: str, kind: str, expected: str, shown: str, size_px: int, bold: bool,
         colourway: Colourway) -> Result | None:  # fmt: skip
    font_script, locale, _ = CORPUS[corpus]
    script = detect_script(expected, locale)
    engine = engine_for(script, locale)
    if engine is None:
        return None
    image = render_line(shown, font_script, locale, size_px, bold, colourway)
    started = time.perf_counter()
    reading = engine.read_line(image)
    ms = (time.perf_counter() - started) * 1000
    ned = match(expected, reading.text, locale, script).ned
    return Result(corpus, script, engine.name, kind, size_px, colourway[0], expected,
                  reading.text, ned, ms)  # fmt: skip


def measure(corpus: str) -> list[Result]:
    font_script, _, block = CORPUS[corpus]
    phrases = [line.strip() for line in block.splitlines()]
    jobs = [
        ("clean", text, text, size, bold, cw)
        for text in phrases
        for size in SIZES_PX
        for bold in (False, True)
        for cw in COLOURWAYS
    ]
    jobs += [
        (kind, text, shown, size, size >= 64, cw)
        for text in phrases
        for kind, shown in corruptions(text, font_script).items()
        for size in CORRUPT_SIZES_PX
        for cw in COLOURWAYS[:2]
    ]
    results = [read(corpus, *job) for job in jobs]
    return [r for r in results if r is not None]


def report(results: list[Result], verbose: bool) -> None:
    by_script: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_script[r.script].append(r)
    for script, rows in by_script.items():
        clean = [r for r in rows if r.kind == "clean"]
        threshold = DEFAULT_THRESHOLDS.get(script, 1.0)
        neds = [r.ned for r in clean]
        exact = sum(n == 1.0 for n in neds)
        engines = sorted({r.engine for r in rows})
        print(f"  [{script}, {'/'.join(engines)}, threshold {threshold}]")
        if clean:
            print(
                f"    clean      n={len(clean):3}  exact {exact:3}"
                f"  mean NED {statistics.mean(neds):.3f}  min NED {min(neds):.3f}"
                f"  failing {sum(n < threshold - 1e-9 for n in neds)}"
            )
        for r in sorted(clean, key=lambda r: r.ned)[: None if verbose else 4]:
            if r.ned < 1.0:
                print(
                    f"      {r.ned:.3f} {r.size_px:3}px {r.colourway:<14}"
                    f" {r.expected!r} -> {r.read!r}"
                )
        for kind in sorted({r.kind for r in rows} - {"clean"}):
            bad = [r for r in rows if r.kind == kind]
            caught = sum(r.ned < threshold - 1e-9 for r in bad)
            print(
                f"    {kind:<15} n={len(bad):3}  caught {caught:3}"
                f"  max NED {max(r.ned for r in bad):.3f}"
                f"  mean NED {statistics.mean(r.ned for r in bad):.3f}"
            )
            for r in bad:
                if verbose and r.ned >= threshold - 1e-9:
                    print(
                        f"      missed {r.size_px:3}px {r.colourway:<10}"
                        f" {r.expected!r} -> {r.read!r}"
                    )


SWEEP = (0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 1.0)


def sweep(results: list[Result]) -> None:
    """Per script: clean lines passing and corruptions caught at each candidate threshold."""
    print("\n== threshold sweep: clean passing / corrupt caught")
    print(f"  {'script':<11}" + "".join(f"{t:>14}" for t in SWEEP))
    for script in sorted({r.script for r in results}):
        clean = [r.ned for r in results if r.script == script and r.kind == "clean"]
        bad = [r.ned for r in results if r.script == script and r.kind != "clean"]
        cells = [
            f"{sum(n >= t - 1e-9 for n in clean):>4}/{len(clean)}"
            f" {sum(n < t - 1e-9 for n in bad):>3}/{len(bad):<3}"
            for t in SWEEP
        ]
        print(f"  {script:<11}" + "".join(f"{c:>14}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpora", nargs="*", help=f"any of {', '.join(CORPUS)} (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    unknown = set(args.corpora) - set(CORPUS)
    if unknown:
        parser.error(f"unknown corpus {', '.join(sorted(unknown))}")
    timings: dict[str, list[float]] = defaultdict(list)
    everything: list[Result] = []
    for corpus in args.corpora or CORPUS:
        font_script, locale, block = CORPUS[corpus]
        warm = engine_for(detect_script(block, locale), locale)  # first call loads the model
        if warm is not None:
            warm.read_line(
                render_line(block.split()[0], font_script, locale, 40, False, COLOURWAYS[0])
            )
        print(f"\n== {corpus} ({locale})")
        results = measure(corpus)
        report(results, args.verbose)
        everything += results
        for r in results:
            timings[r.engine].append(r.ms)
    sweep(everything)
    print("\n== ms per line (read_line, preprocessing included)")
    for name, values in sorted(timings.items()):
        values.sort()
        p90 = values[int(len(values) * 0.9)]
        print(
            f"  {name:<22} median {statistics.median(values):5.1f}"
            f"  p90 {p90:5.1f}  max {values[-1]:5.1f}"
        )


if __name__ == "__main__":
    main()
