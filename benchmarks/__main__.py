"""`python -m benchmarks` (or `make bench`): throughput, stages, first asset, peak memory.

Each scenario runs in its own process; the peak RSS of that process and all its workers is
sampled every 50 ms. Results print as a table and go to benchmarks/results/latest.json.
`--large` adds every preset x 12 locales (several minutes on 2 cores).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "examples" / "spring-launch" / "brief.yaml"
RESULTS = ROOT / "benchmarks" / "results"
ALL_LOCALES = "en-US,de-DE,fr-FR,vi-VN,zh-CN,zh-TW,ja-JP,ko-KR,hi-IN,bn-BD,ar-SA,th-TH"

SCENARIOS = [
    ("small (1 preset x 1 locale)", 1, "en-US", "instagram/feed-square"),
    ("example, 1 worker", 1, "-", "-"),
    ("example, 2 workers", 2, "-", "-"),
]
LARGE = ("large (every preset x 12 locales), 2 workers", 2, ALL_LOCALES, "*/*")


def _tree_rss(process: psutil.Process) -> int:
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run(name: str, workers: int, locales: str, presets: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as out:
        args = [
            sys.executable,
            "-m",
            "benchmarks.run_one",
            str(BRIEF),
            out,
            str(workers),
            locales,
            presets,
        ]
        started = time.monotonic()
        child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            watched = psutil.Process(child.pid)
            while not done.is_set():
                peak = max(peak, _tree_rss(watched))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, _ = child.communicate()
        done.set()
        sampler.join()
        wall = time.monotonic() - started
    data = json.loads(stdout.strip().splitlines()[-1])
    assets = int(data["assets"])
    return {
        "scenario": name,
        "workers": workers,
        "assets": assets,
        "passed": data["passed"],
        "wall_seconds": round(wall, 2),
        "assets_per_second": round(assets / wall, 2),
        "first_asset_seconds": round(data["first_asset_from_process_start"], 2),
        "peak_rss_mb": round(peak / 2**20),
        "ms_per_asset": {
            stage: round(1000 * seconds / assets, 1)
            for stage, seconds in data["stages"].items()
            if stage != "first_asset"
        },
    }


def main() -> None:
    scenarios = SCENARIOS + ([LARGE] if "--large" in sys.argv else [])
    rows = [run(*scenario) for scenario in scenarios]
    machine = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "memory_gb": round(psutil.virtual_memory().total / 2**30),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps({"machine": machine, "runs": rows}, indent=2))
    print(f"machine: {machine}")
    print(
        f"{'scenario':48} {'assets':>6} {'wall s':>7} {'assets/s':>8} {'first s':>7} {'peak MB':>8}"
    )
    for row in rows:
        print(
            f"{row['scenario']:48} {row['assets']:>6} {row['wall_seconds']:>7} "
            f"{row['assets_per_second']:>8} {row['first_asset_seconds']:>7} {row['peak_rss_mb']:>8}"
        )
        print(
            "    ms/asset by stage: "
            + ", ".join(f"{k} {v}" for k, v in row["ms_per_asset"].items())
        )


if __name__ == "__main__":
    main()
