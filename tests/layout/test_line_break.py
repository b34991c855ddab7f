"""Line breaking: UAX #14, BudouX phrases, kinsoku, Thai words, Korean spaces, hyphens."""

from __future__ import annotations

from assetpack.layout.line_break import NO_LINE_END, NO_LINE_START, hyphenate, segments
from assetpack.layout.text_fit import TextSpec, break_lines


def test_segments_rejoin_to_the_text():
    for text, locale in [
        ("Hear only what matters.", "en-US"),
        ("静けさを、あなたのものに。", "ja-JP"),
        ("ฟังเฉพาะสิ่งที่สำคัญ", "th-TH"),
        ("듣고 싶은 소리만", "ko-KR"),
        ("只聽你想聽的「好聲音」", "zh-TW"),
    ]:
        assert "".join(segments(text, locale)) == text


def test_japanese_phrases_and_kinsoku():
    pieces = segments("今すぐ購入して、静けさを手に入れよう。", "ja-JP")
    assert pieces == ("今", "すぐ", "購入して、", "静けさを", "手に", "入れよう。")
    for text, locale in [("「静寂」を、あなたに。", "ja-JP"), ("只聽你想聽的（新品）。", "zh-TW")]:
        parts = segments(text, locale)
        assert all(p[0] not in NO_LINE_START for p in parts[1:])
        assert all(p.rstrip()[-1] not in NO_LINE_END for p in parts[:-1])


def test_latin_words_inside_chinese_and_thai_stay_whole():
    # BudouX's Chinese model alone cuts "Audio" into "A", "ud", "io".
    pieces = segments("© 2026 Lumen Audio。活动详情以相关条款为准。", "zh-CN")
    assert "Audio。" in pieces and "Lumen " in pieces
    assert segments("ฟังเฉพาะ Lumen Audio", "th-TH") == ("ฟัง", "เฉพาะ", " ", "Lumen ", "Audio")
    assert segments("ANC2.0 降噪", "zh-CN")[0] == "ANC2.0 "


def test_thai_breaks_between_words_and_korean_between_spaces():
    assert segments("ฟังเฉพาะสิ่งที่สำคัญ", "th-TH") == ("ฟัง", "เฉพาะ", "สิ่ง", "ที่", "สำคัญ")
    assert segments("듣고 싶은 소리만", "ko-KR") == ("듣고 ", "싶은 ", "소리만")


def test_german_hyphenation_only_when_a_word_cannot_fit():
    assert hyphenate("Geräuschunterdrückung", "de-DE", lambda t: len(t) <= 14) == [
        "Geräuschunter-",
        "drückung",
    ]
    assert hyphenate("word", "xx", lambda t: False) is None


def test_balanced_lines_have_no_orphan(typesetter):
    spec = TextSpec("Adaptive noise cancelling with a 40-hour battery.", "body", "en-US")
    lines = break_lines(typesetter, spec, 40, 700, 3)
    assert lines is not None and len(lines) == 2
    widths = [typesetter.ink_width(line, "body", "en-US", 40, "ltr") for line in lines]
    assert min(widths) > 0.6 * max(widths)  # balanced, not greedy-full then a stub
