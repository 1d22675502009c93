"""The appointment slip: the second slip layout, built from the same blocks as the ticket.

What the visitor carries home: which service, which day, what time, which
room, the booking code, and a QR code that puts the appointment into the
phone's calendar (:mod:`kiosk.printing.vevent`) and that the kiosk's scanner
reads back at check-in. Text is in the visitor's language and in German,
as on the ticket, for the helper who reads the slip with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.booking_code import display
from kiosk.core.checkin import CHECKIN_EARLY
from kiosk.core.errors import N_
from kiosk.core.model import Service
from kiosk.core.timekeeping import to_local
from kiosk.i18n import Translate
from kiosk.i18n.formatting import bare_time, clock_time, numeric_date, weekday
from kiosk.printing.slip import Block, Gap, Line, QrCode, Rule, Size, Slip, _both

# The QR code takes the paper's width: it holds a few hundred bytes, and on
# 58 mm paper (384 dots) that is what keeps a module at 4 dots (0.5 mm),
# large enough for a phone held at arm's length.
QR_SHARE = 0.95

# Translators: heading of the printed appointment slip.
HEADING = N_("Ihr Termin")
DATE_LINE = N_("{weekday}, {date}")
ROOM_LINE = N_("Raum {room}")
CODE_LABEL = N_("Termin-Code")
# Translators: the text of the calendar entry the QR code adds on a phone; {code} is the booking code.
CALENDAR_CODE = N_("Termin-Code {code}")
ADD_TO_CALENDAR = N_("Mit der Handy-Kamera scannen: der Termin kommt in Ihren Kalender.")
CHECK_IN = N_("Am Tag des Termins: diesen Zettel hier am Kiosk scannen, ab {minutes} Minuten vorher.")
BOOKED_AT = N_("Gebucht am {date} um {time} Uhr")


@dataclass(frozen=True)
class AppointmentSlipData:
    """Everything the appointment slip shows; no personal data (the optional name is not printed)."""

    office_name: str
    address: str
    code: str  # canonical booking code
    language: str
    service: Service
    starts_at: datetime
    minutes: int
    booked_at: datetime
    room: str = ""


def calendar_text(data: AppointmentSlipData, _: Translate) -> str:
    """The QR code's content: the appointment as a VCALENDAR with one VEVENT."""
    room = _(ROOM_LINE).format(room=data.room) if data.room else ""
    location = ", ".join(part for part in (room, data.address or data.office_name) if part)
    from kiosk.printing.vevent import appointment_event  # icalendar: 0.1 s to import, only for slips

    return appointment_event(
        code=data.code,
        summary=data.service.name(data.language),
        location=location,
        starts_at=data.starts_at,
        ends_at=data.starts_at + timedelta(minutes=data.minutes),
        stamp=data.booked_at,
        description=_(CALENDAR_CODE).format(code=display(data.code)),
    )


def build_appointment_slip(data: AppointmentSlipData, _: Translate) -> Slip:
    """The appointment slip's blocks, in the visitor's language and German."""
    lang = data.language
    day, booked = to_local(data.starts_at).date(), to_local(data.booked_at)

    def booked_on(language: str) -> dict[str, str]:
        return {"date": numeric_date(booked.date(), language), "time": clock_time(booked, language)}

    def on_day(language: str) -> dict[str, str]:
        return {"weekday": weekday(day, language), "date": numeric_date(day, language)}

    minutes = int(CHECKIN_EARLY.total_seconds() // 60)
    blocks: list[Block] = [Line(data.office_name, Size.NORMAL, True)]
    blocks += _both(_(HEADING), HEADING, Size.LARGE, True, lang)
    blocks.append(Rule())
    blocks += _both(data.service.name(lang), data.service.name("de"), Size.LARGE, True, lang)
    visitor_day = _(DATE_LINE).format(**on_day(lang))
    blocks += _both(visitor_day, DATE_LINE.format(**on_day("de")), Size.LARGE, True, lang)
    # The time alone, huge: 24-hour digits read the same in every language ("Uhr" would wrap on 58 mm).
    blocks.append(Line(bare_time(data.starts_at), Size.HUGE, True))
    if data.room:
        room = ROOM_LINE.format(room=data.room)
        blocks += _both(_(ROOM_LINE).format(room=data.room), room, Size.LARGE, True, lang)
    blocks += [Rule(), *_both(_(CODE_LABEL), CODE_LABEL, Size.SMALL, False, lang)]
    blocks.append(Line(display(data.code), Size.LARGE, True))
    blocks.append(QrCode(calendar_text(data, _), share=QR_SHARE))
    blocks += _both(_(ADD_TO_CALENDAR), ADD_TO_CALENDAR, Size.SMALL, False, lang)
    blocks.append(Gap())
    check_in = _(CHECK_IN).format(minutes=minutes)
    blocks += _both(check_in, CHECK_IN.format(minutes=minutes), Size.NORMAL, True, lang)
    blocks.append(Gap())
    visitor_booked = _(BOOKED_AT).format(**booked_on(lang))
    blocks += _both(visitor_booked, BOOKED_AT.format(**booked_on("de")), Size.SMALL, False, lang)
    return Slip(display(data.code), lang, tuple(blocks))
