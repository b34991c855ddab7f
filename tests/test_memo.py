"""SharedLru: each value made once however many threads ask; errors shared, then retried."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assetpack.memo import SharedLru


def _until_waiting(memo: SharedLru, key: str, threads: int) -> None:
    """Until `threads` threads wait for `key`'s value (they block in its Future's condition;
    looking there is the only way to know they asked before it was made)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        making = memo._making.get(key)
        if making is not None and len(making._condition._waiters) >= threads:  # type: ignore[attr-defined]
            return
        time.sleep(0.01)
    raise AssertionError(f"{threads} threads never waited for {key!r}")


def _until_making(memo: SharedLru, key: str) -> None:
    deadline = time.monotonic() + 10
    while key not in memo._making:
        assert time.monotonic() < deadline, f"{key!r} was never being made"
        time.sleep(0.01)


def test_threads_asking_while_a_value_is_made_wait_for_it_instead_of_making_it_again() -> None:
    memo: SharedLru[str, int] = SharedLru(4)
    started, release = threading.Event(), threading.Event()
    made: list[str] = []

    def slow() -> int:
        made.append("slow")
        started.set()
        assert release.wait(10)
        return 42

    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(memo.get, "line", slow)
        assert started.wait(10)
        others = [pool.submit(memo.get, "line", lambda: made.append("again") or 0) for _ in "ab"]
        _until_waiting(memo, "line", 2)
        release.set()
        values = [first.result(10), *(f.result(10) for f in others)]
    assert values == [42, 42, 42]
    assert made == ["slow"]


def test_an_error_reaches_every_waiter_and_the_next_ask_tries_again() -> None:
    memo: SharedLru[str, int] = SharedLru(4)
    started, release = threading.Event(), threading.Event()

    def failing() -> int:
        started.set()
        assert release.wait(10)
        raise OSError("engine gone")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(memo.get, "line", failing)
        assert started.wait(10)
        waiter = pool.submit(memo.get, "line", lambda: 0)
        _until_waiting(memo, "line", 1)
        release.set()
        for future in (first, waiter):
            with pytest.raises(OSError, match="engine gone"):
                future.result(10)
    assert memo.get("line", lambda: 7) == 7


def test_the_least_recently_used_value_is_dropped_first() -> None:
    memo: SharedLru[str, str] = SharedLru(2)
    for key in ("a", "b"):
        memo.get(key, lambda key=key: key)
    memo.get("a", lambda: "made again")  # "a" is now the most recently used
    memo.get("c", lambda: "c")  # drops "b"
    assert memo.get("a", lambda: "made again") == "a"
    assert memo.get("b", lambda: "made again") == "made again"


def test_made_tells_a_kept_value_without_waiting_or_making() -> None:
    memo: SharedLru[str, int] = SharedLru(4)
    release = threading.Event()
    assert memo.made("line") is None
    with ThreadPoolExecutor(1) as pool:
        making = pool.submit(memo.get, "line", lambda: 42 if release.wait(10) else 0)
        _until_making(memo, "line")
        assert memo.made("line") is None  # being made: not waited for
        release.set()
        assert making.result(10) == 42
    assert memo.made("line") == 42
    memo.discard("line")
    assert memo.made("line") is None
