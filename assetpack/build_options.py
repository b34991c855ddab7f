"""What a build is asked (BuildOptions) and what it returns (BuildResult), and its clock."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

from pydantic import Field

from assetpack.config.base import Frozen
from assetpack.imagegen.usage import ImageUsage
from assetpack.pack import AssetRecord, SetRecord


class BuildOptions(Frozen):
    """How to build: overrides of the brief and the knobs of the run."""

    locales: tuple[str, ...] | None = Field(None, description="Only these locales.")
    presets: tuple[str, ...] | None = Field(None, description="Only these presets (ids, globs).")
    allow_outside: bool = Field(False, description="Allow files outside the brief/kit folders.")
    copy_provider: str | None = Field(None, description="offline or openai; default: the brief.")
    workers: int | None = Field(None, description="Worker threads; default: the cores.")
    ocr: bool = Field(True, description="Run the OCR round trip.")
    upload: str | None = Field(None, description="Delivery target; default: the brief's.")
    dask: str | None = Field(
        None, description="Dask scheduler address (tcp://host:8786): render there."
    )
    art_provider: Literal["procedural", "image", "openai"] | None = Field(
        None, description="Where the art comes from; default: the brief's art.provider."
    )
    text_mode: Literal["typeset", "model"] | None = Field(
        None, description="Who draws the copy; default: the brief's text_mode."
    )
    cache_dir: Path | None = Field(
        None, description="Cache of API results; default: $ASSETPACK_CACHE_DIR or ~/.cache."
    )
    max_cost_usd: float | None = Field(
        None, ge=0, description="Refuse a build whose planned API calls cost more (USD)."
    )
    draft: bool = Field(False, description="Preview: the draft image model, low quality.")
    reuse: bool = Field(
        True,
        description="Reuse an unchanged pack and cached assets; False renders everything.",
    )


class BuildResult(Frozen):
    """What a build produced and whether it passed the gate."""

    out_dir: Path = Field(description="Folder holding the pack.")
    zip_path: Path = Field(description="The pack's zip.")
    manifest_path: Path = Field(description="manifest.json.")
    assets: list[AssetRecord] = Field(description="Every asset with its checks.")
    seconds: float = Field(description="Wall time of the build.")
    delivery: dict[str, object] | None = Field(None, description="Delivery summary, if any.")
    stage_seconds: dict[str, float] = Field(
        default_factory=dict, description="Wall time per stage, and to the first asset."
    )
    image_usage: ImageUsage | None = Field(None, description="Image API tokens, if any.")
    reused: int = Field(0, description="Assets taken from the asset cache, not made again.")
    unchanged: bool = Field(
        False, description="The inputs had not changed: the existing pack was kept as it was."
    )
    sets: list[SetRecord] = Field(
        default_factory=list, description="Multi-panel sets with their set-level checks."
    )

    @property
    def passed(self) -> bool:
        return all(asset.passed for asset in self.assets) and all(s.passed for s in self.sets)


class StageClock:
    """Wall time per stage (laps) and to a first event, from the build's start."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.stages: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.stages[name] = round(now - self.last, 4)
        self.last = now

    def add(self, name: str, seconds: float) -> None:
        """Time spent in a stage that runs in pieces (or in workers), summed."""
        self.stages[name] = round(self.stages.get(name, 0.0) + seconds, 4)

    def first(self, name: str) -> None:
        self.stages.setdefault(name, round(time.monotonic() - self.started, 4))

    def total(self) -> float:
        return time.monotonic() - self.started
