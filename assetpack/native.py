"""Opening C libraries the build calls through ctypes."""

from __future__ import annotations

import ctypes
import ctypes.util


def load_library(sonames: tuple[str, ...], name: str) -> ctypes.CDLL | None:
    """The first of `sonames` the dynamic loader opens, else what `find_library(name)`
    finds, else None. Sonames first: find_library runs `ldconfig -p` in a child process,
    forked from a build of a few hundred MB by then (a sample of the process tree's memory
    then counts the build twice)."""
    for soname in sonames:
        try:
            return ctypes.CDLL(soname)
        except OSError:
            continue
    path = ctypes.util.find_library(name)
    try:
        return ctypes.CDLL(path) if path else None
    except OSError:
        return None
