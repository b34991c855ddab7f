"""resolve_fonts: the brand's faces by role, then a per-script fallback chain."""

from __future__ import annotations

import difflib

from assetpack.config import BrandKit, FontRole
from assetpack.errors import FontError
from assetpack.fonts.book import ROLES, Face, FontBook
from assetpack.fonts.faces import FaceInfo, families, find_family
from assetpack.fonts.scripts import han_key

# Fallback families shipped as dependencies (justmytype-* font packs), per script key.
DEFAULT_CHAINS: dict[str, list[str]] = {
    "latin": ["Noto Sans"],
    "han_sc": ["Noto Sans SC"],
    "han_tc": ["Noto Sans TC"],
    "japanese": ["Noto Sans JP"],
    "hangul": ["Noto Sans KR"],
    "devanagari": ["Noto Sans Devanagari"],
    "bengali": ["Noto Sans Bengali"],
    "arabic": ["Noto Sans Arabic"],
    "hebrew": ["Noto Sans Hebrew"],
    "thai": ["Noto Sans Thai"],
    "tamil": ["Noto Sans Tamil"],
    "telugu": ["Noto Sans Telugu"],
    "khmer": ["Noto Sans Khmer"],
    "lao": ["Noto Sans Lao"],
    "myanmar": ["Noto Sans Myanmar"],
    "symbols": ["Noto Sans Symbols 2", "Noto Sans"],
}


def fallback_font_path(script: str, weight: int = 400) -> str:
    """The file of the first installed family in a script's built-in fallback chain."""
    for family in DEFAULT_CHAINS[script]:
        info = find_family(family, weight)
        if info is not None:
            return info.path
    raise FontError(f"no installed font in the {script} chain {DEFAULT_CHAINS[script]}")


def make_face(info: FaceInfo, weight: int) -> Face:
    axes = tuple(
        (tag, float(min(max(weight, low), high)) if tag == "wght" else default)
        for tag, low, default, high in info.axes
    )
    return Face(path=info.path, family=info.family, weight=weight, axes=axes)


def _brand_face(role: FontRole, kit: BrandKit, role_name: str) -> Face:
    extra = (str(role.file),) if role.file else ()
    info = find_family(role.family, role.weight, extra)
    if info is None:
        close = difflib.get_close_matches(role.family, families(), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise FontError(
            f"{kit.root / 'brandkit.yaml'}: fonts.{role_name}.family: font family "
            f"{role.family!r} is not installed and no kit file provides it.{hint} Install its "
            "font package (e.g. pip install fontpkg-<family>) or set fonts."
            f"{role_name}.file to a font file inside the kit."
        )
    return make_face(info, role.weight)


def _chain(kit: BrandKit, script: str, weight: int) -> list[Face]:
    faces: list[Face] = []
    for family in [*kit.fonts.fallbacks.get(script, []), *DEFAULT_CHAINS.get(script, [])]:
        info = find_family(family, weight)
        if info is not None and all(f.path != info.path for f in faces):
            faces.append(make_face(info, weight))
    return faces


def resolve_fonts(kit: BrandKit, locales: list[str]) -> FontBook:
    """Find every face the build may draw with; fail early naming a missing brand family."""
    primary: dict[str, Face] = {}
    fallbacks: dict[str, dict[str, list[Face]]] = {}
    for role_name in ROLES:
        role: FontRole = getattr(kit.fonts, role_name)
        primary[role_name] = _brand_face(role, kit, role_name)
        fallbacks[role_name] = {
            script: _chain(kit, script, role.weight) for script in DEFAULT_CHAINS
        }
    return FontBook(
        primary=primary,
        fallbacks=fallbacks,
        han_script={locale: han_key(locale) for locale in locales},
    )
