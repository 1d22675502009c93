"""Slot rules: capacity, who may book what, and what counts as a conflict."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from kiosk.core.appointments import (
    BOOKING_DAYS,
    HOLD_TTL,
    Booking,
    BookingState,
    ConflictKind,
    SlotFull,
    SlotKey,
    SlotUnavailable,
    bookable,
    clean_name,
    conflicts,
    offers,
    slots_of,
)
from kiosk.core.model import Session, SlotPlan, Taken
from tests.conftest import THURSDAY, berlin

FRIDAY = THURSDAY + timedelta(days=1)
NOW = berlin(THURSDAY, 10)


def pension(day: date = FRIDAY, **plan) -> Session:
    """Pensions on Friday 9–11: 30-minute slots, two places each; 9:00 and 9:30 are the kiosk's."""
    settings = {"minutes": 30, "capacity": 2, "kiosk": frozenset({time(9), time(9, 30)}), **plan}
    return Session("rente", day, time(9), time(11), "3", ("de",), f"rente@{day}", SlotPlan(**settings))


def booking(start: time, code: str, day: date = FRIDAY, state=BookingState.BOOKED, **extra) -> Booking:
    return Booking(code, "rente", day, start, 30, state, NOW - timedelta(minutes=1), **extra)


def test_slots_run_from_the_start_in_steps_and_end_by_the_session_end():
    session = replace(pension(), end=time(10, 50))
    assert [s.start for s in slots_of(session)] == [time(9), time(9, 30), time(10)]
    assert all(s.room == "3" and s.minutes == 30 for s in slots_of(session))
    assert slots_of(replace(session, appointments=None)) == []


def test_only_the_kiosks_slots_are_offered_offline_and_all_free_ones_online():
    offline = offers([pension()], [], NOW)
    assert [(o.slot.start, o.free, o.assigned) for o in offline] == [
        (time(9), 2, True),
        (time(9, 30), 2, True),
    ]
    online = offers([pension()], [], NOW, online=True)
    assert [o.slot.start for o in online] == [time(9), time(9, 30), time(10), time(10, 30)]
    assert [o.assigned for o in online] == [True, True, False, False]
    every = offers([pension(kiosk=frozenset(), kiosk_all=True)], [], NOW)
    assert len(every) == 4


def test_capacity_counts_bookings_here_and_places_taken_elsewhere():
    session = pension(taken=(Taken(time(9), 1), Taken(time(9, 30), 2)))
    assert [(o.slot.start, o.free) for o in offers([session], [], NOW)] == [(time(9), 1)]
    full = [booking(time(9), "AAAA")]
    assert offers([session], full, NOW) == []
    with pytest.raises(SlotFull):
        bookable(SlotKey("rente", FRIDAY, time(9)), [session], full, NOW)
    with pytest.raises(SlotFull):
        bookable(SlotKey("rente", FRIDAY, time(9, 30)), [session], [], NOW)


def test_the_kiosks_own_bookings_coming_back_in_the_feed_count_once():
    session = pension(taken=(Taken(time(9), 1, code="MINE0001"),))
    mine = [booking(time(9), "MINE0001")]
    assert next((o.slot.start, o.free) for o in offers([session], mine, NOW)) == (time(9), 1)


def test_cancelled_released_and_stale_holds_free_their_place():
    session = pension(capacity=1)
    key = SlotKey("rente", FRIDAY, time(9))
    for state in (BookingState.CANCELLED, BookingState.RELEASED):
        assert bookable(key, [session], [booking(time(9), "X", state=state)], NOW).free == 1
    hold = booking(time(9), "H", state=BookingState.HELD)
    with pytest.raises(SlotFull):
        bookable(key, [session], [hold], NOW)
    assert bookable(key, [session], [hold], hold.booked_at + HOLD_TTL).free == 1


def test_what_may_not_be_booked():
    session = pension()
    with pytest.raises(SlotUnavailable):  # not the kiosk's, and no server to confirm
        bookable(SlotKey("rente", FRIDAY, time(10)), [session], [], NOW)
    with pytest.raises(SlotUnavailable):  # not on the slot grid
        bookable(SlotKey("rente", FRIDAY, time(9, 15)), [session], [], NOW, online=True)
    today = pension(THURSDAY)
    with pytest.raises(SlotUnavailable):  # already begun (and too soon anyway)
        bookable(SlotKey("rente", THURSDAY, time(9, 30)), [today], [], NOW)
    late = berlin(THURSDAY, 8, 45)
    with pytest.raises(SlotUnavailable):  # 15 minutes from now: that is what a ticket is for
        bookable(SlotKey("rente", THURSDAY, time(9)), [today], [], late)
    assert bookable(SlotKey("rente", THURSDAY, time(9, 30)), [today], [], late).free == 2


def test_offers_reach_four_weeks_ahead_and_no_further():
    far = THURSDAY + timedelta(days=BOOKING_DAYS)  # the last day offered
    sessions = [pension(FRIDAY), pension(far), pension(far + timedelta(days=7))]
    assert sorted({o.slot.day for o in offers(sessions, [], NOW)}) == [FRIDAY, far]


def test_a_booking_whose_slot_is_taken_elsewhere_beyond_capacity_is_a_conflict():
    session = pension(capacity=1, taken=(Taken(time(9), 1),))  # the agency booked the kiosk's slot by phone
    mine = booking(time(9), "MINE0001")
    (found,) = conflicts([mine], [session], NOW)
    assert found.kind == ConflictKind.OVERBOOKED
    assert (found.here, found.elsewhere, found.capacity) == (1, 1, 1)
    assert found.describe() == "überbucht: 1 hier und 1 anderswo gebucht, Plätze: 1"
    assert conflicts([mine], [pension(capacity=2, taken=(Taken(time(9), 1),))], NOW) == []


def test_a_booking_whose_session_left_the_plan_is_a_conflict_until_it_is_over():
    mine = booking(time(9), "MINE0001")
    moved = replace(pension(), start=time(13), end=time(15))
    (found,) = conflicts([mine], [moved], NOW)
    assert found.kind == ConflictKind.SESSION_GONE
    assert conflicts([replace(mine, state=BookingState.CANCELLED)], [moved], NOW) == []
    assert conflicts([mine], [moved], berlin(FRIDAY + timedelta(days=1), 9)) == []


def test_the_optional_name_is_trimmed_and_short():
    assert clean_name("  Ay  ") == "Ay"
    assert clean_name("Anna   Maria") == "Anna Maria"
    assert len(clean_name("x" * 50)) == 20
