"""Fixtures for the pack pages: a small real pack, and asset records made in code.

The real pack comes from the real build (two presets, two locales, no OCR so it stays fast);
the records made in code cover what a small clean build never shows (warnings, failures,
hostile text).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assetpack.pack.models import AssetRecord
from assetpack.verify.report import Check

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "spring-launch" / "brief.yaml"


@pytest.fixture(scope="session")
def small_pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[AssetRecord]]:
    """A real pack: (its folder, its records), built once per test session."""
    from assetpack.build import BuildOptions, build

    options = BuildOptions(
        locales=("en-US", "ar-SA"),
        presets=("instagram/feed-square", "google-display/300x250"),
        ocr=False,
        workers=2,
    )
    result = build(EXAMPLE, tmp_path_factory.mktemp("pack"), options)
    return result.out_dir, result.assets


@pytest.fixture
def record() -> Callable[..., AssetRecord]:
    """Make an AssetRecord; `problems` are (name, status, region, measured, threshold, msg)."""

    def make(
        path: str = "instagram/feed-square__en-US.png",
        locale: str = "en-US",
        size: tuple[int, int] = (1080, 1080),
        problems: tuple[tuple[object, ...], ...] = (),
        copy: dict[str, str] | None = None,
    ) -> AssetRecord:
        platform, rest = path.split("/", 1)
        details = [Check(name="fit", status="pass", slot="headline", region=(10, 10, 50, 50))]
        for name, status, region, measured, threshold, message in problems:
            details.append(
                Check(
                    name=str(name),
                    status=status,  # type: ignore[arg-type]
                    slot="headline",
                    region=region,  # type: ignore[arg-type]
                    measured=measured,  # type: ignore[arg-type]
                    threshold=threshold,  # type: ignore[arg-type]
                    message=str(message),
                )
            )
        worst: dict[str, str] = {}
        rank = {"pass": 0, "unverified": 1, "warn": 2, "fail": 3}
        for item in details:
            if rank[item.status] >= rank.get(worst.get(item.name, "pass"), 0):
                worst[item.name] = "warn" if item.status == "unverified" else item.status
        return AssetRecord(
            path=path,
            preset=f"{platform}/{rest.split('__')[0]}",
            platform=platform,
            locale=locale,
            width=size[0],
            height=size[1],
            format="png",
            bytes=123_456,
            sha256="0" * 64,
            copy=copy if copy is not None else {"headline": "Hello"},
            regions={"headline": [10, 10, 50, 50]},
            checks=worst,
            details=details,
        )

    return make


@pytest.fixture
def hostile_record(record: Callable[..., AssetRecord]) -> AssetRecord:
    """A record whose copy and check message hold quotes, markup, controls and RTL marks."""
    return record(
        path="x/hostile__ar-SA.png",
        locale="ar-SA",
        copy={"headline": 'خصم "٥٠٪" <b>&amp;</b>\n\u200f\u0000 \U0001f600'},
        problems=(("contrast", "fail", (0, 0, 5, 5), 1.2345678901234567, 4.5, "low\tcontrast"),),
    )
