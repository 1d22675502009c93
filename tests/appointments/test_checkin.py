"""Check-in turns a booking into an "appointment" ticket that call next takes first within its time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.core.appointments import BookingState, UnknownBooking
from kiosk.core.booking_code import display
from kiosk.core.checkin import CheckInOtherDay, CheckInTooEarly, SessionGone
from kiosk.store import queue as ops
from kiosk.store.bookings import check_in, find_booking, reserve
from kiosk.store.printjobs import jobs_for_ticket
from kiosk.store.schedule import replace_schedule
from kiosk.sync.load import FeedSettings, build_schedule
from tests.appointments.plan import FRIDAY, debt, pension, plan_document
from tests.conftest import THURSDAY, berlin
from tests.sync.feeds import feed_bytes


def test_checking_in_gives_a_ticket_marked_as_appointment(office, clock):
    booking = reserve(office, debt(11), "uk").booking
    clock.set(berlin(THURSDAY, 10, 15))
    arrived = check_in(office, f"  {display(booking.code).lower()} ", print_slip=True)
    ticket = arrived.issued.ticket
    assert not arrived.again and ticket.service_id == "schulden" and ticket.code.startswith("S-")
    assert ticket.appointment_at == booking.starts_at and ticket.language == "uk"
    assert arrived.issued.session.room == "2" and arrived.issued.print_job_id is not None
    stored = find_booking(office, booking.code)
    assert stored.state == BookingState.CHECKED_IN and stored.ticket_id == ticket.id


def test_a_second_scan_shows_the_same_ticket_and_prints_nothing(office, clock):
    booking = reserve(office, debt(11), "de").booking
    clock.set(berlin(THURSDAY, 10, 30))
    first = check_in(office, booking.code, print_slip=True)
    clock.advance(seconds=2)
    second = check_in(office, booking.code, print_slip=True)
    assert second.again and second.issued.ticket.code == first.issued.ticket.code
    assert len(jobs_for_ticket(office, first.issued.ticket.id)) == 1
    assert len([t for t in ops.tickets_of_day(office, THURSDAY) if t.appointment_at]) == 1


def test_what_cannot_be_checked_in_says_why(office, clock):
    with pytest.raises(UnknownBooking, match="Den Termin-Code XXXX kennen wir nicht"):
        check_in(office, "xxxx")
    friday = reserve(office, pension(9, 30), "de").booking
    with pytest.raises(CheckInOtherDay, match=r"am 27\.11\.2026 um 09:30 Uhr"):
        check_in(office, friday.code)
    clock.set(berlin(FRIDAY, 8, 29))
    with pytest.raises(CheckInTooEarly, match="ab 08:30 Uhr"):
        check_in(office, friday.code)


def test_a_booking_whose_session_moved_away_is_not_checked_in(office, clock):
    booking = reserve(office, pension(9, 30), "de").booking
    document = plan_document()
    entry = next(s for s in document["offices"][0]["sessions"] if s["id"] == "rente-einmal")
    entry["date"] = (FRIDAY + timedelta(days=3)).isoformat()  # the agency moved Friday to Monday
    settings = FeedSettings("test-office")
    replace_schedule(office, build_schedule(feed_bytes(document), settings, THURSDAY).schedule)
    clock.set(berlin(FRIDAY, 9, 20))
    with pytest.raises(SessionGone):
        check_in(office, booking.code)


def test_call_next_takes_a_checked_in_appointment_first_once_its_time_has_come(office, clock):
    booking = reserve(office, debt(11), "de").booking
    clock.set(berlin(THURSDAY, 10, 30))
    walk_ins = [ops.issue_ticket(office, "schulden").ticket for _ in range(3)]
    clock.advance(minutes=5)
    appointment = check_in(office, booking.code).issued.ticket  # 10:35, for 11:00
    assert ops.call_next(office, 2).code == walk_ins[0].code  # 10:35: not its time yet
    ops.finish(office, 2)
    clock.set(berlin(THURSDAY, 10, 50))  # ten minutes before: its time has come
    assert ops.call_next(office, 2).code == appointment.code
    ops.finish(office, 2)
    assert ops.call_next(office, 2).code == walk_ins[1].code
