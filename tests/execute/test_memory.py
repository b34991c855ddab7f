"""Large blocks an asset frees go back to the system as they are freed; `trim` returns the
rest of what was freed (the OCR engines' models, freed between live blocks)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

# Raises glibc's dynamic mmap threshold the way a first asset does (a big block freed), then
# frees 5 MB blocks (an asset's canvases) and prints how much RSS that gave back, in MB.
SCRIPT = """
import psutil, sys
from assetpack.execute.memory import return_large_blocks
if sys.argv[1] == "set":
    return_large_blocks()
first = bytearray(24 << 20)
del first
blocks = [bytearray(5 << 20) for _ in range(40)]
for block in blocks:
    block[::4096] = b"x" * len(block[::4096])  # touch every page
process = psutil.Process()
held = process.memory_info().rss
del blocks[:-1]  # the last keeps the heap's top where it is
print((held - process.memory_info().rss) >> 20)
"""


def _returned_mb(script: str, mode: str) -> int:
    """Run `script` with `mode` in a fresh interpreter: the MB of RSS it says went back."""
    out = subprocess.run(
        [sys.executable, "-c", script, mode], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's thresholds are glibc's")
def test_freed_canvases_go_back_to_the_system():
    assert _returned_mb(SCRIPT, "set") > 150  # 39 blocks of 5 MB
    assert _returned_mb(SCRIPT, "default") < 50  # glibc's own rule keeps them in the heap


# Frees 1 KB blocks between live ones (as unloading models leaves the heap), then trims if
# asked; prints how much RSS went back, in MB.
TRIM_SCRIPT = """
import psutil, sys
from assetpack.execute.memory import return_large_blocks, trim
return_large_blocks()
blocks = [bytearray(1000) for _ in range(300_000)]
process = psutil.Process()
held = process.memory_info().rss
del blocks[:-1000]  # the last ones keep the heap's top where it is
if sys.argv[1] == "trim":
    trim()
print((held - process.memory_info().rss) >> 20)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_trim_gives_back_what_was_freed_below_the_heaps_top():
    assert _returned_mb(TRIM_SCRIPT, "trim") > 200  # of about 300 MB freed
    assert _returned_mb(TRIM_SCRIPT, "keep") < 50


def test_collection_paused_holds_off_automatic_collection_and_restores_the_setting() -> None:
    import gc

    from assetpack.execute.memory import collection_paused

    assert gc.isenabled()
    try:
        with collection_paused():
            assert not gc.isenabled()
            cycles = []
            for _ in range(5 * gc.get_threshold()[0]):
                item: list[object] = []
                item.append(item)  # a cycle: only the collector frees it
                cycles.append(item)
            # Counted, never collected inside (a collection would start the count again).
            assert gc.get_count()[0] >= len(cycles)
        assert gc.isenabled()
        gc.disable()
        with collection_paused():
            pass
        assert not gc.isenabled()  # a caller's own choice is left as it was
    finally:
        gc.enable()
