"""Campaign state: a JSON document in a directory or in S3, round-tripped exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assetpack.campaign.state import CampaignState, JobState, LocalState, S3State, state_prefix
from assetpack.errors import DeliveryError, InputError

WHEN = datetime(2025, 3, 9, 21, tzinfo=UTC)


def sample() -> CampaignState:
    entry = JobState(last_handled=WHEN, handled_at=WHEN, outcome="built", pack="s3://b/p.zip")
    return CampaignState(campaign="spring-sale").with_job("weekly-tokyo", entry)


def test_local_state_round_trips_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = LocalState(tmp_path / "deep" / "state.json", "spring-sale")
    assert store.load() == CampaignState(campaign="spring-sale")
    store.save(sample())
    assert store.load() == sample()
    assert store.load().last_handled("weekly-tokyo") == WHEN
    assert store.load().last_handled("other") is None
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["state.json"]


def test_saving_replaces_the_whole_document(tmp_path: Path) -> None:
    store = LocalState(tmp_path / "state.json", "spring-sale")
    store.save(sample())
    later = JobState(last_handled=WHEN, handled_at=WHEN, outcome="skipped")
    store.save(store.load().with_job("friday-ny", later))
    assert set(store.load().jobs) == {"weekly-tokyo", "friday-ny"}


def test_unreadable_or_foreign_state_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    with pytest.raises(InputError, match="unreadable"):
        LocalState(path, "spring-sale").load()
    LocalState(path, "other-campaign").save(CampaignState(campaign="other-campaign"))
    with pytest.raises(InputError, match="not 'spring-sale'"):
        LocalState(path, "spring-sale").load()


def test_s3_state_lives_next_to_the_packs(s3: Any, bucket: str) -> None:
    key = f"{state_prefix('/marketing/', 'spring-sale')}/state.json"
    assert key == "marketing/spring-sale/_state/state.json"
    store = S3State(s3, bucket, key, "spring-sale")
    assert store.load() == CampaignState(campaign="spring-sale")
    store.save(sample())
    assert S3State(s3, bucket, key, "spring-sale").load() == sample()
    assert store.location == f"s3://{bucket}/marketing/spring-sale/_state/state.json"
    assert state_prefix("", "c") == "c/_state"


def test_s3_state_in_a_missing_bucket_is_a_delivery_error(s3: Any) -> None:
    store = S3State(s3, "no-such-bucket-here", "c/_state/state.json", "c")
    with pytest.raises(DeliveryError, match="could not read campaign state"):
        store.load()
    with pytest.raises(DeliveryError, match="could not save campaign state"):
        store.save(CampaignState(campaign="c"))
