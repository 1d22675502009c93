"""When a visitor with an appointment may check in at the kiosk.

From an hour before the appointment until a quarter of an hour after it:
early enough for someone who came by bus and is nervous about the time,
late enough for a late bus; after that the slot is lost and the visitor
takes a normal number like everyone else (staff may still help). Call
next takes a checked-in appointment first from a few minutes before its
time (:data:`kiosk.core.queue.APPOINTMENT_EARLY`), so checking in early
does not let anyone jump the queue earlier than their time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.appointments import Booking, BookingError, BookingState, UnknownBooking
from kiosk.core.booking_code import display
from kiosk.core.errors import N_
from kiosk.core.timekeeping import office_day

CHECKIN_EARLY = timedelta(minutes=60)
CHECKIN_LATE = timedelta(minutes=15)


class CheckInRefused(BookingError):
    """The booking exists but cannot be checked in now."""


class CheckInTooEarly(CheckInRefused):
    template = N_("Ihr Termin ist um {time} Uhr. Bitte melden Sie sich ab {opens} Uhr hier an.")


class CheckInOtherDay(CheckInRefused):
    template = N_("Ihr Termin ist am {date} um {time} Uhr. Bitte kommen Sie an diesem Tag wieder.")


class CheckInTooLate(CheckInRefused):
    template = N_(
        "Ihr Termin um {time} Uhr ist leider vorbei. Bitte ziehen Sie eine Nummer oder fragen Sie am Empfang."
    )


class BookingWasCancelled(CheckInRefused):
    template = N_("Dieser Termin wurde abgesagt. Bitte fragen Sie am Empfang.")


class SessionGone(CheckInRefused):
    template = N_("Zu Ihrem Termin findet die Sprechstunde leider nicht statt. Bitte fragen Sie am Empfang.")


def check_in_window(booking: Booking, now: datetime) -> None:
    """Raise why ``booking`` cannot be checked in at ``now``; return if it can.

    A booking already checked in is the caller's to handle (show its ticket
    again: a second scan must not make a second ticket).
    """
    if booking.state in (BookingState.CANCELLED, BookingState.RELEASED):
        raise BookingWasCancelled()
    if booking.state == BookingState.HELD:  # never confirmed, so never printed
        raise UnknownBooking(code=display(booking.code))
    starts = booking.starts_at
    if now < starts - CHECKIN_EARLY:
        if booking.day != office_day(now):
            raise CheckInOtherDay(date=booking.day, time=starts)
        raise CheckInTooEarly(time=starts, opens=starts - CHECKIN_EARLY)
    if now > starts + CHECKIN_LATE:
        raise CheckInTooLate(time=starts)
