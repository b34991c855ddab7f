"""A fault-injecting HTTP proxy for S3 on loopback.

Sits between the code under test and moto's server: forwards requests, and on demand fails
writes with 5xx or throttling, drops connections, goes dead mid-upload, answers 403, or
corrupts a body in transit. It also checks ``x-amz-checksum-sha256`` against the body as S3
does (moto accepts any value), and records every request for assertions.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

WRITE_METHODS = {"PUT", "POST", "DELETE"}
# Rotated through when failing writes: a 5xx, throttling, and a dropped connection.
FAULTS = ("500 InternalError", "drop", "503 SlowDown", "503 ServiceUnavailable")
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "expect"}


@dataclass
class FaultPlan:
    """What the proxy does to requests; tests set fields, the proxy records what happened."""

    fail_every: int | None = None  # fail every Nth write (never the same request twice running)
    always_fail: bool = False  # every write gets 503 ServiceUnavailable
    dead_after_writes: int | None = None  # after N forwarded writes, drop every request
    deny_code: str | None = None  # answer everything with 403 and this S3 error code
    corrupt_next_write: bool = False  # flip a byte of the next checksummed body "in transit"
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    injected: list[tuple[str, str, str]] = field(default_factory=list)
    writes_seen: int = 0
    writes_forwarded: int = 0
    _just_failed: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def decide(self, method: str, path: str) -> str | None:
        """The fault to inject for this request, or None to forward it."""
        with self.lock:
            if self.deny_code:
                return f"403 {self.deny_code}"
            if (
                self.dead_after_writes is not None
                and self.writes_forwarded >= self.dead_after_writes
            ):
                return "drop"
            if method not in WRITE_METHODS:
                return None
            self.writes_seen += 1
            fault = self._scheduled_fault(f"{method} {path}")
            if fault:
                self.injected.append((fault, method, path))
            else:
                self.writes_forwarded += 1
            return fault

    def _scheduled_fault(self, identity: str) -> str | None:
        if self.always_fail:
            return "503 ServiceUnavailable"
        if identity in self._just_failed:
            # Let the retry through so every request succeeds by its second attempt and the
            # outcome does not depend on how concurrent uploads interleave.
            self._just_failed.discard(identity)
            return None
        if self.fail_every and self.writes_seen % self.fail_every == 0:
            self._just_failed.add(identity)
            return FAULTS[len(self.injected) % len(FAULTS)]
        return None

    def writes(self) -> list[tuple[str, str, dict[str, str]]]:
        return [r for r in self.requests if r[0] in WRITE_METHODS]


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and Expect: 100-continue, as botocore uses
    server: _ProxyServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        self._handle()

    do_PUT = do_POST = do_HEAD = do_DELETE = do_GET

    def _handle(self) -> None:
        plan = self.server.plan
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        with plan.lock:
            plan.requests.append((self.command, self.path, headers))
        fault = plan.decide(self.command, self.path)
        if fault == "drop":
            self.close_connection = True  # no response at all: the client sees a reset
            return
        if fault:
            status, code = fault.split(" ", 1)
            self._reply(int(status), _error_xml(code), {"Content-Type": "application/xml"})
            return
        body = self._corrupt_if_planned(body, headers)
        if not _checksum_ok(body, headers):
            self._reply(400, _error_xml("BadDigest"), {"Content-Type": "application/xml"})
            return
        self._forward(body)

    def _corrupt_if_planned(self, body: bytes, headers: dict[str, str]) -> bytes:
        plan = self.server.plan
        with plan.lock:
            if plan.corrupt_next_write and body and "x-amz-checksum-sha256" in headers:
                plan.corrupt_next_write = False
                plan.injected.append(("corrupt", self.command, self.path))
                return body[:-1] + bytes([body[-1] ^ 0xFF])
        return body

    def _forward(self, body: bytes) -> None:
        up = urlsplit(self.server.upstream)
        conn = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
        headers["Content-Length"] = str(len(body))
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            # send_response adds its own Server and Date.
            skip = _HOP_HEADERS | {"server", "date"}
            out = {k: v for k, v in resp.getheaders() if k.lower() not in skip}
            if self.command == "HEAD":
                out["Content-Length"] = resp.getheader("Content-Length", "0")
            self._reply(resp.status, data, out)
        finally:
            conn.close()

    def _reply(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    plan: FaultPlan
    upstream: str


def _error_xml(code: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
        f"<Message>injected by the test proxy</Message><RequestId>t</RequestId></Error>"
    ).encode()


def _checksum_ok(body: bytes, headers: dict[str, str]) -> bool:
    """Check x-amz-checksum-sha256 as S3 does (moto accepts any value)."""
    claimed = headers.get("x-amz-checksum-sha256")
    if claimed is None or "aws-chunked" in headers.get("content-encoding", ""):
        return True
    return claimed == base64.b64encode(hashlib.sha256(body).digest()).decode()


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.plan = FaultPlan()
        self._server = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
        self._server.plan, self._server.upstream = self.plan, upstream
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def reset(self) -> FaultPlan:
        self.plan = self._server.plan = FaultPlan()
        return self.plan

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
