"""Appointment slots: which exist, how many places are free, who may book them, what conflicts.

Pure functions of the plan (sessions carrying a :class:`~kiosk.core.model.SlotPlan`),
this kiosk's bookings and the time; the clock is passed in.

Double booking is prevented by design rather than by luck:

- a slot's places are its ``capacity`` minus the places the feed says are
  taken elsewhere minus this kiosk's own bookings (its own codes coming back
  in the feed are not counted twice);
- the kiosk books on its own only the slots the feed assigns to it. Nobody
  else sells those, so no other place can take them while the kiosk is
  offline. Any other slot needs the city's server to confirm it online
  first (docs/appointments.md).

What can still go wrong is a conflict, shown to staff: a slot booked here
arrives in the next feed as also taken elsewhere beyond its capacity
(someone at the agency booked the kiosk's slot by phone), or the session
of a booking is no longer in the plan (cancelled, moved, slots removed).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk.core.errors import N_, DomainError, staff_only
from kiosk.core.model import FALLBACK_LANGUAGE, Session, SlotPlan
from kiosk.core.timekeeping import local_datetime, office_day

# A slot is offered only if it starts at least this long from now: time to
# print the slip and walk home is not the point, but a slot "in five minutes"
# is what a walk-in ticket is for.
BOOKING_LEAD = timedelta(minutes=30)
# How far ahead a visitor sees free slots.
BOOKING_DAYS = 28
# A slot held for the city's server to confirm counts as taken this long; a
# hold older than this was never completed (the app stopped) and is released.
HOLD_TTL = timedelta(minutes=2)
NAME_MAX = 20  # characters of the optional first name or initials


class BookingState(enum.StrEnum):
    HELD = "held"  # waiting for the city's server to confirm (online booking only); no slip yet
    BOOKED = "booked"
    CHECKED_IN = "checked_in"  # the visitor arrived and got a ticket
    CANCELLED = "cancelled"  # by staff
    RELEASED = "released"  # a hold that was refused or never completed: never printed


class Via(enum.StrEnum):
    """Why this kiosk was allowed to book the slot."""

    ASSIGNED = "assigned"  # the feed gave the slot to this kiosk
    ONLINE = "online"  # the city's server confirmed it


@dataclass(frozen=True, order=True)
class SlotKey:
    """A slot's identity: service, day and wall-clock start (sessions are rebuilt by every sync)."""

    service_id: str
    day: date
    start: time


@dataclass(frozen=True)
class Slot:
    service_id: str
    day: date
    start: time
    minutes: int
    room: str = ""
    session_id: str = ""

    @property
    def key(self) -> SlotKey:
        return SlotKey(self.service_id, self.day, self.start)

    @property
    def starts_at(self) -> datetime:
        return local_datetime(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Booking:
    """A booked slot. Holds no personal data except an optional name the visitor typed."""

    code: str
    service_id: str
    day: date
    start: time
    minutes: int
    state: BookingState
    booked_at: datetime
    language: str = FALLBACK_LANGUAGE
    room: str = ""  # as it was when booked (printed on the slip)
    name: str = ""  # optional first name or initials for the staff list; never sent to the city
    via: Via = Via.ASSIGNED
    id: int | None = None
    ticket_id: int | None = None
    checked_in_at: datetime | None = None
    cancelled_at: datetime | None = None

    @property
    def key(self) -> SlotKey:
        return SlotKey(self.service_id, self.day, self.start)

    @property
    def starts_at(self) -> datetime:
        return local_datetime(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def holds_place(self, now: datetime) -> bool:
        """Whether the booking occupies a place in its slot at ``now``."""
        if self.state == BookingState.HELD:
            return now - self.booked_at < HOLD_TTL
        return self.state in (BookingState.BOOKED, BookingState.CHECKED_IN)


@dataclass(frozen=True)
class SlotOffer:
    """A slot with places left, as the visitor is offered it."""

    slot: Slot
    free: int
    assigned: bool  # the feed gave it to this kiosk: booked at once, no confirmation needed


class BookingError(DomainError):
    """A booking or check-in was refused; nothing was changed. Visitor-facing sentences."""


class SlotFull(BookingError):
    template = N_("Dieser Termin ist leider schon vergeben. Bitte wählen Sie eine andere Zeit.")


class SlotUnavailable(BookingError):
    template = N_("Diesen Termin kann man hier nicht buchen. Bitte wählen Sie eine andere Zeit.")


class BookingNotConfirmed(BookingError):
    template = N_(
        "Der Termin konnte gerade nicht bestätigt werden. "
        "Bitte wählen Sie eine andere Zeit oder fragen Sie am Empfang."
    )


class UnknownBooking(BookingError):
    template = N_(
        "Den Termin-Code {code} kennen wir nicht. Bitte prüfen Sie den Code oder fragen Sie am Empfang."
    )


class BookingNotCancellable(BookingError):
    """Staff cancel bookings (the console), so this one is German only."""

    template = staff_only("Der Termin {code} kann nicht mehr abgesagt werden: er ist {state}.")


# What the staff console and its errors call a booking's state (German only).
STATE_WORDS = {
    BookingState.HELD: staff_only("in Bestätigung"),
    BookingState.BOOKED: staff_only("gebucht"),
    BookingState.CHECKED_IN: staff_only("angemeldet"),
    BookingState.CANCELLED: staff_only("abgesagt"),
    BookingState.RELEASED: staff_only("nicht zustande gekommen"),
}


def slots_of(session: Session) -> list[Slot]:
    """The session's slots: from its start, ``minutes`` apart, each ending by the session's end."""
    plan = session.appointments
    if plan is None:
        return []
    moment = datetime.combine(session.day, session.start)
    end = datetime.combine(session.day, session.end)
    step = timedelta(minutes=plan.minutes)
    found = []
    while moment + step <= end:
        found.append(
            Slot(session.service_id, session.day, moment.time(), plan.minutes, session.room, session.id)
        )
        moment += step
    return found


def is_assigned(plan: SlotPlan, start: time) -> bool:
    return plan.kiosk_all or start in plan.kiosk


def taken_elsewhere(plan: SlotPlan, start: time, own_codes: Iterable[str] = ()) -> int:
    """Places of the slot the feed says are booked elsewhere, without this kiosk's own bookings."""
    own = set(own_codes)
    return sum(t.count for t in plan.taken if t.start == start and not (t.code and t.code in own))


def places_used(bookings: Iterable[Booking], now: datetime) -> Counter[SlotKey]:
    """This kiosk's bookings per slot that hold a place at ``now``."""
    return Counter(b.key for b in bookings if b.holds_place(now))


@dataclass(frozen=True)
class _Candidate:
    slot: Slot
    plan: SlotPlan


def _candidates(sessions: Iterable[Session], service_id: str | None = None) -> list[_Candidate]:
    return [
        _Candidate(slot, session.appointments)
        for session in sessions
        if session.appointments is not None and (service_id is None or session.service_id == service_id)
        for slot in slots_of(session)
    ]


def _offer(
    candidate: _Candidate, own: set[str], used: Counter[SlotKey], now: datetime, online: bool, lead: timedelta
) -> SlotOffer | None:
    """The candidate as an offer (free may be 0), or None if this kiosk may not book it now."""
    slot, plan = candidate.slot, candidate.plan
    if slot.starts_at < now + lead:
        return None
    assigned = is_assigned(plan, slot.start)
    if not assigned and not online:
        return None
    free = plan.capacity - taken_elsewhere(plan, slot.start, own) - used[slot.key]
    return SlotOffer(slot, max(free, 0), assigned)


def offers(
    sessions: Iterable[Session],
    bookings: Sequence[Booking],
    now: datetime,
    *,
    online: bool = False,
    service_id: str | None = None,
    days: int = BOOKING_DAYS,
    lead: timedelta = BOOKING_LEAD,
) -> list[SlotOffer]:
    """Slots with a free place this kiosk may book now, earliest first.

    ``online``: whether a server endpoint can confirm slots not assigned to
    this kiosk (config ``[sync] confirm_url``).
    """
    last_day = office_day(now) + timedelta(days=days)
    own = {b.code for b in bookings}
    used = places_used(bookings, now)
    found = []
    for candidate in _candidates(sessions, service_id):
        if candidate.slot.day > last_day:
            continue
        offer = _offer(candidate, own, used, now, online, lead)
        if offer is not None and offer.free > 0:
            found.append(offer)
    return sorted(found, key=lambda o: (o.slot.starts_at, o.slot.service_id))


def bookable(
    key: SlotKey,
    sessions: Iterable[Session],
    bookings: Sequence[Booking],
    now: datetime,
    *,
    online: bool = False,
    lead: timedelta = BOOKING_LEAD,
) -> SlotOffer:
    """The slot ``key`` if this kiosk may book a place in it now; SlotUnavailable or SlotFull."""
    found = next((c for c in _candidates(sessions, key.service_id) if c.slot.key == key), None)
    if found is None:
        raise SlotUnavailable()
    offer = _offer(found, {b.code for b in bookings}, places_used(bookings, now), now, online, lead)
    if offer is None:
        raise SlotUnavailable()
    if offer.free <= 0:
        raise SlotFull()
    return offer


def slot_for(booking: Booking, sessions: Iterable[Session]) -> tuple[Slot, Session] | None:
    """The slot of the plan a booking sits in (None: the plan no longer has it)."""
    for session in sessions:
        if session.service_id != booking.service_id or session.day != booking.day:
            continue
        for slot in slots_of(session):
            if slot.start == booking.start:
                return slot, session
    return None


class ConflictKind(enum.StrEnum):
    OVERBOOKED = "overbooked"  # the feed reports more places taken elsewhere than the slot has left
    SESSION_GONE = "session_gone"  # the plan no longer has the slot (session cancelled, moved, changed)


# Shown to staff beside a booking the plan contradicts (German only).
CONFLICT_WORDS = {
    ConflictKind.OVERBOOKED: staff_only(
        "überbucht: {here} hier und {elsewhere} anderswo gebucht, Plätze: {capacity}"
    ),
    ConflictKind.SESSION_GONE: staff_only("die Sprechstunde steht nicht mehr im Plan"),
}


@dataclass(frozen=True)
class Conflict:
    booking: Booking
    kind: ConflictKind
    capacity: int = 0
    elsewhere: int = 0
    here: int = 0

    def describe(self, translate: object = None) -> str:
        """One German phrase (or translated through ``translate``, a gettext function)."""
        template = CONFLICT_WORDS[self.kind]
        if callable(translate):
            template = translate(template)
        return template.format(here=self.here, elsewhere=self.elsewhere, capacity=self.capacity)


def conflicts(bookings: Sequence[Booking], sessions: Sequence[Session], now: datetime) -> list[Conflict]:
    """Today's and future bookings that the current plan contradicts, earliest first.

    Every booking of an overbooked slot is listed: staff decide whom to
    serve; the kiosk cannot tell which of two paper slips came first.
    """
    today = office_day(now)
    index = {c.slot.key: c.plan for c in _candidates(sessions)}
    own = {b.code for b in bookings}
    live = sorted(
        (b for b in bookings if b.state in (BookingState.BOOKED, BookingState.CHECKED_IN) and b.day >= today),
        key=lambda b: (b.starts_at, b.code),
    )
    here = Counter(b.key for b in live)
    found = []
    for booking in live:
        plan = index.get(booking.key)
        if plan is None:
            if booking.state == BookingState.BOOKED:
                found.append(Conflict(booking, ConflictKind.SESSION_GONE))
            continue
        elsewhere = taken_elsewhere(plan, booking.start, own)
        if here[booking.key] + elsewhere > plan.capacity:
            found.append(
                Conflict(booking, ConflictKind.OVERBOOKED, plan.capacity, elsewhere, here[booking.key])
            )
    return found


def clean_name(text: str) -> str:
    """The optional name as kept for the staff list: trimmed, single spaces, at most NAME_MAX characters."""
    return " ".join(text.split())[:NAME_MAX].strip()
