"""What the loopback HTTP servers of the tests share: a quiet HTTP/1.1 handler that answers
with JSON, and serving it on 127.0.0.1 in a thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


class JsonHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status: int, body: object, headers: dict[str, str]) -> None:
        """`body` as JSON (a str is sent as it is), with `headers`."""
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep pytest output clean


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[str, Callable[[], None]]:
    """Serve on 127.0.0.1 in a thread: the base URL (…/v1) and the function that stops it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A short poll interval: shutdown() waits up to one interval, on every test.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join()

    return f"http://127.0.0.1:{server.server_address[1]}/v1", stop


def isolate_openai(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *names: str) -> None:
    """No test may read the developer's key, gateway, `names` (model choices) or cache."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", *names):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSETPACK_CACHE_DIR", str(tmp_path / "default-cache"))
