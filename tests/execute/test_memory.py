"""Large blocks an asset frees go back to the system as they are freed; `trim` returns the
rest of what was freed (the OCR engines' models, freed between live blocks)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

# Raises glibc's dynamic mmap threshold the way a first asset does (a big block freed), then
# frees 9 MB blocks (a 1080x1920 RGBA canvas is 8.3 MB) and prints how much RSS that gave
# back, in MB.
SCRIPT = """
import psutil, sys
from assetpack.execute.memory import return_large_blocks
if sys.argv[1] == "set":
    return_large_blocks()
first = bytearray(24 << 20)
del first
blocks = [bytearray(9 << 20) for _ in range(40)]
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
    assert _returned_mb(SCRIPT, "set") > 300  # 39 blocks of 9 MB
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


# Makes and frees a 1080x1920 RGB canvas's worth of memory ten times; prints the page faults.
FAULTS_SCRIPT = """
import resource
from assetpack.execute.memory import return_large_blocks
return_large_blocks()
def canvas():
    block = bytearray(1080 * 1920 * 3)  # zeroed: every page touched
    del block
canvas()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    canvas()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's thresholds are glibc's")
def test_a_poster_canvas_reuses_the_heap_instead_of_faulting_in_new_pages():
    """Mapped anew each time (under a 4 MB threshold) it cost 1,519 faults a canvas."""
    out = subprocess.run(
        [sys.executable, "-c", FAULTS_SCRIPT], capture_output=True, text=True, check=True
    )
    assert int(out.stdout) < 1500  # ten canvases


# Frees small blocks between live ones, as a drawing leaves the heap, then counts assets;
# prints the MB of RSS back before the TRIM_EVERY-th asset and after it.
EVERY_SCRIPT = """
import psutil
from assetpack.execute import memory
memory.between_assets()  # the first asset
blocks = [bytearray(1000) for _ in range(300_000)]
process = psutil.Process()
held = process.memory_info().rss
del blocks[:-1000]
for _ in range(memory.TRIM_EVERY - 2):
    memory.between_assets()
print((held - process.memory_info().rss) >> 20)
memory.between_assets()  # the TRIM_EVERY-th
print((held - process.memory_info().rss) >> 20)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_every_few_assets_the_heaps_free_pages_go_back():
    out = subprocess.run(
        [sys.executable, "-c", EVERY_SCRIPT], capture_output=True, text=True, check=True
    )
    before, after = (int(line) for line in out.stdout.split())
    assert before < 50 < 200 < after  # of about 300 MB freed


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
