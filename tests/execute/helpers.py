"""Small tools shared by the executor tests."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import threading
import time
from pathlib import Path

import psutil
from PIL import Image

from assetpack.execute import TASK_CHECK, AssetOutcome, AssetTask


def digests(outcomes: list[AssetOutcome]) -> list[tuple[str, str]]:
    """(path, sha256 of the bytes) per outcome, in order."""
    return [(o.record.path, hashlib.sha256(o.data).hexdigest()) for o in outcomes]


def with_product(task: AssetTask, path: Path) -> AssetTask:
    """The same task drawing its product image from `path`."""
    assert task.plan.product is not None, "pick a task that shows the product"
    product = task.plan.product.model_copy(update={"path": str(path)})
    return task.model_copy(update={"plan": task.plan.model_copy(update={"product": product})})


def failure_message(outcome: AssetOutcome) -> str:
    assert outcome.record.checks == {TASK_CHECK: "fail"}, outcome.record.checks
    with Image.open(io.BytesIO(outcome.data)) as placeholder:  # a real image, right size
        assert placeholder.size == (outcome.record.width, outcome.record.height)
    return outcome.record.details[0].message


def _wait_until_reaped(pid: int) -> None:
    # Not until then are its files surely closed: a zombie group leader can have threads
    # still exiting that hold the descriptor table. The forkserver reaps its children.
    with contextlib.suppress(psutil.NoSuchProcess):
        psutil.Process(pid).wait(timeout=60)


class WorkerKiller(threading.Thread):
    """SIGKILLs whichever of our child processes opens `fifo`, as the OOM killer might.

    Opening a FIFO blocks until the other end opens too, so the worker that reads the
    product image from it waits there; this thread opens the write end, finds that worker
    by its open file, and kills it. No timing is involved.
    """

    def __init__(self, fifo: Path) -> None:
        super().__init__(daemon=True)
        self.fifo = fifo
        self.kills = 0
        self.error: BaseException | None = None
        self._stopping = False

    def run(self) -> None:
        try:
            self._kill_readers()
        except BaseException as exc:  # reported by the test, not lost in a thread
            self.error = exc

    def _kill_readers(self) -> None:
        while True:
            fd = os.open(self.fifo, os.O_WRONLY)  # returns once a reader has opened it
            try:
                if self._stopping:
                    return
                pid = self._reader_pid()
                os.kill(pid, signal.SIGKILL)
                self.kills += 1
                _wait_until_reaped(pid)  # else the dying reader lets our next open through
            finally:
                os.close(fd)

    def _reader_pid(self) -> int:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for child in psutil.Process().children(recursive=True):
                if self._has_open(child.pid):
                    return child.pid
            time.sleep(0.01)  # the reader's descriptor can appear just after our open returns
        raise AssertionError(f"no child process has {self.fifo} open")

    def _has_open(self, pid: int) -> bool:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(self.fifo) for fd in fds)
        except OSError:  # the process ended or closed the descriptor meanwhile
            return False

    def stop(self) -> None:
        self._stopping = True
        reader = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets a pending open return
        self.join(timeout=60)
        os.close(reader)
