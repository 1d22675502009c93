"""A small HTTP endpoint of the city that can fail on purpose, for testing the kiosk's uploads.

The upload contract (docs/sync.md, docs/appointments.md) is the same for the
day counts and the bookings: Bearer token, Idempotency-Key, 201 for a new
message, 409 for one already stored, 422 for a key reused with another
body. Subclasses say what a stored message means (:meth:`store`).

``faults(n)`` may fail the n-th request: before the server stored it
("unavailable": 503), or after ("lost": 500; "dropped": the connection
closes without an answer; "slow": the answer comes after the kiosk gave up).
The last three are the hard ones: the server has the message, the kiosk
does not know it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Fault = Callable[[int], str | None]
Answer = tuple[int, dict[str, Any], bool]  # status, JSON body, whether the message was stored


def error(status: int, code: str, message: str) -> Answer:
    return status, {"error": {"code": code, "message": message}}, False


class FaultyEndpoint:
    """A threaded local HTTP server; :meth:`receive` holds the shared contract."""

    def __init__(self, token: str, faults: Fault = lambda n: None, slow_seconds: float = 1.0) -> None:
        self.token = token
        self.faults = faults
        self.slow_seconds = slow_seconds
        self.messages: dict[str, dict[str, Any]] = {}  # Idempotency-Key -> body
        self.seen_keys: Counter[str] = Counter()
        self.outcomes: list[str] = []  # "<result or error code>/<fault or ok>" per request
        self.requests: list[tuple[str, dict[str, str], Any]] = []  # path, headers, JSON body as they came
        self.lock = threading.Lock()
        endpoint = self

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
                # The kiosk may have given up waiting ("slow"): that is the case under test.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with endpoint.lock:
                    fault = endpoint.faults(len(endpoint.outcomes))
                    status, payload, stored = endpoint.receive(self.path, self.headers, raw, fault)
                    result = payload.get("result", payload.get("error", {}).get("code"))
                    endpoint.outcomes.append(f"{result}/{fault or 'ok'}")
                if fault == "dropped" and stored:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault == "slow" and stored:
                    time.sleep(endpoint.slow_seconds)
                self.answer(status, payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def receive(self, path: str, headers: Any, raw: bytes, fault: str | None) -> Answer:
        self.requests.append((path, dict(headers.items()), json.loads(raw)))
        if headers.get("Authorization") != f"Bearer {self.token}":
            return error(401, "unauthorised", "Token unbekannt")
        key = headers.get("Idempotency-Key")
        if not key:
            return error(400, "no_key", "Idempotency-Key fehlt")
        if fault == "unavailable":
            return error(503, "unavailable", "später")
        self.seen_keys[key] += 1
        body = json.loads(raw)
        if key in self.messages:
            if self.messages[key] != body:
                return error(422, "key_reused", "anderer Inhalt")
            return self.repeated(path), {"result": "duplicate"}, False
        refused = self.store(path, body)
        if refused is not None:
            return refused
        self.messages[key] = body
        return (500 if fault == "lost" else 201), {"result": "stored"}, True

    def repeated(self, path: str) -> int:
        """The status for a repeat of a stored message."""
        return 409

    def store(self, path: str, body: dict[str, Any]) -> Answer | None:
        """Take a new message in; an answer refuses it."""
        raise NotImplementedError

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
