"""Coverage reports: which faces draw a sample of a locale's text, and what none can draw."""

from __future__ import annotations

from collections.abc import Iterator

from assetpack.config import BrandKit
from assetpack.fonts.book import ROLES, FontBook
from assetpack.fonts.runs import itemize, missing_chars


def coverage_report(
    kit: BrandKit, book: FontBook, samples: dict[str, str]
) -> Iterator[tuple[str, bool]]:
    """(line, ok) per locale and role: the faces used, and any characters left without one."""
    for locale, text in samples.items():
        for role in ROLES:
            runs = itemize(text, role, locale, book)
            missing = "".join(sorted({c for r in runs for c in missing_chars(r.face, r.text)}))
            faces = sorted({f"{r.face.family} {r.face.weight}" for r in runs})
            line = f"{locale:8} {role:9} {', '.join(faces)}"
            if missing:
                line += f"; no glyph for {missing!r}"
            yield line, not missing
