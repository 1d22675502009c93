"""The words of the appointment screens, worked out from a snapshot in one language.

Pure functions like :mod:`kiosk.ui.present`, whose day and time wording they
share, so an appointment reads like the "next on Thursday" rows it starts from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kiosk.core.appointments import Slot, SlotOffer
from kiosk.core.booking_code import display
from kiosk.core.checkin import CHECKIN_EARLY
from kiosk.core.errors import N_
from kiosk.core.timekeeping import office_day
from kiosk.i18n.formatting import clock_time
from kiosk.store.bookings import CheckedIn
from kiosk.ui.present import ServiceRow, Translation, day_name
from kiosk.ui.snapshot import Snapshot

# Translators: a day and a time of an appointment, e.g. "Freitag, 27. November um 09:30 Uhr".
WHEN = N_("{day} um {time} Uhr")
ROOM = N_("Raum {room}")
CODE = N_("Termin-Code: {code}")
COME_BACK = N_(
    "Bitte kommen Sie {when}. Scannen Sie dann Ihren Zettel hier am Kiosk, ab {minutes} Minuten vorher."
)


# Translators: added to a service on the "here today" list when appointments can be booked for it.
BOOKABLE = N_("Termin buchen möglich")


def with_booking_hint(row: ServiceRow, t: Translation) -> ServiceRow:
    """A "here today" row that also says an appointment can be booked (where booking starts)."""
    return replace(row, when=f"{row.when} · {t.gettext(BOOKABLE)}" if row.when else t.gettext(BOOKABLE))


@dataclass(frozen=True)
class SlotChoice:
    offer: SlotOffer
    label: str  # "09:30"


def service_offers(snapshot: Snapshot, service_id: str) -> list[SlotOffer]:
    return [o for o in snapshot.offers if o.slot.service_id == service_id]


def slot_days(
    snapshot: Snapshot, service_id: str, t: Translation, language: str
) -> list[tuple[str, list[SlotChoice]]]:
    """The free slots of a service per day: [("Freitag, 27. November", [09:00, 09:30, ...]), ...]."""
    today = office_day(snapshot.now)
    days: dict[date, list[SlotChoice]] = {}
    for offer in service_offers(snapshot, service_id):
        choice = SlotChoice(offer, clock_time(offer.slot.starts_at, language))
        days.setdefault(offer.slot.day, []).append(choice)
    return [(day_name(day, today, t, language), choices) for day, choices in sorted(days.items())]


def slot_when(slot: Slot, today: date, t: Translation, language: str) -> str:
    return t.gettext(WHEN).format(
        day=day_name(slot.day, today, t, language), time=clock_time(slot.starts_at, language)
    )


def slot_room(slot: Slot, t: Translation) -> str:
    return t.gettext(ROOM).format(room=slot.room) if slot.room else ""


def code_line(code: str, t: Translation) -> str:
    return t.gettext(CODE).format(code=display(code))


def come_back(slot: Slot, today: date, t: Translation, language: str) -> str:
    minutes = int(CHECKIN_EARLY.total_seconds() // 60)
    return t.gettext(COME_BACK).format(when=slot_when(slot, today, t, language), minutes=minutes)


def appointment_lines(arrived: CheckedIn, t: Translation, language: str) -> tuple[str, str, str]:
    """(headline, appointment line, wait line) of the ticket screen after a check-in."""
    at = arrived.booking.starts_at
    return (
        t.gettext("Willkommen! Ihre Nummer"),
        t.gettext("Ihr Termin: {time} Uhr. Sie werden zu Ihrer Zeit aufgerufen.").format(
            time=clock_time(at, language)
        ),
        "",
    )
