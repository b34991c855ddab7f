"""The loaded project: everything the stages need, resolved and validated."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.config.brandkit import BrandKit
from assetpack.config.brief import Brief, Panel
from assetpack.config.presets import SizePreset


class Project(Frozen):
    """A brief with its brand kit and the presets it selected, paths made absolute."""

    brief: Brief = Field(description="The product brief.")
    kit: BrandKit = Field(description="The brand kit the brief names.")
    presets: list[SizePreset] = Field(description="Selected presets, in catalog order.")
    brief_path: Path = Field(description="Absolute path of the brief file.")
    brief_sha256: str = Field(description="SHA-256 of the brief file's bytes.")

    @property
    def locales(self) -> list[str]:
        return self.brief.locales

    @property
    def panels(self) -> list[Panel]:
        """The brief's multi-panel set, in swipe order; empty when it has none."""
        return list(self.brief.panels or [])

    def takes_set(self, preset: SizePreset) -> bool:
        """Whether `preset` renders the panel set (it takes sets and the brief has panels)."""
        return preset.takes_sets and bool(self.brief.panels)

    @property
    def needs_poster(self) -> bool:
        """Whether the single poster's copy is needed: unless every selected preset renders
        the panel set instead."""
        return not self.presets or any(not self.takes_set(p) for p in self.presets)

    @property
    def needs_panels(self) -> bool:
        """Whether any selected preset renders the panel set."""
        return any(self.takes_set(preset) for preset in self.presets)
