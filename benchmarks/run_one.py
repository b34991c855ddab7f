"""One benchmark build in a fresh process: prints its timings as JSON on stdout.

Arguments: BRIEF OUT WORKERS LOCALES PRESETS REUSE [CACHE_DIR] (LOCALES/PRESETS "-" for the
brief's own, REUSE "fresh" to make every asset or "reuse" to use the pack stamp and cache).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

START = time.monotonic()  # as close to process start as Python allows


def main() -> None:
    brief, out, workers, locales, presets, reuse, *rest = sys.argv[1:]
    from assetpack.build import BuildOptions, build

    options = BuildOptions(
        workers=int(workers),
        locales=tuple(locales.split(",")) if locales != "-" else None,
        presets=tuple(presets.split(",")) if presets != "-" else None,
        reuse=reuse == "reuse",
        cache_dir=Path(rest[0]) if rest else None,
    )
    imported = time.monotonic() - START
    result = build(Path(brief), Path(out), options)
    stages = dict(result.stage_seconds)
    print(
        json.dumps(
            {
                "assets": len(result.assets),
                # Presets with one canvas (and a text-free image in every locale) share a file.
                "distinct_files": len({asset.sha256 for asset in result.assets}),
                "passed": result.passed,
                "reused": result.reused,
                "unchanged": result.unchanged,
                "build_seconds": result.seconds,
                "import_seconds": imported,
                "first_asset_from_process_start": imported + stages.get("first_asset", 0.0),
                "stages": stages,
            }
        )
    )


if __name__ == "__main__":
    from assetpack.process_exit import exit_now

    main()
    exit_now(0)  # as the `assetpack` command ends
