"""The `assetpack` command ends without the interpreter's teardown, losing nothing: its output,
its exit code, a thread still running, an exit handler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("assetpack")
# Output buffered, as it is by default: what the quick exit must flush (some machines set
# PYTHONUNBUFFERED, which writes every print at once).
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=BUFFERED)


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
for _ in range(1000):
    print("x" * 99)
exit_now(5)
"""
    done = _run(sys.executable, "-c", script, timeout=60)
    assert (done.returncode, done.stdout) == (5, ("x" * 99 + "\n") * 1000)
    assert (tmp_path / "atexit").read_text() == "ran"


def test_output_that_cannot_be_written_exits_as_python_does():
    """Python exits 120 when its buffered output cannot be flushed at exit (here: nobody reads
    the pipe any more); so does exit_now."""
    codes = []
    for end in ("exit_now(0)", "sys.exit(0)"):
        script = (
            "import sys, time\n"
            "from assetpack.process_exit import exit_now\n"
            "time.sleep(0.5)\n"
            'print("still in the buffer", end="")\n'
            f"{end}\n"
        )
        child = subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=BUFFERED,
        )
        assert child.stdout is not None
        child.stdout.close()  # the reader goes away before the child writes
        codes.append(child.wait(timeout=60))
    assert codes == [120, 120]
