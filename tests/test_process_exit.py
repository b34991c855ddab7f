"""The `assetpack` command ends without the interpreter's teardown, losing nothing: its output,
its exit code, a thread still running, an exit handler."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("assetpack")


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(not COMMAND.exists(), reason="the console script is not installed")
def test_the_command_prints_everything_and_exits_with_its_code(tmp_path, example_brief):
    done = _run(
        str(COMMAND), "build", str(example_brief), "-o", str(tmp_path), "--json",
        "--locales", "en-US", "--presets", "google-display/300x250",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["passed"] is True and Path(summary["zip"]).is_file()
    bad = _run(str(COMMAND), "build", str(tmp_path / "missing.yaml"), "-o", str(tmp_path))
    assert bad.returncode == 2 and "missing.yaml" in bad.stderr


def test_exit_waits_for_a_running_thread_and_runs_exit_handlers(tmp_path):
    script = f"""
import atexit, threading, time
from pathlib import Path
from assetpack.process_exit import exit_now
out = Path({str(tmp_path)!r})
def late():
    time.sleep(0.3)
    (out / "thread").write_text("done")
threading.Thread(target=late).start()
atexit.register(lambda: (out / "atexit").write_text("ran"))
print("partial line, no newline", end="")
exit_now(3)
"""
    done = _run(sys.executable, "-c", script, timeout=60)
    assert done.returncode == 3 and done.stdout == "partial line, no newline"
    assert (tmp_path / "thread").read_text() == "done"
    assert (tmp_path / "atexit").read_text() == "ran"


def test_a_quick_exit_flushes_and_runs_exit_handlers(tmp_path):
    script = f"""
import atexit
from pathlib import Path
from assetpack.process_exit import exit_now
atexit.register(lambda: Path({str(tmp_path)!r}, "atexit").write_text("ran"))
print("x" * 100000, end="")
exit_now(5)
"""
    done = _run(sys.executable, "-c", script, timeout=60)
    assert (done.returncode, len(done.stdout)) == (5, 100000)
    assert (tmp_path / "atexit").read_text() == "ran"
