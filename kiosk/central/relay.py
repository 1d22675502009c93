"""The phone relay: the newest anonymous queue snapshot per office, and one ticket's view of it.

docs/relay.md is the contract. Snapshots live in memory (a phone's poll
or stream is a dictionary lookup) and the newest per office is also kept
in the database, so a restart does not blank every phone. Tickets are
found by SHA-256 of the token the phone presents; the server never sees a
token at rest. A view shows one ticket and nothing else.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.core.errors import N_
from kiosk.core.model import TicketState, WaitEstimate
from kiosk.core.timekeeping import office_day
from kiosk.i18n import Translate
from kiosk.web.views import phone_card

KEY = r"^[0-9a-f]{64}$"
ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
OFFICE_AWAY = N_("Das Büro ist gerade nicht erreichbar. Die Anzeige ist vielleicht nicht aktuell.")


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Wait(Strict):
    low: int = Field(ge=0, le=24 * 60)
    high: int = Field(ge=0, le=24 * 60)


class ServiceState(Strict):
    id: str = Field(pattern=ID)
    prefix: str = Field(max_length=2)
    names: dict[str, str] = Field(default_factory=dict, max_length=50)
    on_now: bool = False
    room: str = Field(default="", max_length=40)
    waiting: int = Field(default=0, ge=0)
    called: list[str] = Field(default_factory=list, max_length=100)
    desks_serving: int = Field(default=0, ge=0)
    wait: Wait | None = None


class CallState(Strict):
    code: str = Field(max_length=20)
    service: str = Field(max_length=64)
    desk: str = Field(default="", max_length=60)
    room: str = Field(default="", max_length=40)
    at: datetime | None = None


class TicketEntry(Strict):
    key: str = Field(pattern=KEY)
    code: str = Field(max_length=20)
    service: str = Field(max_length=64)
    language: str = Field(default="de", pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
    state: Literal["waiting", "called", "serving", "done", "no_show", "cancelled"]
    ahead: int | None = Field(default=None, ge=0)
    wait: Wait | None = None
    desk: str = Field(default="", max_length=60)
    room: str = Field(default="", max_length=40)


class Snapshot(Strict):
    """One PUT body (format 1): the whole anonymous state of an office day."""

    format: Literal[1]
    office: str = Field(pattern=ID)
    sequence: int = Field(ge=0, le=2**62)
    generated_at: datetime
    valid_until: datetime
    day: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    services: list[ServiceState] = Field(default_factory=list, max_length=200)
    calls: list[CallState] = Field(default_factory=list, max_length=200)
    tickets: list[TicketEntry] = Field(default_factory=list, max_length=5000)


def ticket_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Signal:
    """A version that grows with each snapshot of one office; streams wait on it.

    Has the shape :func:`kiosk.web.live.stream` expects of the kiosk's live
    feed (``version``, ``closed``, ``wait_after``), so the phone stream is the
    kiosk's own code. Used on the server's event loop only.
    """

    def __init__(self) -> None:
        self.version = 0
        self.closed = False
        self._event = asyncio.Event()

    def bump(self) -> None:
        self.version += 1
        self._event.set()
        self._event = asyncio.Event()

    def close(self) -> None:
        self.closed = True
        self._event.set()

    async def wait_after(self, version: int, timeout: float) -> bool:
        if self.version > version or self.closed:
            return not self.closed
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        return not self.closed


@dataclass
class Found:
    snapshot: Snapshot
    ticket: TicketEntry


class RelayHub:
    """The newest snapshot per office and an index from ticket key to office."""

    def __init__(self) -> None:
        self.snapshots: dict[str, Snapshot] = {}
        self._index: dict[str, str] = {}
        self._tickets: dict[str, dict[str, TicketEntry]] = {}
        self.signals: dict[str, Signal] = {}
        self.closed = False

    def newer(self, office_id: str, sequence: int) -> bool:
        current = self.snapshots.get(office_id)
        return current is None or sequence > current.sequence

    def put(self, snapshot: Snapshot) -> None:
        """Replace the office's snapshot (the caller checked :meth:`newer`)."""
        office_id = snapshot.office
        for key in self._tickets.get(office_id, {}):
            self._index.pop(key, None)
        tickets = {t.key: t for t in snapshot.tickets}
        self._tickets[office_id] = tickets
        for key in tickets:
            self._index[key] = office_id
        self.snapshots[office_id] = snapshot
        self.signal(office_id).bump()

    def signal(self, office_id: str) -> Signal:
        found = self.signals.get(office_id)
        if found is None:
            found = self.signals[office_id] = Signal()
            found.closed = self.closed
        return found

    def find(self, token: str, now: datetime) -> Found | None:
        """Today's ticket behind a token, or None (a wrong token and yesterday's look the same)."""
        key = ticket_key(token)
        office_id = self._index.get(key)
        if office_id is None:
            return None
        snapshot = self.snapshots[office_id]
        if snapshot.day != office_day(now).isoformat():
            return None
        return Found(snapshot, self._tickets[office_id][key])

    def close(self) -> None:
        """End every phone stream now; on the server's event loop only (it sets asyncio events)."""
        self.closed = True
        for signal in self.signals.values():
            signal.close()

    def close_from_another_thread(self) -> None:
        """Mark every stream ended without touching asyncio; each notices within one ping (5 s)."""
        self.closed = True
        for signal in list(self.signals.values()):
            signal.closed = True


def phone_view(found: Found, now: datetime, _: Translate) -> dict[str, Any]:
    """The same content as the kiosk's own phone page (:func:`kiosk.web.views.phone_card`)."""
    ticket, snapshot = found.ticket, found.snapshot
    service = next((s for s in snapshot.services if s.id == ticket.service), None)
    names = service.names if service else {}
    name = names.get(ticket.language) or names.get(ticket.language.split("-")[0]) or names.get("de", "")
    state = TicketState(ticket.state)
    estimate = None
    if state == TicketState.WAITING and ticket.ahead is not None:
        wait = ticket.wait
        estimate = WaitEstimate(ticket.ahead, wait.low if wait else None, wait.high if wait else None)
    view = phone_card(ticket.code, name, state, estimate, (ticket.desk, ticket.room), _)
    view["stale"] = now > snapshot.valid_until
    if view["stale"]:
        view["detail"] = _(OFFICE_AWAY)
    return view
