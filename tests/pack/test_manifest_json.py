"""manifest.json and report.json: the bytes the standard library's indented, sorted JSON
would write, whatever the records hold."""

from __future__ import annotations

import json
from pathlib import Path

from assetpack.pack.manifest import manifest_data, report_data, write_json
from assetpack.pack.models import AssetRecord


def _stdlib(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def test_records_are_written_as_the_standard_library_writes_them(
    tmp_path: Path, small_pack: tuple[Path, list[AssetRecord]], hostile_record: AssetRecord
) -> None:
    _, built = small_pack
    assets = [*built, hostile_record]
    for name, data in (
        ("manifest.json", manifest_data("c", "0" * 64, assets)),
        ("report.json", report_data(assets)),
    ):
        write_json(tmp_path / name, data)
        assert (tmp_path / name).read_bytes() == _stdlib(data)


def test_odd_values_come_out_as_the_standard_library_writes_them(tmp_path: Path) -> None:
    data = {
        "b": [],
        "a": {},
        "nested": {"z": [1, 2.5, -0.0, 1e16], "y": None},
        "flags": [True, False],
        "tuple": (1, "x"),
        "text": 'line\nbreak "quoted" \\ tab\t ünïcødé 日本語 \u2028',
        "ratio": 21.0,
        "small": 0.001,
    }
    write_json(tmp_path / "odd.json", data)
    assert (tmp_path / "odd.json").read_bytes() == _stdlib(data)


def test_a_tiny_float_is_the_one_difference_and_reads_back_the_same(tmp_path: Path) -> None:
    """orjson writes floats under 1e-4 positionally where the standard library uses an
    exponent: other bytes, the same number."""
    data = {"usd": 2.5e-05, "ratio": 4.5}
    write_json(tmp_path / "tiny.json", data)
    written = (tmp_path / "tiny.json").read_bytes()
    assert written != _stdlib(data) and b'"usd": 0.000025' in written
    assert json.loads(written) == data
