"""Read-only views for the screens on the office LAN.

The waiting-room display, the staff console, the visitor's phone page and
the relay to the city's server all read the queue the same way; this module
answers their questions in a few queries each, without writing anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.core import queue as rules
from kiosk.core.load import Load, load_level
from kiosk.core.model import Call, Desk, Ticket, TicketState, WaitEstimate
from kiosk.core.timekeeping import office_day
from kiosk.store.database import Store
from kiosk.store.queue import _call_from_event, estimate_for, open_tickets
from kiosk.store.schedule import load_services

CALL_KINDS = ("called", "recalled")


@dataclass(frozen=True)
class DeskState:
    """A desk as its console shows it: today's services, pause, the visitor it holds."""

    desk: Desk
    paused: bool
    services: tuple[str, ...]
    ticket: Ticket | None


@dataclass(frozen=True)
class Board:
    """What the waiting room sees: who is at a desk now, and the last calls."""

    current: list[Call]  # tickets called to a desk and still there, newest call first
    recent: list[Call]  # the last calls, newest first (recalls included)
    last_event_id: int


def desk_states(store: Store) -> list[DeskState]:
    """Every desk with its services today, its pause and the ticket it holds."""
    with store.errors():
        now = store.now()
        day = office_day(now)
        rows = store.db.execute("SELECT id, name, room, paused FROM desks ORDER BY id").fetchall()
        chosen: dict[int, list[str]] = {}
        for desk_id, service_id in store.db.execute(
            "SELECT desk_id, service_id FROM desk_services WHERE day = ? ORDER BY service_id",
            [day.isoformat()],
        ):
            chosen.setdefault(desk_id, []).append(service_id)
        held = [t for t in open_tickets(store, day) if t.state.at_desk]
    return [
        DeskState(
            desk=Desk(id=r[0], name=r[1], room=r[2]),
            paused=bool(r[3]),
            services=tuple(chosen.get(r[0], ())),
            ticket=rules.desk_open_ticket(held, r[0]),
        )
        for r in rows
    ]


def board(store: Store, recent: int = 5) -> Board:
    """The calls for the waiting-room display, rebuilt from the event log."""
    with store.errors():
        day = office_day(store.now())
        at_desks = [t for t in open_tickets(store, day) if t.state.at_desk]
        last_id = int(store.db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        current: list[Call] = []
        if at_desks:
            ids = [t.id for t in at_desks]
            marks = ",".join("?" * len(ids))
            rows = store.db.execute(
                "SELECT id, at, kind, ticket_id, code, service_id, desk_id, data FROM events WHERE id IN ("
                f"SELECT MAX(id) FROM events WHERE kind IN (?, ?) AND ticket_id IN ({marks}) "
                "GROUP BY ticket_id) ORDER BY id DESC",
                [*CALL_KINDS, *ids],
            ).fetchall()
            current = [_call_from_event(r) for r in rows]
        # The last calls of today only: yesterday's numbers would confuse.
        rows = store.db.execute(
            "SELECT id, at, kind, ticket_id, code, service_id, desk_id, data FROM events "
            "WHERE kind IN (?, ?) ORDER BY id DESC LIMIT ?",
            [*CALL_KINDS, recent],
        ).fetchall()
    calls = [_call_from_event(r) for r in rows]
    return Board(current=current, recent=[c for c in calls if office_day(c.at) == day], last_event_id=last_id)


def call_by_event(store: Store, event_id: int) -> Call | None:
    """The call recorded as event ``event_id``; None if that event is no call."""
    with store.errors():
        row = store.db.execute(
            "SELECT id, at, kind, ticket_id, code, service_id, desk_id, data FROM events "
            "WHERE id = ? AND kind IN (?, ?)",
            [event_id, *CALL_KINDS],
        ).fetchone()
    return _call_from_event(row) if row else None


def waiting_lists(store: Store) -> dict[str, list[Ticket]]:
    """Per service, its waiting tickets in the order "call next" takes them."""
    with store.errors():
        now = store.now()
        tickets = open_tickets(store, office_day(now))
        services = [s.id for s in load_services(store)]
    return {sid: rules.waiting_in_order(tickets, [sid], now) for sid in services}


def active_desks(store: Store) -> dict[str, int]:
    """Per service, how many desks that are not paused have chosen it today."""
    with store.errors():
        day = office_day(store.now())
        rows = store.db.execute(
            "SELECT ds.service_id, COUNT(*) FROM desk_services ds JOIN desks d ON d.id = ds.desk_id "
            "WHERE ds.day = ? AND d.paused = 0 GROUP BY ds.service_id",
            [day.isoformat()],
        ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def loads(store: Store) -> tuple[dict[str, Load], Load]:
    """The traffic light per service and for the whole office.

    The office's light counts every waiting ticket against the desks that
    serve anything today and are not paused.
    """
    lists = waiting_lists(store)
    desks = active_desks(store)
    per_service = {sid: load_level(len(waiting), desks.get(sid, 0)) for sid, waiting in lists.items()}
    with store.errors():
        day = office_day(store.now())
        open_desks = store.db.execute(
            "SELECT COUNT(DISTINCT ds.desk_id) FROM desk_services ds JOIN desks d ON d.id = ds.desk_id "
            "WHERE ds.day = ? AND d.paused = 0",
            [day.isoformat()],
        ).fetchone()[0]
    total = load_level(sum(len(w) for w in lists.values()), int(open_desks))
    return per_service, total


def positions(store: Store, tickets: Iterable[Ticket] | None = None) -> dict[int, WaitEstimate]:
    """People ahead and wait from now for each waiting ticket (all of today's by default).

    One pass over the day's open tickets instead of a query per ticket, for
    the relay that publishes every position at once.
    """
    with store.errors():
        now = store.now()
        open_now = open_tickets(store, office_day(now))
        wanted = [t for t in (open_now if tickets is None else tickets) if t.state == TicketState.WAITING]
        services = {s.id: s for s in load_services(store)}
        result: dict[int, WaitEstimate] = {}
        for ticket in wanted:
            service = services.get(ticket.service_id)
            if service is None or ticket.id is None:
                continue
            ahead = rules.people_ahead(ticket, open_now, now)
            result[ticket.id] = estimate_for(store, service, ahead, now, open_now)
    return result


def call_room(store: Store, ticket: Ticket) -> tuple[str, str] | None:
    """Desk name and room a called ticket should go to; None if it is at no desk."""
    if ticket.desk_id is None or not ticket.state.at_desk:
        return None
    with store.errors():
        row = store.db.execute("SELECT name, room FROM desks WHERE id = ?", [ticket.desk_id]).fetchone()
    return (row[0], row[1]) if row else None


def waiting_count(store: Store) -> int:
    """How many of today's tickets wait, in one cheap query (for polling)."""
    with store.errors():
        day = office_day(store.now())
        row = store.db.execute(
            "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting'", [day.isoformat()]
        ).fetchone()
    return int(row[0])
