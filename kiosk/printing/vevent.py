"""The appointment as an iCalendar event, small enough for a QR code on 58 mm paper.

A phone's camera (iOS, Android through Google Lens/ZXing) offers "add to
calendar" for a QR code holding ``BEGIN:VCALENDAR`` … ``BEGIN:VEVENT`` with
DTSTART, DTEND and SUMMARY. Times are written in UTC (``…Z``), which every
calendar converts to the phone's zone, so no VTIMEZONE block (half a
kilobyte) is needed. Every byte makes the code denser: the text carries
only what a calendar shows (service, place, code), and the UID holds the
booking code, which is also what the kiosk's scanner reads back at check-in
(:func:`kiosk.core.booking_code.find_codes`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from kiosk.core.booking_code import display

PRODID = "-//Quartierskiosk//DE"
UID_DOMAIN = "quartierskiosk"


def appointment_event(
    *,
    code: str,
    summary: str,
    location: str,
    starts_at: datetime,
    ends_at: datetime,
    stamp: datetime,
    description: str = "",
) -> str:
    """The VCALENDAR text (CRLF lines, folded at 75 octets as RFC 5545 asks)."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    event = Event()
    event.add("uid", f"{code}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("description", description or display(code))
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
