"""The city's booking endpoints of docs/appointments.md, small, for testing the kiosk against.

- ``POST /api/v1/bookings``: the outbox's messages (booked, cancelled). Bearer
  token and Idempotency-Key; 201 for a new message, 409 for one it already
  has (same key, same body), 422 for a key reused with another body. A
  booking is recorded even if its slot is full on the server's side: the
  visitor holds a printed slip (the server then reports a conflict).
- ``POST /api/v1/bookings/confirm``: the online confirmation. 201 when the
  slot had a place (the booking is then recorded), 200 for a repeat of a
  confirmed key, 409 ``slot_taken`` when it had none.

``faults`` may fail a request as tests/fake_endpoint.py describes.
"""

from __future__ import annotations

from typing import Any

from tests.fake_endpoint import Answer, Fault, FaultyEndpoint, error

__all__ = ["BookingCity", "Fault"]


class BookingCity(FaultyEndpoint):
    def __init__(
        self,
        token: str,
        capacity: dict[tuple[str, str, str], int] | None = None,
        faults: Fault = lambda n: None,
        slow_seconds: float = 1.0,
    ) -> None:
        super().__init__(token, faults, slow_seconds)
        self.capacity = capacity or {}  # (service, date, start) -> places the server may still give
        self.booked: dict[str, dict[str, Any]] = {}  # code -> booking (live)
        self.cancelled: set[str] = set()

    def repeated(self, path: str) -> int:
        return 200 if path.endswith("/confirm") else 409

    def store(self, path: str, body: dict[str, Any]) -> Answer | None:
        slot = (body["service_id"], body["date"], body["start"])
        if path.endswith("/confirm"):
            if self.capacity.get(slot, 0) <= 0:
                return error(409, "slot_taken", "Termin vergeben")
        elif not path.endswith("/bookings"):
            return error(404, "not_found", path)
        if body["event"] == "booked":
            self.capacity[slot] = self.capacity.get(slot, 0) - 1
            self.booked[body["code"]] = body
        else:
            self.cancelled.add(body["code"])
            if self.booked.pop(body["code"], None) is not None:
                self.capacity[slot] = self.capacity.get(slot, 0) + 1
        return None

    @property
    def base(self) -> str:
        return f"{self.origin}/api/v1/bookings"

    @property
    def confirm_url(self) -> str:
        return self.base + "/confirm"
