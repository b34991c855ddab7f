"""Itemization: script runs, fallback faces from the cmap, bidi-aware neutrals."""

from __future__ import annotations

from assetpack.fonts import itemize, missing_chars


def _faces(runs):
    return [(r.text, r.face.family, r.direction) for r in runs]


def test_brand_font_draws_latin_inside_japanese(example_project, typesetter):
    runs = itemize("Lumen Auraで静けさを", "headline", "ja-JP", typesetter.book)
    assert _faces(runs) == [
        ("Lumen Aura", "Plus Jakarta Sans", "ltr"),
        ("で静けさを", "Noto Sans JP", "ltr"),
    ]


def test_han_follows_locale(typesetter):
    book = typesetter.book
    assert itemize("只聽你想聽的", "headline", "zh-TW", book)[0].face.family == "Noto Sans TC"
    assert itemize("只听你想听的", "headline", "zh-CN", book)[0].face.family == "Noto Sans SC"
    assert itemize("静けさ", "headline", "ja-JP", book)[0].face.family == "Noto Sans JP"


def test_symbol_missing_from_brand_font_falls_back(typesetter):
    runs = itemize("￥39,800", "headline", "ja-JP", typesetter.book)
    assert runs[0].face.family == "Noto Sans JP"
    assert not missing_chars(runs[0].face, runs[0].text)
    taka = itemize("29,999.00৳", "headline", "bn-BD", typesetter.book)
    assert all(not missing_chars(r.face, r.text) for r in taka)


def test_arabic_neutrals_follow_paragraph_direction(typesetter):
    runs = itemize("© 2026 Lumen Audio. تطبق الشروط.", "body", "ar-SA", typesetter.book)
    assert [(r.text, r.direction) for r in runs] == [
        ("© 2026 ", "rtl"),
        ("Lumen Audio", "ltr"),
        (". تطبق الشروط.", "rtl"),
    ]
    runs = itemize("خصم 20%", "cta", "ar-SA", typesetter.book)
    assert [(r.text, r.direction) for r in runs] == [("خصم ", "rtl"), ("20%", "ltr")]
    assert {r.face.family for r in runs} == {"Noto Sans Arabic"}


def test_numbers_inside_words_get_their_own_runs(typesetter):
    runs = itemize("최대 40시간 재생", "body", "ko-KR", typesetter.book)
    assert [r.text for r in runs] == ["최대 ", "40", "시간 재생"]
    assert len({r.face for r in runs}) == 1
    (price,) = itemize("₩349,000", "headline", "ko-KR", typesetter.book)
    assert price.text == "₩349,000"


def test_indic_and_thai_use_their_faces(typesetter):
    for text, locale, family in [
        ("सिर्फ़ वही सुनें", "hi-IN", "Noto Sans Devanagari"),
        ("শুনুন শুধু যা জরুরি", "bn-BD", "Noto Sans Bengali"),
        ("ฟังเฉพาะสิ่งที่สำคัญ", "th-TH", "Sarabun"),  # the kit's Thai fallback
        ("듣고 싶은 소리만", "ko-KR", "Noto Sans KR"),
    ]:
        (run,) = itemize(text, "headline", locale, typesetter.book)
        assert run.face.family == family
        assert run.face.weight == 800
        assert dict(run.face.axes).get("wght", 800) == 800  # variable faces set the axis
