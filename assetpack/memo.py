"""A store of values that are costly to make, shared by the threads of a process.

Each value is made once, by the first thread that asks for it; a thread that asks while it
is being made waits for it instead of making it again. The least recently used values are
dropped beyond `size`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SharedLru(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._making: dict[K, Future[V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value for `key`, made with `make()` if no thread has made it (or it was
        dropped). If `make` raises, every thread waiting for it gets the error, and the
        next one to ask tries again."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            making = self._making.get(key)
            mine = making is None
            if making is None:
                making = self._making[key] = Future()
        if not mine:
            return making.result()
        try:
            value = make()
        except BaseException as exc:
            with self._lock:
                del self._making[key]
            making.set_exception(exc)
            raise
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
            del self._making[key]
        making.set_result(value)
        return value

    def made(self, key: K) -> V | None:
        """The value for `key` if made and kept, else None: never waits, never makes."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            return None

    def discard(self, key: K) -> None:
        """Drop the value for `key`, if made (one being made is kept by whoever makes it)."""
        with self._lock:
            self._values.pop(key, None)

    def clear(self) -> None:
        """Drop every value made (one being made is kept by whoever is making it)."""
        with self._lock:
            self._values.clear()
