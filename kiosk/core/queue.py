"""Queue rules: who is next, who is ahead of whom.

Order within the tickets a desk may call:
1. checked-in appointments whose time has come (from a few minutes before it),
   earliest appointment first;
2. everyone else by arrival (``issued_at``, kept across transfers), then by
   ticket id, so two tickets issued in the same millisecond still have an order.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

from kiosk.core.model import Ticket, TicketState

APPOINTMENT_EARLY = timedelta(minutes=10)


def due_until(now: datetime) -> datetime:
    """Appointments at or before this instant count as due now (go first)."""
    return now + APPOINTMENT_EARLY


def _appointment_due(ticket: Ticket, now: datetime) -> bool:
    return ticket.appointment_at is not None and ticket.appointment_at <= due_until(now)


def order_key(ticket: Ticket, now: datetime) -> tuple[int, datetime, int]:
    # A ticket without an id is being issued right now: it is the newest.
    tie = ticket.id if ticket.id is not None else sys.maxsize
    if _appointment_due(ticket, now):
        assert ticket.appointment_at is not None
        return (0, ticket.appointment_at, tie)
    return (1, ticket.issued_at, tie)


def waiting_in_order(tickets: Iterable[Ticket], service_ids: Collection[str], now: datetime) -> list[Ticket]:
    """Waiting tickets of the given services, the next one first."""
    waiting = [t for t in tickets if t.state == TicketState.WAITING and t.service_id in service_ids]
    return sorted(waiting, key=lambda t: order_key(t, now))


def next_for_desk(tickets: Iterable[Ticket], service_ids: Collection[str], now: datetime) -> Ticket | None:
    """The ticket "call next" takes: longest waiting, due appointments first."""
    ordered = waiting_in_order(tickets, service_ids, now)
    return ordered[0] if ordered else None


def people_ahead(ticket: Ticket, tickets: Iterable[Ticket], now: datetime) -> int:
    """How many waiting tickets of the same service come before this one."""
    mine = order_key(ticket, now)
    return sum(
        1
        for other in tickets
        if other.state == TicketState.WAITING
        and other.service_id == ticket.service_id
        and other.id != ticket.id
        and order_key(other, now) < mine
    )


def desk_open_ticket(tickets: Iterable[Ticket], desk_id: int) -> Ticket | None:
    """The ticket a desk currently holds (called or serving), if any."""
    held = [t for t in tickets if t.desk_id == desk_id and t.state.at_desk]
    return max(held, key=lambda t: (t.called_at or t.issued_at, t.id or 0)) if held else None
