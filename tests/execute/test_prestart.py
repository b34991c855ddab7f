"""The fork server starts before the build is imported, unless the build may be unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from assetpack import prestart as prestart_module
from assetpack.files import STAMP


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    calls: list[int | None] = []
    monkeypatch.setattr(prestart_module, "prestart", calls.append)
    return calls


def test_a_first_build_starts_the_server_before_importing_the_build(
    tmp_path: Path, started: list[int | None]
) -> None:
    prestart_module.prestart_build(tmp_path / "out", 2, reuse=True)
    assert started == [2]


def test_an_earlier_pack_leaves_the_start_to_the_build(
    tmp_path: Path, started: list[int | None]
) -> None:
    pack = tmp_path / "out" / "spring"
    pack.mkdir(parents=True)
    (pack / STAMP).write_text("{}", encoding="utf-8")
    prestart_module.prestart_build(tmp_path / "out", 2, reuse=True)
    assert started == []
    prestart_module.prestart_build(tmp_path / "out", 2, reuse=False)  # --fresh: work for sure
    assert started == [2]
