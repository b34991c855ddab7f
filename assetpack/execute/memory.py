"""Giving memory that a finished asset freed back to the system."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import itertools
from collections.abc import Iterator

from assetpack.native import load_library

# glibc's mallopt parameters, and the values set: blocks of MMAP_THRESHOLD or more get pages
# of their own, which go back to the system when freed; free space above TRIM_THRESHOLD at
# the heap's top is returned too. Blocks under the threshold (a 1080x1920 RGB canvas, 6 MB;
# most of onnxruntime's activations for a line) come from the heap and are reused there, and
# every TRIM_EVERY-th asset gives the heap's free pages back (`trim`). With a 4 MB threshold
# they were mapped and unmapped each time, and their pages zeroed again: 200,000 page faults
# in the 40 posters, a quarter fewer now, 0.2 s less CPU; the 1,050-asset build's peak RSS
# went from 475 to 453 MB (in-process).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 8 << 20
TRIM_THRESHOLD = 8 << 20
TRIM_EVERY = 10
_assets = itertools.count(1)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    return load_library(("libc.so.6",), "c")


def between_assets() -> None:
    """Called before each asset a process makes: the first call sets the thresholds
    (`return_large_blocks`), and every TRIM_EVERY-th gives the heap's free pages back."""
    return_large_blocks()
    if next(_assets) % TRIM_EVERY == 0:
        trim()


@functools.cache
def return_large_blocks() -> None:
    """Have this process's large freed blocks go back to the system as they are freed
    (glibc; elsewhere a no-op). Once per process: later calls do nothing.

    glibc raises its mmap threshold to the largest block freed so far (up to 32 MB), after
    which text detection's activations (tens of MB) and a marketplace image's canvases come
    from the heap, and a worker's RSS stays at its highest point. The 420-asset build (every
    preset x 12 locales, two runs each): peak RSS 1,442 -> 1,356 MB, 9.4 -> 9.6 assets/s.
    A fixed threshold under a poster's canvas (4 MB) had cost the page faults of mapping it
    anew every time (see MMAP_THRESHOLD).
    """
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def trim() -> None:
    """Give the heap's free pages back to the system after a large release (glibc's
    malloc_trim; elsewhere a no-op). The thresholds above return only large blocks and the
    heap's top: the OCR engines' models and language packs were freed between live blocks,
    and their 0.2 GB stayed in the build's RSS without this."""
    malloc_trim = getattr(_libc(), "malloc_trim", None)
    if malloc_trim is not None:
        malloc_trim.argtypes, malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
        malloc_trim(0)


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection inside (reference counting frees as ever).

    For the pack: turning a build's records back into objects makes thousands of them at
    once, which set off a full collection of everything the build holds (37 ms after the 40
    posters, with nothing else running), and the pack's dicts, lists and images hold no
    cycles for it to find. A collection due comes after the block instead."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
