"""C libraries are opened by soname first, by `find_library` only as the fallback."""

from __future__ import annotations

import ctypes.util
import platform

import pytest

from assetpack.native import load_library

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's sonames")


def test_a_soname_the_loader_opens_needs_no_ldconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(name: str) -> str:
        raise AssertionError("find_library forks `ldconfig -p`")

    monkeypatch.setattr(ctypes.util, "find_library", forbidden)
    lib = load_library(("libnosuch.so.9", "libc.so.6"), "c")
    assert lib is not None and hasattr(lib, "malloc_trim")


def test_find_library_is_the_fallback_and_nothing_found_is_none() -> None:
    assert load_library(("libnosuch.so.9",), "c") is not None  # found by ldconfig's list
    assert load_library(("libnosuch.so.9",), "nosuch-assetpack-test") is None
