"""Shared building blocks for the configuration models."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class Frozen(BaseModel):
    """Base of every model that travels between stages: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _check_hex(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"{value!r} is not a color; write it as #RRGGBB, e.g. #1A2B3C")
    return value.upper()


HexColor = Annotated[str, AfterValidator(_check_hex)]


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """'#1A2B3C' -> (26, 43, 60)."""
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))
