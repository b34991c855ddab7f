"""What the pack stage records for each asset (the manifest's entries)."""

from __future__ import annotations

import zlib
from typing import Literal

from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.verify.report import Check


class AssetRecord(Frozen):
    """One finished asset: where it is, what it says, and how it was checked."""

    path: str = Field(description="Path relative to the manifest, platform/preset__locale.ext.")
    preset: str = Field(description="Preset id.")
    platform: str = Field(description="Platform id.")
    locale: str = Field(description="BCP 47 tag.")
    width: int = Field(description="Width in pixels.")
    height: int = Field(description="Height in pixels.")
    format: str = Field(description="png or jpeg.")
    bytes: int = Field(description="File size.")
    sha256: str = Field(description="SHA-256 of the file.")
    copy_text: dict[str, str] = Field(alias="copy", description="Slot -> text as drawn.")
    regions: dict[str, list[int]] = Field(description="Slot -> [x0, y0, x1, y1] as drawn.")
    checks: dict[str, str] = Field(description="Check name -> pass, warn or fail.")
    details: list[Check] = Field(default_factory=list, description="Every check, in full.")
    encoding: str = Field("", description="How the byte budget was met.")
    text_source: Literal["typeset", "model", "typeset-fallback"] = Field(
        "typeset",
        description="Who drew the copy: assetpack, the model, or assetpack after the model's "
        "copy did not read back.",
    )
    text_attempts: int = Field(0, description="Image requests made for the model's copy.")
    panel: int | None = Field(
        None, description="Panel number (1-based, swipe order) in a multi-panel set."
    )
    panel_role: str | None = Field(None, description="The panel's beat: hook, benefit, ...")
    panels: int | None = Field(None, description="Panels in the set the asset belongs to.")

    @property
    def set_key(self) -> tuple[str, str] | None:
        """(preset, locale) of the set the asset is a panel of; None for a single poster."""
        return (self.preset, self.locale) if self.panel is not None else None

    @property
    def passed(self) -> bool:
        return "fail" not in self.checks.values()

    def manifest_entry(self) -> dict[str, object]:
        exclude = {"details", "encoding"}
        if self.panel is None:  # a single poster's entry stays as it always was
            exclude |= {"panel", "panel_role", "panels"}
        return self.model_dump(by_alias=True, exclude=exclude)


class PackedRecords:
    """A build's asset records as they arrive, kept as compressed JSON until the pack is
    written. As objects a record took 85 KB (a poster has about 64 checks), as JSON 9 KB,
    compressed 1.4 KB: what a 1,000-asset build holds grows by 1.4 MB, not 85."""

    def __init__(self) -> None:
        self._packed: list[bytes] = []

    def add(self, record: AssetRecord) -> None:
        self._packed.append(zlib.compress(record.model_dump_json(by_alias=True).encode(), 1))

    def __len__(self) -> int:
        return len(self._packed)

    def records(self) -> list[AssetRecord]:
        """Every record, in the order they were added."""
        return [AssetRecord.model_validate_json(zlib.decompress(p)) for p in self._packed]


class SetRecord(Frozen):
    """One multi-panel set (a preset in one locale): its panels in order and its set checks."""

    preset: str = Field(description="Preset id.")
    locale: str = Field(description="BCP 47 tag.")
    panels: list[str] = Field(description="Panel paths in swipe order.")
    roles: list[str] = Field(description="Each panel's beat, in swipe order.")
    checks: dict[str, str] = Field(description="Set check name -> pass, warn or fail.")
    details: list[Check] = Field(default_factory=list, description="Every set check, in full.")

    @property
    def passed(self) -> bool:
        return "fail" not in self.checks.values()

    def manifest_entry(self) -> dict[str, object]:
        return self.model_dump(exclude={"details"})
