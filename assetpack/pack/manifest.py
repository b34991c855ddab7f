"""manifest.json and report.json: the machine-readable record of a pack."""

from __future__ import annotations

import json
from pathlib import Path

from assetpack.pack.models import AssetRecord


def manifest_data(campaign: str, brief_sha256: str, assets: list[AssetRecord]) -> dict[str, object]:
    return {
        "campaign": campaign,
        "brief_sha256": brief_sha256,
        "passed": all(a.passed for a in assets),
        "assets": [a.manifest_entry() for a in assets],
    }


def report_data(assets: list[AssetRecord]) -> dict[str, object]:
    return {
        "passed": all(a.passed for a in assets),
        "assets": [
            {
                "path": a.path,
                "preset": a.preset,
                "locale": a.locale,
                "encoding": a.encoding,
                "text_source": a.text_source,
                "text_attempts": a.text_attempts,
                "checks": [c.model_dump() for c in a.details],
            }
            for a in assets
        ],
    }


def write_json(path: Path, data: object) -> None:
    """Stable JSON: sorted keys, fixed separators, UTF-8, trailing newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
