"""FontBook: the resolved fonts of one build, serializable so workers can rebuild them."""

from __future__ import annotations

from pydantic import Field

from assetpack.config.base import Frozen

ROLES = ("headline", "body", "cta")


class Face(Frozen):
    """One font file drawn at one set of variation-axis values."""

    path: str = Field(description="Absolute path of the font file.")
    family: str = Field(description="Family name from the font's name table.")
    weight: int = Field(description="CSS weight this face is drawn at.")
    axes: tuple[tuple[str, float], ...] = Field(
        default=(), description="Variation axis values as (tag, value) pairs."
    )

    def axis(self, tag: str, default: float) -> float:
        return dict(self.axes).get(tag, default)


class FontBook(Frozen):
    """Per role, the brand face first and then per-script fallbacks, in order of preference."""

    primary: dict[str, Face] = Field(description="Role -> the brand face for that role.")
    fallbacks: dict[str, dict[str, list[Face]]] = Field(
        description="Role -> script key -> fallback faces, in order."
    )
    han_script: dict[str, str] = Field(
        description="Locale -> which Han script key its ideographs use (han_sc, han_tc, ...)."
    )
