"""Queue operations: each one transaction, each one event.

These are the operations the kiosk screen, the staff console and the CLI all
call. The rules live in :mod:`kiosk.core`; this module loads what they need,
applies them and writes the result atomically.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date, datetime

from kiosk.core import queue as rules
from kiosk.core import tickets as machine
from kiosk.core.errors import DeskBusy, DeskServesNothing, NothingWaiting, NoTicketAtDesk, UnknownTicket
from kiosk.core.model import Call, CallKind, Desk, Service, Session, Ticket, TicketState, WaitEstimate
from kiosk.core.numbering import display_code, normalise_code
from kiosk.core.schedule import session_for_ticket
from kiosk.core.timekeeping import office_day
from kiosk.core.waits import RECENT_VISITS, estimate_wait
from kiosk.store.database import Store, Transaction, to_text
from kiosk.store.desks import check_services, desk_services, desks_serving, get_desk
from kiosk.store.printjobs import JobKind, add_job
from kiosk.store.rows import TICKET_COLUMNS, service_from_row, ticket_from_row, ticket_to_row
from kiosk.store.schedule import load_services, sessions_around

OPEN_STATES = tuple(s.value for s in TicketState if s.is_open)


@dataclass(frozen=True)
class Issued:
    """A committed ticket and what the visitor needs to know about it."""

    ticket: Ticket
    service: Service
    session: Session
    event_id: int
    print_job_id: int | None = None  # the slip queued with it, if one was asked for


# --- reading -----------------------------------------------------------------


def _tickets(tx: Transaction | Store, where: str, params: list[object]) -> list[Ticket]:
    rows = tx.db.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE {where} ORDER BY id", params)
    return [ticket_from_row(r) for r in rows]


def open_tickets(
    tx: Transaction | Store, day: date, services: Collection[str] | None = None, desk_id: int | None = None
) -> list[Ticket]:
    """Today's waiting and called tickets; only of ``services`` (and the desk's) if given.

    Narrowing matters: an operation must not get slower as the day's queue of
    other services grows.
    """
    marks = ",".join("?" * len(OPEN_STATES))
    where, params = f"day = ? AND state IN ({marks})", [day.isoformat(), *OPEN_STATES]
    if services is not None:
        service_marks = ",".join("?" * len(services)) or "NULL"
        where += f" AND (service_id IN ({service_marks}) OR desk_id = ?)"
        params += [*services, desk_id]
    return _tickets(tx, where, params)


def tickets_of_day(store: Store, day: date) -> list[Ticket]:
    with store.errors():
        return _tickets(store, "day = ?", [day.isoformat()])


def find_ticket(tx: Transaction | Store, code: str, day: date) -> Ticket:
    """Today's ticket for what a person typed ("s7", "S-007")."""
    canonical = normalise_code(code)
    found = _tickets(tx, "day = ? AND code = ?", [day.isoformat(), canonical]) if canonical else []
    if not found:
        raise UnknownTicket(ticket=code)
    return found[0]


def ticket_by_token(store: Store, token: str) -> Ticket | None:
    """The ticket behind a phone page link; None for a wrong or old token."""
    with store.errors():
        found = _tickets(store, "token = ?", [token])
    return found[0] if found else None


def ticket_by_id(store: Store, ticket_id: int) -> Ticket:
    """A ticket by its row id (print jobs name tickets that way); UnknownTicket if gone."""
    with store.errors():
        found = _tickets(store, "id = ?", [ticket_id])
    if not found:
        raise UnknownTicket(ticket=f"#{ticket_id}")
    return found[0]


def service_by_id(tx: Transaction | Store, service_id: str) -> Service:
    """A service of the plan; UnknownService if the plan has none by that id."""
    return _service(tx, service_id)


def _service(tx: Transaction | Store, service_id: str) -> Service:
    check_services(tx, [service_id])
    return service_from_row(next(tx.db["services"].rows_where("id = ?", [service_id])))


def _recent_visits(tx: Transaction | Store, service_id: str, day: date) -> list[float]:
    rows = tx.db.execute(
        "SELECT called_at, finished_at FROM tickets WHERE day = ? AND service_id = ? "
        "AND state = 'done' ORDER BY finished_at DESC LIMIT ?",
        [day.isoformat(), service_id, RECENT_VISITS],
    ).fetchall()
    visits = [
        (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() / 60
        for a, b in rows
        if a and b
    ]
    return list(reversed(visits))


def estimate_for(
    tx: Transaction | Store, service: Service, ahead: int, now: datetime, open_now: list[Ticket]
) -> WaitEstimate:
    """The wait of someone with ``ahead`` people before them in ``service``."""
    day = office_day(now)
    busy = [
        (now - t.called_at).total_seconds() / 60
        for t in open_now
        if t.service_id == service.id and t.state.at_desk and t.called_at
    ]
    return estimate_wait(
        people_ahead=ahead,
        desks_serving=desks_serving(tx, service.id, day),
        recent_visits=_recent_visits(tx, service.id, day),
        default_minutes=service.minutes_per_visit,
        busy_elapsed=busy,
    )


def position(store: Store, ticket: Ticket) -> WaitEstimate:
    """People ahead of a waiting ticket now, and its wait from now."""
    with store.errors():
        now = store.now()
        open_now = open_tickets(store, office_day(now), [ticket.service_id])
        ahead = rules.people_ahead(ticket, open_now, now)
        return estimate_for(store, _service(store, ticket.service_id), ahead, now, open_now)


@dataclass(frozen=True)
class ServiceQueue:
    """One service's queue as the screens show it."""

    service_id: str
    waiting: int
    at_desks: tuple[str, ...]
    newcomer: WaitEstimate  # the wait for a ticket taken now


def queue_snapshot(store: Store) -> dict[str, ServiceQueue]:
    """Per service: waiting count, codes at desks, the wait for a newcomer."""
    with store.errors():
        now = store.now()
        open_now = open_tickets(store, office_day(now))
        snapshot = {}
        for service in load_services(store):
            waiting = sum(
                1 for t in open_now if t.service_id == service.id and t.state == TicketState.WAITING
            )
            at_desks = tuple(t.code for t in open_now if t.service_id == service.id and t.state.at_desk)
            snapshot[service.id] = ServiceQueue(
                service.id, waiting, at_desks, estimate_for(store, service, waiting, now, open_now)
            )
        return snapshot


def recent_calls(store: Store, limit: int = 5, after_event: int = 0) -> list[Call]:
    """The newest calls first, rebuilt from the event log (for display pages)."""
    with store.errors():
        rows = store.db.execute(
            "SELECT id, at, kind, ticket_id, code, service_id, desk_id, data FROM events "
            "WHERE kind IN ('called', 'recalled') AND id > ? ORDER BY id DESC LIMIT ?",
            [after_event, limit],
        ).fetchall()
    return [_call_from_event(r) for r in rows]


def _call_from_event(row: tuple) -> Call:
    event_id, at, kind, ticket_id, code, service_id, desk_id, data = row
    extra = json.loads(data)
    return Call(
        ticket_id=ticket_id,
        code=code,
        service_id=service_id,
        desk_id=desk_id,
        desk_name=extra.get("desk_name", ""),
        room=extra.get("room", ""),
        at=datetime.fromisoformat(at),
        kind=CallKind.RECALL if kind == "recalled" else CallKind.CALL,
        language=extra.get("language", "de"),
        event_id=event_id,
    )


# --- writing -----------------------------------------------------------------


def _save(tx: Transaction, ticket: Ticket) -> None:
    row = ticket_to_row(ticket)
    assignments = ", ".join(f"{column} = ?" for column in row)
    tx.db.execute(f"UPDATE tickets SET {assignments} WHERE id = ?", [*row.values(), ticket.id])


def _allocate_number(tx: Transaction, day: date, prefix: str) -> int:
    """The next number for this prefix today, in the same transaction as the ticket."""
    row = tx.db.execute(
        "INSERT INTO counters (day, prefix, last) VALUES (?, ?, 1) "
        "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        [day.isoformat(), prefix],
    ).fetchone()
    return int(row[0])


def issue_ticket(
    store: Store,
    service_id: str,
    language: str = "de",
    *,
    appointment_at: datetime | None = None,
    print_slip: bool = False,
) -> Issued:
    """Give the next number of a service that is on site; committed on return.

    Raises UnknownService for a service not in the plan and ServiceNotOnSite
    when it takes no tickets now. The wait estimate given to the visitor is
    stored with the ticket so its accuracy can be measured later. With
    ``print_slip`` a print job is queued in the same transaction, so a slip
    can only ever be printed for a committed ticket.
    """
    with store.write() as tx:
        service = _service(tx, service_id)
        session = session_for_ticket(service, sessions_around(store, tx.now, days=1), tx.now)
        return issue_in(tx, service, session, language, appointment_at=appointment_at, print_slip=print_slip)


def issue_in(
    tx: Transaction,
    service: Service,
    session: Session,
    language: str,
    *,
    appointment_at: datetime | None = None,
    print_slip: bool = False,
) -> Issued:
    """Number, store and log a ticket for ``session`` inside the caller's transaction.

    The caller has decided that the ticket may be given (a walk-in during
    its session, or an appointment's check-in, which may come before the
    session takes walk-ins).
    """
    now = tx.now
    day = office_day(now)
    number = _allocate_number(tx, day, service.prefix)
    open_now = open_tickets(tx, day, [service.id])
    draft = Ticket(
        day=day,
        service_id=service.id,
        number=number,
        code=display_code(service.prefix, number),
        state=TicketState.WAITING,
        issued_at=now,
        language=language,
        token=secrets.token_urlsafe(16),
        appointment_at=appointment_at,
    )
    ahead = rules.people_ahead(draft, open_now, now)
    ticket = replace(draft, estimate=estimate_for(tx, service, ahead, now, open_now))
    row = ticket_to_row(ticket)
    cursor = tx.db.execute(
        f"INSERT INTO tickets ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    ticket = replace(ticket, id=int(cursor.lastrowid or 0))
    event_id = tx.event(
        "issued",
        ticket_id=ticket.id,
        code=ticket.code,
        service_id=service.id,
        language=language,
        session_room=session.room,
    )
    job_id = add_job(tx, ticket.id, JobKind.TICKET) if print_slip else None
    return Issued(ticket, service, session, event_id, job_id)


def _call_event(tx: Transaction, ticket: Ticket, desk: Desk, kind: CallKind) -> Call:
    event_id = tx.event(
        "called" if kind == CallKind.CALL else "recalled",
        ticket_id=ticket.id,
        code=ticket.code,
        service_id=ticket.service_id,
        desk_id=desk.id,
        desk_name=desk.name,
        room=desk.room,
        language=ticket.language,
    )
    assert ticket.id is not None
    return Call(
        ticket_id=ticket.id,
        code=ticket.code,
        service_id=ticket.service_id,
        desk_id=desk.id,
        desk_name=desk.name,
        room=desk.room,
        at=tx.now,
        kind=kind,
        language=ticket.language,
        event_id=event_id,
    )


def _front_of_queue(tx: Transaction, day: date, services: list[str], now: datetime) -> list[Ticket]:
    """The only tickets "call next" can pick from: per service of the desk, the
    earliest due appointment and the earliest arrival.

    The core's order decides between them; loading just these two keeps call
    next as fast with 300 people waiting as with three.
    """
    front: list[Ticket] = []
    for service_id in services:  # one index lookup each (see migration 0007)
        scope, params = "day = ? AND state = 'waiting' AND service_id = ?", [day.isoformat(), service_id]
        front += _tickets_ordered(
            tx,
            f"{scope} AND appointment_at IS NOT NULL AND appointment_at <= ?",
            [*params, to_text(rules.due_until(now))],
            "appointment_at, id",
        )
        front += _tickets_ordered(tx, scope, params, "issued_at, id")
    return front


def _at_desk(tx: Transaction, day: date, desk_id: int) -> list[Ticket]:
    """Today's tickets a desk holds (called or serving): normally none or one."""
    return _tickets(
        tx, "desk_id = ? AND state IN ('called', 'serving') AND day = ?", [desk_id, day.isoformat()]
    )


def _tickets_ordered(tx: Transaction, where: str, params: list[object], order: str) -> list[Ticket]:
    rows = tx.db.execute(
        f"SELECT {TICKET_COLUMNS} FROM tickets WHERE {where} ORDER BY {order} LIMIT 1", params
    )
    return [ticket_from_row(r) for r in rows]


def call_next(store: Store, desk_id: int, service_id: str | None = None) -> Call:
    """Call the longest-waiting ticket of the desk's services (or of one service).

    A desk still serving someone finishes that visit first; a desk whose
    called visitor has not shown up must decide (done, no-show, transfer)
    before calling the next, so nobody is silently dropped.
    """
    with store.write() as tx:
        now, day = tx.now, office_day(tx.now)
        desk = get_desk(tx, desk_id)
        services = check_services(tx, [service_id]) if service_id else desk_services(tx, desk_id, day)
        if not services:
            raise DeskServesNothing(desk=desk_id)
        held = rules.desk_open_ticket(_at_desk(tx, day, desk_id), desk_id)
        if held is not None and held.state == TicketState.CALLED:
            raise DeskBusy(desk=desk_id, code=held.code)
        if held is not None:
            done = machine.finish(held, desk_id, now)
            _save(tx, done)
            tx.event(
                "finished", ticket_id=done.id, code=done.code, service_id=done.service_id, desk_id=desk_id
            )
        chosen = rules.next_for_desk(_front_of_queue(tx, day, services, now), services, now)
        if chosen is None:
            raise NothingWaiting(services=", ".join(services))
        called = machine.call(chosen, desk_id, now)
        _save(tx, called)
        return _call_event(tx, called, desk, CallKind.CALL)


def _target(tx: Transaction, desk_id: int | None, code: str | None) -> Ticket:
    day = office_day(tx.now)
    if code is not None or desk_id is None:
        return find_ticket(tx, code or "", day)
    held = rules.desk_open_ticket(_at_desk(tx, day, desk_id), desk_id)
    if held is None:
        raise NoTicketAtDesk(desk=desk_id)
    return held


def recall(store: Store, desk_id: int, code: str | None = None) -> Call:
    """Call the same number again (the visitor did not hear it, or came back)."""
    with store.write() as tx:
        desk = get_desk(tx, desk_id)
        ticket = machine.recall(_target(tx, desk_id, code), desk_id, tx.now)
        _save(tx, ticket)
        return _call_event(tx, ticket, desk, CallKind.RECALL)


def _change(
    store: Store,
    kind: str,
    step: Callable[[Ticket, int | None, datetime], Ticket],
    desk_id: int | None,
    code: str | None,
) -> Ticket:
    with store.write() as tx:
        if desk_id is not None:
            get_desk(tx, desk_id)
        ticket = step(_target(tx, desk_id, code), desk_id, tx.now)
        _save(tx, ticket)
        tx.event(kind, ticket_id=ticket.id, code=ticket.code, service_id=ticket.service_id, desk_id=desk_id)
        return ticket


def start(store: Store, desk_id: int, code: str | None = None) -> Ticket:
    return _change(store, "started", machine.start, desk_id, code)


def finish(store: Store, desk_id: int, code: str | None = None) -> Ticket:
    return _change(store, "finished", machine.finish, desk_id, code)


def no_show(store: Store, desk_id: int, code: str | None = None) -> Ticket:
    return _change(store, "no_show", machine.no_show, desk_id, code)


def cancel(store: Store, code: str, desk_id: int | None = None) -> Ticket:
    return _change(store, "cancelled", machine.cancel, desk_id, code)


def transfer(store: Store, to_service: str, desk_id: int | None = None, code: str | None = None) -> Ticket:
    """Move a ticket to another service's queue, keeping its place by arrival."""
    with store.write() as tx:
        if desk_id is not None:
            get_desk(tx, desk_id)
        check_services(tx, [to_service])
        before = _target(tx, desk_id, code)
        ticket = machine.transfer(before, to_service, desk_id, tx.now)
        _save(tx, ticket)
        tx.event(
            "transferred",
            ticket_id=ticket.id,
            code=ticket.code,
            service_id=to_service,
            desk_id=desk_id,
            from_service=before.service_id,
        )
        return ticket


def last_event_id(store: Store) -> int:
    with store.errors():
        row = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()
    return int(row[0])


__all__ = [
    "Issued",
    "ServiceQueue",
    "call_next",
    "cancel",
    "find_ticket",
    "finish",
    "issue_ticket",
    "last_event_id",
    "no_show",
    "open_tickets",
    "position",
    "queue_snapshot",
    "recall",
    "recent_calls",
    "start",
    "ticket_by_id",
    "ticket_by_token",
    "tickets_of_day",
    "transfer",
]
