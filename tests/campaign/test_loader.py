"""campaign.yaml loading: relative paths, and every problem at once with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from assetpack.campaign.loader import load_campaign
from assetpack.errors import ConfigError, InputError

from .conftest import TWO_JOBS, write_campaign


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_campaign(path)
    assert isinstance(caught.value, InputError)  # exit code 2 in the CLI
    return [f"{p.line}: {p.field}: {p.message}" for p in caught.value.problems]


def test_loads_two_jobs_with_briefs_relative_to_the_campaign_file(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, delivery="s3://packs-bucket/marketing/")
    campaign = load_campaign(path)
    assert campaign.campaign == "spring-sale"
    assert [job.name for job in campaign.jobs] == ["weekly-tokyo", "friday-ny"]
    assert campaign.jobs[0].brief == (tmp_path / "briefs" / "tokyo.yaml").resolve()
    assert campaign.jobs[0].overrides is not None
    assert campaign.jobs[0].overrides.locales == ("ja-JP",)
    assert campaign.delivery == "s3://packs-bucket/marketing"
    assert campaign.s3_delivery == ("packs-bucket", "marketing")


def test_relative_delivery_directory_is_relative_to_the_campaign_file(tmp_path: Path) -> None:
    campaign = load_campaign(write_campaign(tmp_path, delivery="out/packs"))
    assert campaign.delivery == str((tmp_path / "out" / "packs").resolve())
    assert campaign.s3_delivery is None


BROKEN = """\
campaign: Spring Sale
delivery: ftp://example.com/x
jobs:
  - name: tokyo
    brief: briefs/tokyo.yaml
    schedule: "0 6 * * MON"
    timezone: Asia/Tokio
    window: {start: 2025-03-01, end: 2025-02-01}
  - name: ny
    brief: briefs/missing.yaml
    schedule: "61 * * * *"
    timezone: UTC
    overides: {locales: [ja]}
  - brief: briefs/tokyo.yaml
    schedule: "0 0 * * * *"
    timezone: UTC
    timezone: Europe/Berlin
"""


def test_reports_every_problem_with_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text(BROKEN)
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "tokyo.yaml").write_text("x: 1\n")
    found = problems(path)
    assert found == [
        "1: campaign: 'Spring Sale' may only use a-z, 0-9, - and _,"
        " starting with a letter or digit",
        "2: delivery: 'ftp://example.com/x': only s3:// URLs or directories are supported",
        "7: jobs[0].timezone: 'Asia/Tokio' is not an IANA time zone"
        " (e.g. Europe/Berlin, America/New_York, UTC)",
        "8: jobs[0].window: end 2025-02-01 is before start 2025-03-01",
        f"10: jobs[1].brief: brief file 'briefs/missing.yaml' not found"
        f" (looked at {(tmp_path / 'briefs' / 'missing.yaml').resolve()})",
        "11: jobs[1].schedule: '61 * * * *' is not a valid cron expression (e.g. \"0 6 * * MON\")",
        "13: jobs[1].overides: unknown field; did you mean 'overrides'? expected one of:"
        " brief, name, overrides, schedule, timezone, window",
        "14: jobs[2].name: required but missing (e.g. name: weekly-tokyo)",
        "15: jobs[2].schedule: '0 0 * * * *' is not a five-field cron expression"
        ' (minute hour day-of-month month day-of-week, e.g. "0 6 * * MON")',
        "17: jobs[2].timezone: given twice",
    ]


def test_problem_renders_as_file_line_field_message(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text(TWO_JOBS.replace('"0 6 * * MON"', '"0 6 30 2 *"'))
    with pytest.raises(ConfigError) as caught:
        load_campaign(path, check_briefs=False)
    assert str(caught.value) == (
        f"{path}:5: jobs[0].schedule: '0 6 30 2 *' never matches a real date (e.g. 30 February)"
    )


def test_duplicate_job_names(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, TWO_JOBS.replace("friday-ny", "weekly-tokyo"))
    assert problems(path) == [
        "2: jobs: job name 'weekly-tokyo' is used by jobs[0] and jobs[1]; each job needs its own"
        " name"
    ]


def test_missing_top_level_fields_and_empty_jobs(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text("jobs: []\n")
    assert problems(path) == [
        "1: campaign: required but missing (e.g. campaign: spring-sale)",
        "1: jobs: needs at least one job (name, brief, schedule, timezone)",
    ]


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text("campaign: x\njobs:\n  - name: [unclosed\n")
    (found,) = problems(path)
    assert found.startswith("4: : not valid YAML")


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text("- just\n- a list\n")
    assert problems(path) == ["1: : expected a mapping with campaign: and jobs:"]
    (found,) = problems(tmp_path / "nope.yaml")
    assert found.startswith("None: : cannot read campaign file")


def test_wrong_types_get_an_example(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, TWO_JOBS.replace("      locales: [ja-JP]", "      locales: []"))
    assert problems(path) == [
        "8: jobs[0].overrides.locales: must list at least one (e.g. locales: [en-US, ja-JP])"
    ]


def test_a_scalar_where_a_list_belongs(tmp_path: Path) -> None:
    path = write_campaign(
        tmp_path, TWO_JOBS.replace("      locales: [ja-JP]", "      locales: ja-JP")
    )
    assert problems(path) == [
        "8: jobs[0].overrides.locales: should be a list (e.g. locales: [en-US, ja-JP])"
    ]
