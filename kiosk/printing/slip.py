"""What a ticket slip says, as a list of blocks that any renderer can draw.

The layout is decided once, here, in words; :mod:`kiosk.printing.escpos_render`
turns it into printer commands and :mod:`kiosk.printing.png_render` into an
image. Neither knows what a ticket is. Text for the visitor goes through the
visitor's gettext function and is followed by the German text whenever the
two differ, so staff, helpers and signs in the building can read it too.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.errors import N_
from kiosk.core.model import Office, Service, Ticket, WaitEstimate, localized
from kiosk.core.timekeeping import to_local
from kiosk.i18n import Translate, wait_text
from kiosk.i18n.formatting import clock_time, number, numeric_date

# Placeholders a city may use in [printer] qr_url.
QR_FIELDS = ("office", "code", "day", "token", "service", "lang")


class Size(enum.Enum):
    SMALL = "small"
    NORMAL = "normal"
    LARGE = "large"
    HUGE = "huge"  # the ticket code, readable at arm's length


@dataclass(frozen=True)
class Line:
    """A paragraph, centred, wrapped to the paper's width by the renderer."""

    text: str
    size: Size = Size.NORMAL
    bold: bool = False
    # Shaping rules (Persian digits, Turkish i). The direction comes from the
    # text itself: an Arabic line whose catalog is missing is German, and LTR.
    language: str = "de"


@dataclass(frozen=True)
class QrCode:
    content: str
    share: float | None = None  # of the paper's width; None: the ticket's default


@dataclass(frozen=True)
class Rule:
    """A thin horizontal line between sections."""


@dataclass(frozen=True)
class Gap:
    """Some empty paper."""


Block = Line | QrCode | Rule | Gap


@dataclass(frozen=True)
class Slip:
    code: str
    language: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class SlipData:
    """Everything a slip shows, already looked up; no personal data."""

    office_name: str
    issued_at: datetime
    code: str
    language: str
    service: Service
    room: str = ""
    estimate: WaitEstimate | None = None
    qr: str = ""
    reprint: bool = False
    test: bool = False
    appointment_at: datetime | None = None  # a checked-in appointment: its time instead of the wait


def qr_content(template: str, office: Office | None, ticket: Ticket, service_id: str) -> str:
    """The QR code's text: the city's URL template filled in, else the office's info.

    Without a template the code carries the office's contact text in the
    visitor's language (German as fallback), else its name and address.
    """
    if template:
        return template.format(
            office=office.id if office else "",
            code=ticket.code,
            day=ticket.day.isoformat(),
            token=ticket.token,
            service=service_id,
            lang=ticket.language,
        )
    if office is None:
        return ""
    return localized(office.info, ticket.language) or " · ".join(
        p for p in (office.name, office.address) if p
    )


def check_qr_template(template: str) -> str:
    """Raise ValueError naming an unknown placeholder in a QR URL template."""
    try:
        template.format(**dict.fromkeys(QR_FIELDS, "x"))
    except KeyError as error:
        raise ValueError(f"unknown placeholder {{{error.args[0]}}}; known: {', '.join(QR_FIELDS)}") from None
    except (IndexError, ValueError) as error:
        raise ValueError(f"not a valid template ({error})") from None
    return template


def _both(visitor: str, german: str, size: Size, bold: bool, language: str) -> list[Block]:
    """The visitor's text, then the German one if it reads differently."""
    lines: list[Block] = [Line(visitor, size, bold, language)]
    if german != visitor:
        lines.append(Line(german, Size.NORMAL if size is not Size.SMALL else size, False, "de"))
    return lines


def _wait_line(estimate: WaitEstimate, _: Translate) -> str:
    if not estimate.known:
        return wait_text(estimate, _)  # "Wartezeit unbekannt" says it all
    return _(N_("Wartezeit: {wait}")).format(wait=wait_text(estimate, _))


def _issued_line(moment: datetime, language: str) -> str:
    """When the ticket was taken, as the visitor's language writes a date ("26.11.2026 · 09:05").

    One line for visitor and staff alike: Western digits (kiosk.i18n.formatting)
    keep it readable for both.
    """
    local = to_local(moment)
    return f"{numeric_date(local.date(), language)} · {clock_time(local, language)}"


def build_slip(data: SlipData, _: Translate) -> Slip:
    """The slip's blocks for one ticket, in the visitor's language and German."""
    lang = data.language
    blocks: list[Block] = [
        Line(data.office_name, Size.NORMAL, True),
        Line(_issued_line(data.issued_at, lang), Size.SMALL, False, lang),
    ]
    if data.test:
        blocks += _both(_(TEST_LINE), TEST_LINE, Size.NORMAL, True, lang)
    if data.reprint:
        blocks += _both(_(REPRINT_LINE), REPRINT_LINE, Size.SMALL, False, lang)
    blocks += [Rule(), Line(data.code, Size.HUGE, True)]
    blocks += _both(data.service.name(lang), data.service.name("de"), Size.LARGE, True, lang)
    if data.room:
        room = N_("Raum {room}")
        blocks += _both(_(room).format(room=data.room), room.format(room=data.room), Size.NORMAL, True, lang)
    if data.appointment_at is not None:
        when = N_("Ihr Termin: {time} Uhr")
        visitor = _(when).format(time=clock_time(data.appointment_at, lang))
        german = when.format(time=clock_time(data.appointment_at, "de"))
        blocks += [Gap(), *_both(visitor, german, Size.NORMAL, True, lang)]
    elif data.estimate is not None:
        # Translators: on the printed slip: how many people wait before this visitor.
        ahead = N_("Vor Ihnen: {count}")
        blocks += [
            Gap(),
            Line(_(ahead).format(count=number(data.estimate.people_ahead, lang)), Size.NORMAL, False, lang),
            Line(_wait_line(data.estimate, _), Size.NORMAL, False, lang),
        ]
    blocks.append(Rule())
    if data.qr:
        blocks.append(QrCode(data.qr))
    blocks += _both(_(PLEASE_WAIT), PLEASE_WAIT, Size.NORMAL, False, lang)
    return Slip(data.code, lang, tuple(blocks))


PLEASE_WAIT = N_("Bitte warten Sie, bis Ihre Nummer aufgerufen wird.")
REPRINT_LINE = N_("Nachdruck")
TEST_LINE = N_("Testdruck – keine gültige Nummer")
