"""PackedRecords: the build keeps its records compressed and gets every one back intact."""

from __future__ import annotations

from pathlib import Path

from assetpack.pack.models import AssetRecord, PackedRecords


def test_packed_records_come_back_equal_and_in_order(
    small_pack: tuple[Path, list[AssetRecord]], hostile_record: AssetRecord
) -> None:
    _, built = small_pack
    records = [*reversed(built), hostile_record]
    packed = PackedRecords()
    for item in records:
        packed.add(item)
    assert len(packed) == len(records)
    assert packed.records() == records
