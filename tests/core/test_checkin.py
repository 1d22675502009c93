"""Check-in: from an hour before the appointment until a quarter of an hour after it."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from kiosk.core.appointments import Booking, BookingState, UnknownBooking
from kiosk.core.checkin import (
    BookingWasCancelled,
    CheckInOtherDay,
    CheckInTooEarly,
    CheckInTooLate,
    check_in_window,
)
from tests.conftest import THURSDAY, berlin


def at_ten_thirty(state: BookingState = BookingState.BOOKED) -> Booking:
    return Booking("K7P4MX3R", "rente", THURSDAY, time(10, 30), 30, state, berlin(THURSDAY, 8))


@pytest.mark.parametrize("hour,minute", [(9, 30), (10, 0), (10, 30), (10, 45)])
def test_inside_the_window_it_is_allowed(hour, minute):
    check_in_window(at_ten_thirty(), berlin(THURSDAY, hour, minute))


def test_too_early_says_from_when():
    with pytest.raises(CheckInTooEarly) as refused:
        check_in_window(at_ten_thirty(), berlin(THURSDAY, 9, 29))
    assert str(refused.value) == "Ihr Termin ist um 10:30 Uhr. Bitte melden Sie sich ab 09:30 Uhr hier an."


def test_another_day_names_the_day():
    with pytest.raises(CheckInOtherDay) as refused:
        check_in_window(at_ten_thirty(), berlin(THURSDAY - timedelta(days=1), 10, 30))
    assert "am 26.11.2026 um 10:30 Uhr" in str(refused.value)


def test_too_late_sends_to_a_normal_number():
    with pytest.raises(CheckInTooLate):
        check_in_window(at_ten_thirty(), berlin(THURSDAY, 10, 46))
    with pytest.raises(CheckInTooLate):
        check_in_window(at_ten_thirty(), berlin(THURSDAY + timedelta(days=1), 10, 0))


def test_cancelled_and_unconfirmed_bookings_do_not_check_in():
    for state in (BookingState.CANCELLED, BookingState.RELEASED):
        with pytest.raises(BookingWasCancelled):
            check_in_window(at_ten_thirty(state), berlin(THURSDAY, 10))
    with pytest.raises(UnknownBooking):
        check_in_window(at_ten_thirty(BookingState.HELD), berlin(THURSDAY, 10))


def test_a_refusal_writes_the_date_and_time_as_the_visitors_language_does():
    from kiosk.i18n import translator

    with pytest.raises(CheckInOtherDay) as refused:
        check_in_window(at_ten_thirty(), berlin(THURSDAY - timedelta(days=1), 10, 30))
    arabic = refused.value.render(translator("ar"), "ar")
    assert "26\u200f/11\u200f/2026" in arabic and "10:30" in arabic  # Western digits, Arabic order
    assert "am 26.11.2026 um 10:30 Uhr" in str(refused.value)  # German for the log and the staff
