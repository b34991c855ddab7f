"""The campaign job end to end with the real build (no fake build_job)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from assetpack.campaign.run import run_campaign

ROOT = Path(__file__).resolve().parents[2]


def test_due_job_builds_a_real_pack_and_delivers_it(tmp_path: Path) -> None:
    brief = ROOT / "examples" / "spring-launch" / "brief.yaml"
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text(
        f"""campaign: aura-weekly
delivery: {tmp_path / "delivered"}
jobs:
  - name: monday-tokyo
    brief: {brief}
    schedule: "0 6 * * MON"
    timezone: Asia/Tokyo
    overrides: {{locales: [ja-JP], presets: [google-display/300x250]}}
  - name: friday-berlin
    brief: {brief}
    schedule: "0 9 * * FRI"
    timezone: Europe/Berlin
    overrides: {{locales: [de-DE], presets: [google-display/300x250]}}
""",
        encoding="utf-8",
    )
    # Monday 06:30 in Tokyo: the Tokyo job is due, the Berlin one is not.
    now = datetime.fromisoformat("2026-11-30T06:30:00+09:00")
    report = run_campaign(campaign, now, state_dir=tmp_path / "state", out_dir=tmp_path / "out")
    assert list(report.built) == ["monday-tokyo"] and not report.failed and not report.locked
    delivered = list((tmp_path / "delivered").rglob("manifest.json"))
    assert len(delivered) == 1
    manifest = json.loads(delivered[0].read_text())
    assert manifest["passed"] and [a["locale"] for a in manifest["assets"]] == ["ja-JP"]
    again = run_campaign(campaign, now, state_dir=tmp_path / "state", out_dir=tmp_path / "out")
    assert list(again.built) == []  # already handled
