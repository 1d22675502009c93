"""From a ticket in the store to the slip that shows it (and to its PNG preview).

This is where printing reads the office database: the ticket, its service,
the room of its session, the office's name and info for the QR code.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from kiosk.config import PrinterConfig
from kiosk.core.appointments import Booking
from kiosk.core.errors import DomainError
from kiosk.core.model import Service, Ticket, TicketState
from kiosk.core.schedule import session_for_ticket
from kiosk.i18n import Translate, translator
from kiosk.printing.appointment_slip import AppointmentSlipData, build_appointment_slip
from kiosk.printing.errors import PrinterProblem
from kiosk.printing.paper import paper_for
from kiosk.printing.png_render import PngRenderer
from kiosk.printing.slip import Slip, SlipData, build_slip, qr_content
from kiosk.printing.transports import TransportError
from kiosk.printing.transports.preview import PreviewTransport
from kiosk.store import Store
from kiosk.store.bookings import booking_by_id
from kiosk.store.queue import ticket_by_id
from kiosk.store.schedule import load_office, load_services, load_sessions

SAMPLE_CODE = "T-000"  # numbers start at 1, so no real ticket ever reads like this


def _service(store: Store, service_id: str) -> Service:
    found = next((s for s in load_services(store) if s.id == service_id), None)
    # A new feed may have dropped the service since; the slip still needs a name.
    return found or Service(service_id, {"de": service_id}, "?")


def _room(store: Store, service: Service, ticket: Ticket) -> str:
    sessions = load_sessions(store, ticket.day, ticket.day)
    if ticket.appointment_at is not None:  # checked in early: the session of the appointment
        held = [s for s in sessions if s.service_id == service.id and s.starts_at <= ticket.appointment_at]
        return max(held, key=lambda s: s.starts_at).room if held else ""
    try:
        return session_for_ticket(service, sessions, ticket.issued_at).room
    except DomainError:
        return ""


def slip_data(store: Store, ticket: Ticket, config: PrinterConfig, *, reprint: bool = False) -> SlipData:
    office = load_office(store)
    service = _service(store, ticket.service_id)
    return SlipData(
        office_name=office.name if office else "",
        issued_at=ticket.issued_at,
        code=ticket.code,
        language=ticket.language,
        service=service,
        room=_room(store, service, ticket),
        estimate=ticket.estimate,
        qr=qr_content(config.qr_url, office, ticket, service.id),
        reprint=reprint,
        appointment_at=ticket.appointment_at,
    )


def ticket_slip(
    store: Store,
    ticket: Ticket,
    config: PrinterConfig,
    *,
    language: str | None = None,
    reprint: bool = False,
    translate: Translate | None = None,
) -> Slip:
    """The slip of a stored ticket, in its visitor's language unless told otherwise."""
    data = slip_data(store, ticket, config, reprint=reprint)
    if language is not None:
        data = replace(data, language=language)
    return build_slip(data, translate or translator(data.language))


def sample_slip(store: Store | None, config: PrinterConfig, language: str, now: datetime) -> Slip:
    """A test slip with the office's name and first service, marked as no valid number."""
    office = load_office(store) if store else None
    services = load_services(store) if store else []
    service = services[0] if services else Service("beratung", {"de": "Beratung"}, "T")
    sample = Ticket(
        day=now.date(),
        service_id=service.id,
        number=0,
        code=SAMPLE_CODE,
        state=TicketState.WAITING,
        issued_at=now,
        language=language,
        token="test",
    )
    data = SlipData(
        office_name=office.name if office else "Quartierskiosk",
        issued_at=now,
        code=SAMPLE_CODE,
        language=language,
        service=service,
        room="1",
        estimate=None,
        qr=qr_content(config.qr_url, office, sample, service.id),
        test=True,
    )
    return build_slip(data, translator(language))


def save_png(config: PrinterConfig, label: str, png: bytes) -> Path:
    """Write a slip picture to the preview folder; returns its path."""
    folder = PreviewTransport(config.preview.folder, config.preview.keep)
    folder.label = label
    try:
        folder.open()
        folder.write(png)
    except TransportError as error:
        raise PrinterProblem(detail=error.status.detail) from None
    return folder.path_for(label)


def slip_label(ticket: Ticket, language: str, job_id: int | None = None) -> str:
    job = f"-job{job_id}" if job_id else ""
    return f"{ticket.day.isoformat()}-{ticket.code}-{language}{job}"


def render_preview(store: Store, ticket_id: int, config: PrinterConfig, language: str) -> Path:
    """The slip of a ticket as a PNG file in the preview folder; returns its path.

    Does disk I/O (and the first call loads fonts): call it off the UI thread.
    Raises UnknownTicket for a ticket id that is not there.
    """
    ticket = ticket_by_id(store, ticket_id)
    slip = ticket_slip(store, ticket, config, language=language)
    png = PngRenderer(paper_for(config)).render(slip)
    return save_png(config, slip_label(ticket, language), png)


def booking_slip(
    store: Store, booking: Booking, *, language: str | None = None, translate: Translate | None = None
) -> Slip:
    """The appointment slip of a stored booking, in its visitor's language unless told otherwise."""
    office = load_office(store)
    language = language or booking.language
    data = AppointmentSlipData(
        office_name=office.name if office else "",
        address=office.address if office else "",
        code=booking.code,
        language=language,
        service=_service(store, booking.service_id),
        starts_at=booking.starts_at,
        minutes=booking.minutes,
        booked_at=booking.booked_at,
        room=booking.room,
    )
    return build_appointment_slip(data, translate or translator(language))


def booking_label(booking: Booking, language: str, job_id: int | None = None) -> str:
    job = f"-job{job_id}" if job_id else ""
    return f"termin-{booking.day.isoformat()}-{booking.code}-{language}{job}"


def render_booking_preview(store: Store, booking_id: int, config: PrinterConfig, language: str) -> Path:
    """The appointment slip as a PNG in the preview folder (off the UI thread); UnknownBooking if gone."""
    booking = booking_by_id(store, booking_id)
    png = PngRenderer(paper_for(config)).render(booking_slip(store, booking, language=language))
    return save_png(config, booking_label(booking, language), png)
