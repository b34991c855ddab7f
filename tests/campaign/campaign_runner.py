"""Run ``assetpack campaign ...`` in a real process, with a stand-in for ``assetpack.build``.

    python campaign_runner.py SIGNAL_DIR run CAMPAIGN --now ... --json

The stand-in build appends one JSON line per call to SIGNAL_DIR/builds.jsonl and touches
SIGNAL_DIR/building-<pid>. With RUNNER_HOLD=1 it then waits until another run has finished
(SIGNAL_DIR/done-<pid> appears), which makes "two runs overlap" deterministic instead of a
matter of timing. Every run touches done-<pid> when it ends, however it ends.
"""

from __future__ import annotations

import json
import os
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

HOLD_LIMIT_S = 120.0  # only reached if the code under test is broken; then the test fails


@dataclass(frozen=True)
class BuildOptions:
    locales: tuple[str, ...] | None = None
    presets: tuple[str, ...] | None = None
    upload: str | None = None


@dataclass(frozen=True)
class BuildResult:
    passed: bool
    out_dir: Path
    zip_path: Path


def fake_build_module(signal_dir: Path, *, hold: bool = False) -> types.ModuleType:
    """A module with the interface of assetpack.build that records its calls."""

    def build(brief_path: Path, out_dir: Path, options: BuildOptions) -> BuildResult:
        record = {
            "pid": os.getpid(),
            "brief": str(brief_path),
            "out_dir": str(out_dir),
            "locales": options.locales,
            "presets": options.presets,
            "upload": options.upload,
        }
        with open(signal_dir / "builds.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        (signal_dir / f"building-{os.getpid()}").touch()
        if hold:
            wait_for(lambda: any(signal_dir.glob("done-*")), HOLD_LIMIT_S)
        out_dir.mkdir(parents=True, exist_ok=True)
        zip_path = out_dir / "pack.zip"
        zip_path.write_bytes(b"PK fake")
        passed = "broken" not in brief_path.name
        return BuildResult(passed=passed, out_dir=out_dir, zip_path=zip_path)

    module = types.ModuleType("assetpack.build")
    module.BuildOptions = BuildOptions  # type: ignore[attr-defined]
    module.BuildResult = BuildResult  # type: ignore[attr-defined]
    module.build = build  # type: ignore[attr-defined]
    return module


def wait_for(condition, limit_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def main() -> None:
    signal_dir = Path(sys.argv[1])
    sys.modules["assetpack.build"] = fake_build_module(
        signal_dir, hold=os.environ.get("RUNNER_HOLD") == "1"
    )
    from assetpack.campaign.cli import campaign

    try:
        campaign.main(args=sys.argv[2:], prog_name="assetpack campaign")
    finally:
        (signal_dir / f"done-{os.getpid()}").touch()


if __name__ == "__main__":
    main()
