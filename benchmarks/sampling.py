"""Peak memory of a process tree, sampled in a thread while it runs."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import psutil


class Sampler:
    """Peak RSS and PSS sums over a process and its children: RSS every 50 ms, PSS every
    PSS_EVERY samples (or never, with pss=False: the peers' many processes would make it
    cost more than a build's one).

    PSS needs /proc/<pid>/smaps, about 7 ms per process to read: at every 50 ms tick that was
    half a core on this 2-core machine, taken from the build being measured. RSS comes from
    /proc/<pid>/statm (0.01 ms). PSS is also read when RSS has grown by a tenth since the last
    reading, at most every PSS_SOONEST samples: a build of under a second had its PSS read
    only at its start.
    """

    PSS_EVERY = 20
    PSS_SOONEST = 5

    def __init__(self, pid: int, *, pss: bool = True) -> None:
        self.root = psutil.Process(pid)
        self.pss = pss
        self.peak_rss = self.peak_pss = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tick = last_pss = rss_at_pss = 0
        while not self._done.is_set():
            try:
                members = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            rss = _total(members, _rss)
            self.peak_rss = max(self.peak_rss, rss)
            grown = rss > rss_at_pss * 1.1 and tick - last_pss >= self.PSS_SOONEST
            if self.pss and (tick % self.PSS_EVERY == 0 or grown):
                self.peak_pss = max(self.peak_pss, _total(members, _pss))
                last_pss, rss_at_pss = tick, rss
            tick += 1
            time.sleep(0.05)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def _rss(process: psutil.Process) -> int:
    return int(process.memory_info().rss)


def _pss(process: psutil.Process) -> int:
    info = process.memory_full_info()
    return int(getattr(info, "pss", info.rss))


def _total(members: list[psutil.Process], measure: Callable[[psutil.Process], int]) -> int:
    """The sum of `measure` over the members still running."""
    total = 0
    for member in members:
        try:
            total += measure(member)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


class _Worker(Protocol):
    def start(self) -> None: ...

    def join(self) -> None: ...


def run_workers(workers: Sequence[_Worker]) -> tuple[float, int]:
    """Start every worker (threads or processes), wait for all; (wall seconds, peak RSS of
    this process tree in bytes while they ran)."""
    sampler = Sampler(os.getpid(), pss=False)
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.monotonic() - started
    sampler.stop()
    return wall, sampler.peak_rss
