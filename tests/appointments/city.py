"""The city's booking endpoints of docs/appointments.md, small, for testing the kiosk against.

- ``POST /api/v1/bookings``: the outbox's messages (booked, cancelled). Bearer
  token and Idempotency-Key; 201 for a new message, 409 for one it already
  has (same key, same body), 422 for a key reused with another body. A
  booking is recorded even if its slot is full on the server's side: the
  visitor holds a printed slip (the server then reports a conflict).
- ``POST /api/v1/bookings/confirm``: the online confirmation. 201 when the
  slot had a place (the booking is then recorded), 200 for a repeat of a
  confirmed key, 409 ``slot_taken`` when it had none.

``faults`` may fail a request: "unavailable" (503 before storing), "lost"
(500 after storing), "dropped" (connection closed after storing), "slow"
(the answer comes after the kiosk gave up).
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
from typing import Any

Fault = Callable[[int], str | None]


class BookingCity:
    def __init__(
        self,
        token: str,
        capacity: dict[tuple[str, str, str], int] | None = None,
        faults: Fault = lambda n: None,
        slow_seconds: float = 1.0,
    ) -> None:
        self.token = token
        self.capacity = capacity or {}  # (service, date, start) -> places the server may still give
        self.faults = faults
        self.slow_seconds = slow_seconds
        self.messages: dict[str, dict[str, Any]] = {}  # Idempotency-Key -> body
        self.booked: dict[str, dict[str, Any]] = {}  # code -> booking (live)
        self.cancelled: set[str] = set()
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        self.outcomes: list[str] = []
        self.seen_keys: Counter[str] = Counter()
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
                self.end_headers()
                # The kiosk may have given up waiting ("slow"): that is the case under test.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with city.lock:
                    fault = city.faults(len(city.outcomes))
                    status, payload, stored = city.receive(self.path, self.headers, raw, fault)
                    city.outcomes.append(
                        f"{payload.get('result', payload.get('error', {}).get('code'))}/{fault or 'ok'}"
                    )
                if fault == "dropped" and stored:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault == "slow" and stored:
                    time.sleep(city.slow_seconds)
                self.answer(status, payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def receive(self, path: str, headers: Any, raw: bytes, fault: str | None) -> tuple[int, dict, bool]:
        body = json.loads(raw)
        self.requests.append((path, dict(headers.items()), body))
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"error": {"code": "unauthorised", "message": "Token unbekannt"}}, False
        key = headers.get("Idempotency-Key")
        if not key:
            return 400, {"error": {"code": "no_key", "message": "Idempotency-Key fehlt"}}, False
        if fault == "unavailable":
            return 503, {"error": {"code": "unavailable", "message": "später"}}, False
        self.seen_keys[key] += 1
        if key in self.messages:
            if self.messages[key] != body:
                return 422, {"error": {"code": "key_reused", "message": "anderer Inhalt"}}, False
            return (200 if path.endswith("/confirm") else 409), {"result": "duplicate"}, False
        slot = (body["service_id"], body["date"], body["start"])
        if path.endswith("/confirm"):
            if self.capacity.get(slot, 0) <= 0:
                return 409, {"error": {"code": "slot_taken", "message": "Termin vergeben"}}, False
        elif not path.endswith("/bookings"):
            return 404, {"error": {"code": "not_found", "message": path}}, False
        self.messages[key] = body
        if body["event"] == "booked":
            self.capacity[slot] = self.capacity.get(slot, 0) - 1
            self.booked[body["code"]] = body
        else:
            self.cancelled.add(body["code"])
            if self.booked.pop(body["code"], None) is not None:
                self.capacity[slot] = self.capacity.get(slot, 0) + 1
        status = 500 if fault == "lost" else 201
        return status, {"result": "stored"}, True

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v1/bookings"

    @property
    def confirm_url(self) -> str:
        return self.base + "/confirm"

    def __enter__(self) -> BookingCity:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
