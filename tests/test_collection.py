"""The suite's configuration collects every test file under tests/."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_folder_is_skipped_by_norecursedirs(request):
    """pytest skips folders matching `norecursedirs` (by default "build" among them, which
    once left tests/build out of every run without a word)."""
    patterns = request.config.getini("norecursedirs")
    folders = {path.parent for path in TESTS.rglob("test_*.py")}
    skipped = [
        str(folder.relative_to(TESTS))
        for folder in folders
        for part in folder.relative_to(TESTS).parts
        if any(fnmatch(part, pattern) for pattern in patterns)
    ]
    assert not skipped, f"pyproject.toml's norecursedirs skips {skipped}"
