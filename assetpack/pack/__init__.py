"""Pack: encode assets, then write manifest.json, report.json, index.html and pack.zip."""

from __future__ import annotations

import shutil
from pathlib import Path

from assetpack.pack.archive import write_zip
from assetpack.pack.encode import Encoded, encode
from assetpack.pack.gallery import gallery_html
from assetpack.pack.manifest import manifest_data, report_data, write_json
from assetpack.pack.models import AssetRecord, SetRecord
from assetpack.pack.proof import PREPARED, write_proof
from assetpack.pack.report_html import report_html

__all__ = [
    "GALLERY",
    "MANIFEST",
    "REPORT",
    "REVIEW",
    "ZIP",
    "AssetRecord",
    "SetRecord",
    "Encoded",
    "encode",
    "pack",
]

MANIFEST = "manifest.json"
REPORT = "report.json"
GALLERY = "index.html"
REVIEW = "report.html"
ZIP = "pack.zip"


def pack(
    root: Path,
    campaign: str,
    brief_sha256: str,
    assets: list[AssetRecord],
    copy_usage: dict[str, object] | None = None,
    sets: list[SetRecord] | None = None,
) -> Path:
    """Write the pack's records beside the assets in `root`; return the zip's path.

    `copy_usage` (model-written copy only) is the token bill, recorded in the manifest.
    `sets`: the multi-panel sets with their set-level checks (see `pack.sets`).
    """
    assets = sorted(assets, key=lambda a: a.path)
    manifest = manifest_data(campaign, brief_sha256, assets, sets)
    if copy_usage is not None:
        manifest["copy_usage"] = copy_usage
    write_json(root / MANIFEST, manifest)
    write_json(root / REPORT, report_data(assets, sets))
    (root / GALLERY).write_text(gallery_html(campaign, assets), encoding="utf-8")
    (root / REVIEW).write_text(report_html(campaign, assets), encoding="utf-8")
    proofs = [path.name for path in write_proof(root, assets, campaign)]
    shutil.rmtree(root / PREPARED, ignore_errors=True)  # the proof's thumbnails: used
    names = [a.path for a in assets] + [MANIFEST, REPORT, GALLERY, REVIEW, *proofs]
    write_zip(root / ZIP, root, names)
    return root / ZIP
