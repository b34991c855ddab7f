"""PackedRecords: the build keeps its records compressed and gets every one back intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assetpack.pack.models import AssetRecord, PackedRecords


def test_packed_records_come_back_equal_and_in_order(
    small_pack: tuple[Path, list[AssetRecord]], record: Callable[..., AssetRecord]
) -> None:
    _, built = small_pack
    odd = record(
        path="x/hostile__ar-SA.png",
        locale="ar-SA",
        copy={"headline": 'خصم "٥٠٪" <b>&amp;</b>\n\u200f'},
        problems=(("contrast", "fail", (0, 0, 5, 5), 1.2345678901234567, 4.5, "low\tcontrast"),),
    )
    records = [*reversed(built), odd]
    packed = PackedRecords()
    for item in records:
        packed.add(item)
    assert len(packed) == len(records)
    assert packed.records() == records
