"""The staff console's appointments: today's per service with their check-in, and conflicts.

Staff see the optional name a visitor typed (that is what it is for); it
never leaves the office LAN. A conflict is shown on the booking it concerns
and, for every day ahead, in a list of its own, because staff must act on it
before the day comes (call the agency, put a note on the door).
"""

from __future__ import annotations

from typing import Any

from kiosk.core.appointments import STATE_WORDS, Booking, BookingState, Conflict
from kiosk.core.booking_code import display
from kiosk.core.model import Service, Ticket
from kiosk.core.tickets import STATE_WORDS as TICKET_WORDS
from kiosk.core.timekeeping import office_day
from kiosk.store import Store
from kiosk.store.bookings import bookings_on, current_conflicts
from kiosk.store.queue import tickets_of_day
from kiosk.store.schedule import load_services
from kiosk.web.views import hhmm

SHOWN = (BookingState.BOOKED, BookingState.CHECKED_IN, BookingState.CANCELLED)


def booking_json(
    booking: Booking, ticket: Ticket | None = None, conflict: Conflict | None = None
) -> dict[str, Any]:
    return {
        "code": booking.code,
        "display_code": display(booking.code),
        "service": booking.service_id,
        "day": booking.day.isoformat(),
        "time": hhmm(booking.starts_at),
        "until": hhmm(booking.ends_at),
        "room": booking.room,
        "name": booking.name,
        "language": booking.language,
        "state": booking.state.value,
        "state_text": STATE_WORDS[booking.state],
        "via": booking.via.value,
        "ticket": ticket.code if ticket else None,
        "ticket_state": TICKET_WORDS[ticket.state] if ticket else None,
        "conflict": conflict.describe() if conflict else None,
        "cancellable": booking.state == BookingState.BOOKED,
    }


def _service_name(services: dict[str, Service], service_id: str) -> str:
    service = services.get(service_id)
    return service.name("de") if service else service_id


def appointments(store: Store) -> dict[str, Any]:
    """Today's bookings per service (earliest first) and every conflict from today on."""
    now = store.now()
    today = office_day(now)
    services = {s.id: s for s in load_services(store)}
    conflicts = current_conflicts(store, now)
    conflict_of = {c.booking.code: c for c in conflicts}
    tickets = {t.id: t for t in tickets_of_day(store, today)}
    per_service: dict[str, list[dict[str, Any]]] = {}
    for booking in bookings_on(store, today):
        if booking.state not in SHOWN:
            continue
        ticket = tickets.get(booking.ticket_id) if booking.ticket_id else None
        row = booking_json(booking, ticket, conflict_of.get(booking.code))
        per_service.setdefault(booking.service_id, []).append(row)
    order = list(services)
    return {
        "day": today.isoformat(),
        "services": [
            {"service": sid, "name": _service_name(services, sid), "appointments": rows}
            for sid, rows in sorted(per_service.items(), key=lambda item: _position(order, item[0]))
        ],
        "conflicts": [
            {
                **booking_json(c.booking, conflict=c),
                "service_name": _service_name(services, c.booking.service_id),
                "kind": c.kind.value,
            }
            for c in conflicts
        ],
    }


def _position(order: list[str], service_id: str) -> int:
    return order.index(service_id) if service_id in order else len(order)
