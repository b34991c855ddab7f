"""Font files on this machine: discovery, names, axes and coverage (HarfBuzz)."""

from __future__ import annotations

import importlib.metadata
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import uharfbuzz as hb

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
# Byte offsets in the OpenType OS/2 table (every version).
OS2_WEIGHT_CLASS, OS2_FS_SELECTION = 4, 62
# PyPI distributions that ship fonts we may use; anything else installed is ignored so a
# build does not depend on whatever happens to be on a machine.
FONT_DISTRIBUTION_PREFIXES = ("justmytype-", "fontpkg-")


@dataclass(frozen=True)
class FaceInfo:
    """What one font file offers."""

    path: str
    family: str
    italic: bool
    weight_class: int
    axes: tuple[tuple[str, float, float, float], ...]  # (tag, min, default, max)

    def supports_weight(self, weight: int) -> bool:
        for tag, low, _default, high in self.axes:
            if tag == "wght":
                return low <= weight <= high
        return self.weight_class == weight


@cache
def read_face(path: str) -> FaceInfo:
    """Family, style and axes as HarfBuzz reads them: what fontTools reads for every
    packaged face (tests/fonts), in 5 ms for the 45 of them where fontTools took 40, plus
    0.05 s of its imports at the start of every build. A face whose family name is not in
    English is read by fontTools, whose debug name falls back to any language."""
    face = hb.Face(hb.Blob.from_file_path(path), 0)
    family = face.get_name(16)
    if family is None and any(entry.name_id == 16 for entry in face.list_names()):
        return _read_face_fonttools(path)  # a typographic family in another language only
    family = family or face.get_name(1)
    if not family:
        return _read_face_fonttools(path)
    weight, italic = _os2_style(face.reference_table("OS/2").data, path)
    return FaceInfo(path, family, italic, weight, variation_axes(path))


def _os2_style(os2: bytes, path: str) -> tuple[int, bool]:
    """(usWeightClass, fsSelection's italic bit) from the OS/2 table; 400 and the file name
    without one."""
    if len(os2) < OS2_FS_SELECTION + 2:
        return 400, "italic" in path.lower()
    (weight,) = struct.unpack_from(">H", os2, OS2_WEIGHT_CLASS)
    (selection,) = struct.unpack_from(">H", os2, OS2_FS_SELECTION)
    return weight, bool(selection & 1)


def _read_face_fonttools(path: str) -> FaceInfo:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True, fontNumber=0)
    names = font["name"]
    family = str(names.getDebugName(16) or names.getDebugName(1) or Path(path).stem)
    os2 = font.get("OS/2")
    weight = int(os2.usWeightClass) if os2 is not None else 400
    italic = bool(os2.fsSelection & 1) if os2 is not None else "italic" in path.lower()
    font.close()
    return FaceInfo(path, family, italic, weight, variation_axes(path))


@cache
def variation_axes(path: str) -> tuple[tuple[str, float, float, float], ...]:
    """(tag, minimum, default, maximum) of each variation axis, in the font's order, as
    HarfBuzz reads its fvar table: what fontTools reads for every packaged face, without
    fontTools, which a worker otherwise imports (0.04 s) before it can draw its first line."""
    infos = hb.Face(hb.Blob.from_file_path(path), 0).axis_infos
    return tuple((a.tag, a.min_value, a.default_value, a.max_value) for a in infos)


class CodepointSet:
    """Codepoints, one bit each. A build keeps every face's set: as a frozenset of ints the
    nine fallback faces' 97,617 codepoints took 9.8 MB, as bits 0.13 MB."""

    __slots__ = ("_bits",)

    def __init__(self, codepoints: Iterable[int]) -> None:
        values = np.fromiter(codepoints, dtype=np.int64)
        flags = np.zeros(int(values.max(initial=-1)) + 1, dtype=bool)
        flags[values] = True
        self._bits = np.packbits(flags, bitorder="little").tobytes()

    def __contains__(self, codepoint: object) -> bool:
        if not isinstance(codepoint, int) or not 0 <= codepoint < 8 * len(self._bits):
            return False
        return bool(self._bits[codepoint >> 3] >> (codepoint & 7) & 1)

    def __iter__(self) -> Iterator[int]:
        flags = np.unpackbits(np.frombuffer(self._bits, dtype=np.uint8), bitorder="little")
        return iter(np.flatnonzero(flags).tolist())


@cache
def codepoints(path: str) -> CodepointSet:
    """Every codepoint the font's cmap maps to a glyph, as HarfBuzz (the shaper) reads it:
    the same set as fontTools' best cmap (tests/fonts), in 2 ms instead of 100 for a CJK
    face, where building fontTools' glyph-name map was a third of a build's first layout."""
    return CodepointSet(hb.Face(hb.Blob.from_file_path(path), 0).unicodes)


def _dist_info_name(dist: importlib.metadata.Distribution) -> str:
    """The distribution's name from its .dist-info folder ("fontpkg_noto_sans-1.0.dist-info"
    -> "fontpkg-noto-sans-1.0"), which needs no parsing of its metadata file; "" if none."""
    folder = getattr(dist, "_path", None)
    return Path(folder).name.lower().replace("_", "-") if folder is not None else ""


@cache
def font_distributions() -> tuple[importlib.metadata.Distribution, ...]:
    """The installed distributions that ship fonts we may use (see the prefixes above).

    Filtered by folder name first: reading every installed package's metadata took 0.5 s.
    """
    found = []
    for dist in importlib.metadata.distributions():
        name = _dist_info_name(dist) or (dist.metadata["Name"] or "").lower()
        if name.startswith(FONT_DISTRIBUTION_PREFIXES):
            found.append(dist)
    return tuple(sorted(found, key=_dist_info_name))


@cache
def installed_font_files() -> tuple[str, ...]:
    """Font files shipped by the font distributions installed in this environment."""
    found: list[str] = []
    for dist in font_distributions():
        root = Path(str(dist.locate_file(""))).resolve()
        for file in dist.files or []:
            if str(file).lower().endswith(FONT_SUFFIXES):
                found.append(str(root / str(file)))
    return tuple(sorted(set(found)))


def find_family(family: str, weight: int, extra_files: tuple[str, ...] = ()) -> FaceInfo | None:
    """The upright face of `family` that can be drawn at `weight` (kit files searched first)."""
    wanted = family.casefold()
    candidates = [read_face(p) for p in (*extra_files, *installed_font_files())]
    matches = [f for f in candidates if f.family.casefold() == wanted and not f.italic]
    exact = [f for f in matches if f.supports_weight(weight)]
    if exact:
        return exact[0]
    if matches:  # nearest static weight
        return min(matches, key=lambda f: abs(f.weight_class - weight))
    return None


def families() -> list[str]:
    """Installed family names, for error messages and `kit check`."""
    return sorted({read_face(p).family for p in installed_font_files()})
