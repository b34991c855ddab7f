"""Memory freed by an asset goes back to the system before the next one."""

from __future__ import annotations

import platform

import psutil
import pytest

from assetpack.execute.memory import release_free_memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_heap_memory_is_returned():
    process = psutil.Process()
    # 64 KB blocks sit below glibc's mmap threshold: freed, they stay in the heap.
    blocks = [bytearray(64 * 1024) for _ in range(3000)]
    del blocks[:-1]  # the last block keeps the heap's top from shrinking on its own
    held = process.memory_info().rss
    release_free_memory()
    released = process.memory_info().rss
    assert held - released > 100 * 2**20
