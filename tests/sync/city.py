"""The city's counts endpoint as issue 11 will build it, small: for testing the outbox against.

It implements the upload contract of docs/sync.md: Bearer token,
Idempotency-Key, 201 for a new message, 409 for one it already has, 422
for a key reused with another body. A ``faults`` function may make any
request fail: before the server stored it ("unavailable": 503), or after
("lost": 500; "dropped": the connection closes without an answer; "slow":
the answer comes after the kiosk gave up). The last three are the hard
ones: the server has counted the day, the kiosk does not know it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Fault = Callable[[int], str | None]


class CityServer:
    def __init__(self, token: str, faults: Fault = lambda n: None, slow_seconds: float = 1.0) -> None:
        self.token = token
        self.faults = faults
        self.slow_seconds = slow_seconds
        self.stored: dict[str, dict[str, Any]] = {}
        self.counted: Counter[tuple[str, str]] = Counter()
        self.seen_keys: Counter[str] = Counter()
        self.outcomes: list[str] = []
        self.lock = threading.Lock()
        city = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 503:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with city.lock:
                    number = len(city.outcomes)
                    fault = city.faults(number)
                    outcome, status = city.receive(self.headers, body, fault)
                    city.outcomes.append(f"{outcome}/{fault or 'ok'}")
                if fault == "dropped" and outcome == "stored":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault == "slow" and outcome == "stored":
                    time.sleep(city.slow_seconds)
                self.answer(status, {"result": outcome})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def receive(self, headers: Any, body: bytes, fault: str | None) -> tuple[str, int]:
        if headers.get("Authorization") != f"Bearer {self.token}":
            return "unauthorised", 401
        key = headers.get("Idempotency-Key")
        if not key:
            return "no key", 400
        if fault == "unavailable":
            return "unavailable", 503
        self.seen_keys[key] += 1
        document = json.loads(body)
        if key in self.stored:
            return ("duplicate", 409) if self.stored[key] == document else ("conflict", 422)
        self.stored[key] = document
        self.counted[(document["office_id"], document["day"])] += 1
        if fault == "lost":
            return "stored", 500
        return "stored", 201

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v1/counts"

    def __enter__(self) -> CityServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
