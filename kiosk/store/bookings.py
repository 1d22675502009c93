"""Bookings in the office database: book, confirm, check in, cancel; each one transaction.

The rules are :mod:`kiosk.core.appointments` and :mod:`kiosk.core.checkin`;
this module loads what they need and writes the result atomically: the
booking, its appointment slip's print job and its message for the city's
server (outbox) commit together or not at all, so a slip is never printed
for a booking the city will not hear of.

What leaves the office (the outbox message, the online confirmation) is
the slot and the random code, never the optional name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.core.appointments import (
    BOOKING_DAYS,
    HOLD_TTL,
    STATE_WORDS,
    Booking,
    BookingNotCancellable,
    BookingState,
    Conflict,
    Slot,
    SlotKey,
    SlotOffer,
    UnknownBooking,
    Via,
    bookable,
    clean_name,
    conflicts,
    offers,
    slot_for,
)
from kiosk.core.booking_code import display, new_code, normalise
from kiosk.core.checkin import SessionGone, check_in_window
from kiosk.core.model import Service, Session
from kiosk.core.timekeeping import office_day
from kiosk.store import outbox
from kiosk.store.database import Store, Transaction, from_text, to_text
from kiosk.store.printjobs import add_booking_job
from kiosk.store.queue import Issued, issue_in, service_by_id, ticket_by_id
from kiosk.store.schedule import load_office, load_sessions

BOOKING = "booking"  # outbox kinds (docs/appointments.md)
BOOKING_CANCELLED = "booking_cancelled"
MESSAGE_FORMAT = "quartierskiosk-booking"
MESSAGE_FORMAT_VERSION = 1

COLUMNS = (
    "id, code, service_id, day, start, minutes, state, via, language, room, name, booked_at, "
    "ticket_id, checked_in_at, cancelled_at"
)


def _booking(row: tuple[Any, ...]) -> Booking:
    (id_, code, service_id, day, start, minutes, state, via, language, room, name, booked_at, ticket_id,
     checked_in_at, cancelled_at) = row  # fmt: skip
    booked = from_text(booked_at)
    assert booked is not None
    return Booking(
        code=code,
        service_id=service_id,
        day=date.fromisoformat(day),
        start=time.fromisoformat(start),
        minutes=minutes,
        state=BookingState(state),
        booked_at=booked,
        language=language,
        room=room,
        name=name,
        via=Via(via),
        id=id_,
        ticket_id=ticket_id,
        checked_in_at=from_text(checked_in_at),
        cancelled_at=from_text(cancelled_at),
    )


def _select(tx: Transaction | Store, where: str, params: list[object]) -> list[Booking]:
    rows = tx.db.execute(f"SELECT {COLUMNS} FROM bookings WHERE {where} ORDER BY day, start, id", params)
    return [_booking(r) for r in rows]


def bookings_between(tx: Transaction | Store, first: date, last: date) -> list[Booking]:
    """Every booking (any state) on days from ``first`` to ``last``."""
    return _select(tx, "day >= ? AND day <= ?", [first.isoformat(), last.isoformat()])


def bookings_on(store: Store, day: date) -> list[Booking]:
    with store.errors():
        return bookings_between(store, day, day)


def booking_by_id(store: Store, booking_id: int) -> Booking:
    """A booking by its row id (print jobs name bookings that way); UnknownBooking if gone."""
    with store.errors():
        found = _select(store, "id = ?", [booking_id])
    if not found:
        raise UnknownBooking(code=f"#{booking_id}")
    return found[0]


def find_booking(tx: Transaction | Store, code: str) -> Booking | None:
    """The booking with this code as typed or scanned; None if there is none."""
    canonical = normalise(code)
    found = _select(tx, "code = ?", [canonical]) if canonical else []
    return found[0] if found else None


def _office_id(tx: Transaction) -> str:
    row = tx.db.execute("SELECT id FROM office LIMIT 1").fetchone()
    return row[0] if row else ""


# --- the message for the city ---------------------------------------------------------


def message_body(office_id: str, booking: Booking, event: str, reason: str = "") -> dict[str, Any]:
    """What the city's server gets about a booking: the slot and the code, nothing about the person.

    The body depends only on the booking, so the online confirmation and
    the later outbox message are byte for byte the same under the same
    Idempotency-Key.
    """
    body: dict[str, Any] = {
        "format": MESSAGE_FORMAT,
        "format_version": MESSAGE_FORMAT_VERSION,
        "event": event,
        "office_id": office_id,
        "code": booking.code,
        "service_id": booking.service_id,
        "date": booking.day.isoformat(),
        "start": booking.start.isoformat(timespec="minutes"),
        "minutes": booking.minutes,
        "via": booking.via.value,
        "booked_at": to_text(booking.booked_at),
    }
    if event == "cancelled":
        body["reason"] = reason
    return body


def confirmation_request(store: Store, reserved: Reserved) -> tuple[dict[str, Any], str]:
    """Body and Idempotency-Key for the online confirmation: those of the later outbox message."""
    office = load_office(store)
    office_id = office.id if office else ""
    body = message_body(office_id, reserved.booking, "booked")
    return body, outbox.idempotency_key(office_id, BOOKING, reserved.booking.code)


def _send(tx: Transaction, booking: Booking, kind: str, reason: str = "") -> None:
    office_id = _office_id(tx)
    event = "booked" if kind == BOOKING else "cancelled"
    key = outbox.idempotency_key(office_id, kind, booking.code)
    outbox.enqueue(tx, kind, booking.code, key, message_body(office_id, booking, event, reason))


# --- booking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reserved:
    """A booking just made: booked at once (an assigned slot) or held for the city to confirm."""

    booking: Booking
    service: Service
    slot: Slot
    print_job_id: int | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.booking.state == BookingState.HELD


def _insert(tx: Transaction, booking: Booking) -> Booking:
    cursor = tx.db.execute(
        f"INSERT INTO bookings ({COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
        [
            booking.code,
            booking.service_id,
            booking.day.isoformat(),
            booking.start.isoformat(timespec="minutes"),
            booking.minutes,
            booking.state.value,
            booking.via.value,
            booking.language,
            booking.room,
            booking.name,
            to_text(booking.booked_at),
        ],
    )
    return replace(booking, id=int(cursor.lastrowid or 0))


def _set_state(tx: Transaction, booking: Booking, state: BookingState, **columns: Any) -> Booking:
    values = {"state": state.value}
    values.update({k: to_text(v) if isinstance(v, datetime) else v for k, v in columns.items()})
    assignments = ", ".join(f"{name} = ?" for name in values)
    tx.db.execute(f"UPDATE bookings SET {assignments} WHERE id = ?", [*values.values(), booking.id])
    return replace(booking, state=state, **columns)


def _unused_code(tx: Transaction, make: Callable[[], str]) -> str:
    while True:  # 22^7 codes: a repeat is rare, but a UNIQUE failure must never be the visitor's problem
        code = make()
        if tx.db.execute("SELECT 1 FROM bookings WHERE code = ?", [code]).fetchone() is None:
            return code


def _expire_holds(tx: Transaction) -> None:
    """Release holds older than HOLD_TTL: the app stopped while the city's server was asked.

    The server may have recorded such a booking, so it is told to cancel it.
    """
    cutoff = to_text(tx.now - HOLD_TTL)
    for held in _select(tx, "state = ? AND booked_at <= ?", [BookingState.HELD.value, cutoff]):
        _send(tx, _set_state(tx, held, BookingState.RELEASED), BOOKING_CANCELLED, "not_completed")


def release_stale_holds(store: Store) -> None:
    """Release holds whose confirmation never completed (the app stopped while waiting).

    They stopped counting as taken after HOLD_TTL already; this tells the
    city's server to forget them too. ``kiosk sync`` calls it before sending.
    """
    with store.write() as tx:
        _expire_holds(tx)


def reserve(
    store: Store,
    key: SlotKey,
    language: str,
    name: str = "",
    *,
    online: bool = False,
    print_slip: bool = False,
    make_code: Callable[[], str] = new_code,
) -> Reserved:
    """Book a place in slot ``key``; committed on return.

    A slot the feed assigned to this kiosk is booked at once: the booking,
    its slip's print job (with ``print_slip``) and its outbox message are one
    transaction. Any other slot, with ``online``, is only held: the caller
    must have the city's server confirm it (:func:`confirm_held`) or release
    it (:func:`release_held`) before anything is printed. Raises SlotFull or
    SlotUnavailable.
    """
    with store.write() as tx:
        now = tx.now
        _expire_holds(tx)
        sessions = load_sessions(store, key.day, key.day)
        offer = bookable(key, sessions, bookings_between(tx, key.day, key.day), now, online=online)
        service = service_by_id(tx, key.service_id)
        booking = _insert(
            tx,
            Booking(
                code=_unused_code(tx, make_code),
                service_id=key.service_id,
                day=key.day,
                start=key.start,
                minutes=offer.slot.minutes,
                state=BookingState.BOOKED if offer.assigned else BookingState.HELD,
                booked_at=now,
                language=language,
                room=offer.slot.room,
                name=clean_name(name),
                via=Via.ASSIGNED if offer.assigned else Via.ONLINE,
            ),
        )
        job_id = _booked(tx, booking, print_slip) if offer.assigned else None
        if not offer.assigned:
            tx.event("booking_held", service_id=key.service_id, booking=booking.code)
        return Reserved(booking, service, offer.slot, job_id)


def _booked(tx: Transaction, booking: Booking, print_slip: bool) -> int | None:
    assert booking.id is not None
    _send(tx, booking, BOOKING)
    tx.event("booked", service_id=booking.service_id, booking=booking.code, via=booking.via.value)
    return add_booking_job(tx, booking.id) if print_slip else None


def confirm_held(store: Store, reserved: Reserved, *, print_slip: bool = False) -> Reserved:
    """The city's server confirmed a held booking: book it, queue its slip and its message."""
    with store.write() as tx:
        current = find_booking(tx, reserved.booking.code)
        if current is None or current.state != BookingState.HELD:
            # Released meanwhile (the hold expired): the place may be gone; say so, print nothing.
            raise UnknownBooking(code=display(reserved.booking.code))
        booking = _set_state(tx, current, BookingState.BOOKED)
        return replace(reserved, booking=booking, print_job_id=_booked(tx, booking, print_slip))


def release_held(store: Store, reserved: Reserved, *, maybe_recorded: bool) -> None:
    """Give up a held booking (refused or unanswered); ``maybe_recorded``: tell the server to cancel."""
    with store.write() as tx:
        current = find_booking(tx, reserved.booking.code)
        if current is None or current.state != BookingState.HELD:
            return
        released = _set_state(tx, current, BookingState.RELEASED)
        if maybe_recorded:
            _send(tx, released, BOOKING_CANCELLED, "not_completed")
        tx.event("booking_released", service_id=current.service_id, booking=current.code)


# --- check-in and cancelling ------------------------------------------------------------


@dataclass(frozen=True)
class CheckedIn:
    """A visitor with an appointment arrived: their ticket, and whether it was made before."""

    issued: Issued
    booking: Booking
    again: bool = False  # the slip was scanned a second time: the same ticket, no new slip


def check_in(store: Store, typed: str, *, print_slip: bool = False) -> CheckedIn:
    """Turn a booking code (scanned or typed) into today's ticket, "appointment" for staff.

    A second check-in of the same booking returns the ticket of the first
    one and queues no slip. Raises UnknownBooking, a CheckInRefused (too
    early, too late, another day, cancelled) or SessionGone.
    """
    with store.write() as tx:
        booking = find_booking(tx, typed)
        if booking is None:
            shown = display(normalise(typed) or "".join(typed.split())[:20].upper())
            raise UnknownBooking(code=shown)
        held = slot_for(booking, load_sessions(store, booking.day, booking.day))
        if booking.state == BookingState.CHECKED_IN and booking.ticket_id is not None:
            return _again(store, tx, booking, held[1] if held else None)
        check_in_window(booking, tx.now)
        if held is None:
            raise SessionGone()
        service = service_by_id(tx, booking.service_id)
        issued = issue_in(
            tx, service, held[1], booking.language, appointment_at=booking.starts_at, print_slip=print_slip
        )
        booking = _set_state(
            tx, booking, BookingState.CHECKED_IN, ticket_id=issued.ticket.id, checked_in_at=tx.now
        )
        tx.event(
            "checked_in",
            ticket_id=issued.ticket.id,
            code=issued.ticket.code,
            service_id=booking.service_id,
            booking=booking.code,
        )
        return CheckedIn(issued, booking)


def _again(store: Store, tx: Transaction, booking: Booking, session: Session | None) -> CheckedIn:
    assert booking.ticket_id is not None
    ticket = ticket_by_id(store, booking.ticket_id)
    service = service_by_id(tx, booking.service_id)
    session = session or Session(booking.service_id, booking.day, booking.start, booking.start, booking.room)
    return CheckedIn(Issued(ticket, service, session, 0), booking, again=True)


def cancel_booking(store: Store, code: str, desk_id: int | None = None) -> Booking:
    """Staff cancel a booking (the visitor phoned, the agency is ill); the city is told through the outbox."""
    with store.write() as tx:
        booking = find_booking(tx, code)
        if booking is None:
            raise UnknownBooking(code=code)
        if booking.state != BookingState.BOOKED:
            raise BookingNotCancellable(code=display(booking.code), state=STATE_WORDS[booking.state])
        cancelled = _set_state(tx, booking, BookingState.CANCELLED, cancelled_at=tx.now)
        _send(tx, cancelled, BOOKING_CANCELLED, "staff")
        tx.event("booking_cancelled", service_id=booking.service_id, desk_id=desk_id, booking=booking.code)
        return cancelled


# --- reading for the screens --------------------------------------------------------------


def open_offers(store: Store, *, online: bool = False, now: datetime | None = None) -> list[SlotOffer]:
    """Every slot this kiosk may book now with a place left, earliest first."""
    with store.errors():
        moment = now or store.now()
        today = office_day(moment)
        last = today + timedelta(days=BOOKING_DAYS)
        sessions = load_sessions(store, today, last)
        return offers(sessions, bookings_between(store, today, last), moment, online=online)


def current_conflicts(store: Store, now: datetime | None = None) -> list[Conflict]:
    """Bookings from today on that the plan in use contradicts (for the staff console)."""
    with store.errors():
        moment = now or store.now()
        today = office_day(moment)
        last = today + timedelta(days=BOOKING_DAYS + 7)
        bookings = bookings_between(store, today, last)
        if not bookings:
            return []
        return conflicts(bookings, load_sessions(store, today, last), moment)


def has_slots(store: Store, now: datetime | None = None) -> bool:
    """Whether the plan offers appointments at all in the next weeks (the check-in button shows then)."""
    with store.errors():
        today = office_day(now or store.now())
        row = store.db.execute(
            "SELECT 1 FROM sessions WHERE appointments IS NOT NULL AND day >= ? AND day <= ? LIMIT 1",
            [today.isoformat(), (today + timedelta(days=BOOKING_DAYS)).isoformat()],
        ).fetchone()
        return row is not None
