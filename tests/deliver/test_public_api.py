"""The stage's public surface is what ``__all__`` says, and every name in it exists."""

from __future__ import annotations

import assetpack.deliver as stage
from assetpack.deliver import DeliveryOptions, DeliveryResult


def test_all_is_complete_and_importable() -> None:
    public = {n for n in dir(stage) if not n.startswith("_")}
    submodules = {
        "api",
        "content_types",
        "errors",
        "local",
        "models",
        "pack_files",
        "s3",
        "s3_client",
        "target",
    }
    assert set(stage.__all__) == public - submodules
    assert all(getattr(stage, name) is not None for name in stage.__all__)


def test_every_option_is_documented() -> None:
    for model in (DeliveryOptions, DeliveryResult):
        undocumented = [n for n, f in model.model_fields.items() if not f.description]
        assert undocumented == [], model.__name__


def test_result_json_has_wrote_nothing() -> None:
    result = DeliveryResult(
        target="s3://b/p/",
        build_id="x",
        manifest_uri="m",
        latest_uri="l",
        uploaded=[],
        skipped=["s3://b/p/a"],
    )
    assert result.model_dump()["wrote_nothing"] is True
