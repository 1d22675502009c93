"""Publish the anonymous queue state to the city's server (the phone relay).

Where an office has no guest Wi-Fi, phones cannot reach the kiosk. The kiosk
then pushes its queue state outward to the city's server, which serves the
same ``/t/<token>`` page on the internet. What is sent is described in
docs/relay.md: per service the waiting count, the numbers called and the wait
estimate; per ticket its position, keyed by a SHA-256 of its token. The city
never receives a token, so neither it nor anyone who reads its database can
follow a ticket; a phone that knows the token can.

Each snapshot replaces the previous one (it is the whole state, not a
change), so a lost request needs no replay: the next one carries everything.
Snapshots go out at most every ``min_interval_seconds`` after a change, and
every ``heartbeat_seconds`` anyway, so the server can tell a live kiosk from
a silent one (``valid_until``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kiosk.core.model import TicketState
from kiosk.core.timekeeping import office_day
from kiosk.store import Store, board
from kiosk.store import queue as ops
from kiosk.store.database import to_text
from kiosk.store.schedule import current_view, load_services

if TYPE_CHECKING:
    from kiosk.web.context import WebContext
    from kiosk.web.live import LiveFeed

log = logging.getLogger("kiosk.web.relay")

FORMAT_VERSION = 1
RECENT_CALLS = 5
MAX_BACKOFF_SECONDS = 60.0


def ticket_key(token: str) -> str:
    """What the city's server stores for a ticket: SHA-256 of its token, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def _wait(estimate) -> dict[str, int] | None:
    if estimate is None or not estimate.known:
        return None
    return {"low": estimate.low_minutes, "high": estimate.high_minutes}


def snapshot(store: Store, office_id: str, valid_for: timedelta) -> dict[str, Any]:
    """The whole anonymous queue state of today, as docs/relay.md describes it."""
    now = store.now()
    day = office_day(now)
    services = load_services(store)
    queues = ops.queue_snapshot(store)
    desks = board.active_desks(store)
    view = current_view(store, now)
    rooms = {o.service_id: o.session.room for o in (*view.on_now, *view.later_today) if o.session}
    on_now = {o.service_id for o in view.on_now}
    positions = board.positions(store)
    shown = board.board(store, RECENT_CALLS)
    desk_rooms = {d.desk.id: (d.desk.name, d.desk.room) for d in board.desk_states(store)}
    tickets = []
    for ticket in ops.tickets_of_day(store, day):
        entry: dict[str, Any] = {
            "key": ticket_key(ticket.token),
            "code": ticket.code,
            "service": ticket.service_id,
            "language": ticket.language,
            "state": ticket.state.value,
        }
        if ticket.state == TicketState.WAITING and ticket.id in positions:
            entry["ahead"] = positions[ticket.id].people_ahead
            entry["wait"] = _wait(positions[ticket.id])
        if ticket.state.at_desk and ticket.desk_id in desk_rooms:
            entry["desk"], entry["room"] = desk_rooms[ticket.desk_id]
        tickets.append(entry)
    return {
        "format": FORMAT_VERSION,
        "office": office_id,
        "sequence": shown.last_event_id,
        "generated_at": to_text(now),
        "valid_until": to_text(now + valid_for),
        "day": day.isoformat(),
        "services": [
            {
                "id": s.id,
                "prefix": s.prefix,
                "names": dict(s.names),
                "on_now": s.id in on_now,
                "room": rooms.get(s.id, ""),
                "waiting": queues[s.id].waiting if s.id in queues else 0,
                "called": list(queues[s.id].at_desks) if s.id in queues else [],
                "desks_serving": desks.get(s.id, 0),
                "wait": _wait(queues[s.id].newcomer) if s.id in queues else None,
            }
            for s in services
        ],
        "calls": [
            {
                "code": call.code,
                "service": call.service_id,
                "desk": call.desk_name,
                "room": call.room,
                "at": to_text(call.at),
            }
            for call in shown.recent
        ],
        "tickets": tickets,
    }


@dataclass
class RelayState:
    """How publishing goes, for the staff console's status box."""

    last_success: datetime | None = None
    last_error: str | None = None
    sequence: int = 0


class RelayPublisher:
    """Sends snapshots on a thread of its own; never blocks the web server."""

    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        self.config = ctx.config.web.relay
        self.state = RelayState()
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    def start(self, feed: LiveFeed) -> None:
        feed.subscribe(lambda _version: self._changed.set())
        self._changed.set()  # publish once at start
        self._thread = threading.Thread(target=self._run, name="kiosk-web-relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._changed.set()
        if self._thread is not None:
            self._thread.join(self.config.timeout_seconds + 2)

    def publish_once(self) -> bool:
        """Build and send one snapshot now; True if the server took it."""
        store = self.ctx.pool.get()
        valid_for = timedelta(seconds=self.config.heartbeat_seconds * 3)
        body = snapshot(store, self.ctx.config.office.id, valid_for)
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        request = urllib.request.Request(
            self.config.url,
            data=data,
            method="PUT",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.config.token}",
                "User-Agent": "quartierskiosk-relay/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_seconds) as response:
                response.read()
            ok, problem = True, None
        except urllib.error.HTTPError as error:
            # 409: the server already has a newer sequence (another start of this kiosk); not a failure.
            ok, problem = error.code == 409, f"HTTP {error.code}"
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            ok, problem = False, type(getattr(error, "reason", error)).__name__
        if ok:
            self.state.last_success = store.now()
            self.state.sequence = body["sequence"]
            self.state.last_error = None
            if self._failing:
                log.info("relay reachable again")
            self._failing = False
        else:
            self.state.last_error = problem
            if not self._failing:  # log when it starts failing, not every attempt
                log.warning("relay publish failed: %s", problem)
            self._failing = True
        return ok

    def _run(self) -> None:
        backoff = self.config.min_interval_seconds
        while not self._stop.is_set():
            self._changed.wait(self.config.heartbeat_seconds)
            if self._stop.is_set():
                break
            self._changed.clear()
            try:
                ok = self.publish_once()
            except Exception:
                log.exception("relay snapshot failed")
                ok = False
            backoff = self.config.min_interval_seconds if ok else min(backoff * 2, MAX_BACKOFF_SECONDS)
            # Debounce: changes during this pause go out together in the next snapshot.
            self._stop.wait(backoff)
        self.ctx.pool.close_thread()
