"""The appointment slip: read back like a phone's camera and a printer would."""

from __future__ import annotations

import io
import queue
import shutil
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PIL import Image

from kiosk.config import PrinterConfig
from kiosk.core.booking_code import display, find_codes
from kiosk.printing import PrintOutcome, make_printer
from kiosk.printing.appointment_slip import QR_SHARE
from kiosk.printing.content import booking_slip
from kiosk.printing.escpos_render import EscposRenderer
from kiosk.printing.paper import paper_for
from kiosk.printing.png_render import PngRenderer
from kiosk.printing.raster import qr_matrix
from kiosk.printing.slip import Line, QrCode, Size
from kiosk.printing.worker import PrintWorker
from kiosk.store.bookings import reserve
from kiosk.store.schedule import load_office
from tests.appointments.plan import pension
from tests.printing.conftest import decode_qr
from tests.printing.escpos_reader import read

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
ARABIC = {"Rentenversicherung": "التأمين التقاعدي"}


@pytest.fixture
def booking(office):
    office.db.execute(
        "UPDATE services SET names = ? WHERE id = 'rente'",
        ['{"de": "Rentenversicherung", "ar": "التأمين التقاعدي"}'],
    )
    office.db.execute("UPDATE office SET address = 'Teststraße 1, 44145 Dortmund'")
    office.db.conn.commit()
    return reserve(office, pension(9, 30), "ar").booking


def calendar_of(content: bytes):
    calendar = Calendar.from_ical(content.decode("utf-8"))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_qr_on_the_slip_is_a_calendar_event_a_phone_can_add(
    office, booking, tmp_path, paper_mm, language
):
    config = PrinterConfig(paper_mm=paper_mm)
    slip = booking_slip(office, booking, language=language)
    png = PngRenderer(paper_for(config)).render(slip)
    path = tmp_path / f"slip-{language}-{paper_mm}.png"
    path.write_bytes(png)
    (content,) = decode_qr(path, tmp_path)  # zbarimg, as a camera reads it
    assert content.startswith(b"BEGIN:VCALENDAR\r\n") and b"BEGIN:VEVENT" in content
    calendar, event = calendar_of(content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert event.decoded("DTSTART") == booking.starts_at.astimezone(UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert event.decoded("DTSTART").tzinfo is not None  # UTC, so every phone shows Berlin time right
    assert str(event["SUMMARY"]) == ("التأمين التقاعدي" if language == "ar" else "Rentenversicherung")
    room = "الغرفة 3" if language == "ar" else "Raum 3"  # the visitor's language, as on the slip
    assert room in str(event["LOCATION"]) and "Teststraße 1, 44145 Dortmund" in str(event["LOCATION"])
    assert str(event["UID"]).startswith(booking.code) and event["DTSTAMP"]
    assert display(booking.code) in str(event["DESCRIPTION"])
    assert find_codes(content.decode("utf-8")) == [booking.code]  # what the kiosk's scanner reads back
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"appointment-slip-{language}-{paper_mm}mm.png")


def test_the_qr_stays_coarse_enough_for_a_phone_on_58mm_paper(office, booking):
    slip = booking_slip(office, booking)
    (qr,) = [b for b in slip.blocks if isinstance(b, QrCode)]
    assert len(qr.content.encode()) <= 360  # a few hundred bytes: QR version 14 at most (level M)
    modules = len(qr_matrix(qr.content))
    dots = int(paper_for(PrinterConfig(paper_mm=58)).dots * QR_SHARE) // modules
    assert dots >= 4  # 0.5 mm per module at 203 dpi


def test_the_slip_says_service_day_time_room_and_code_in_both_languages(office, booking):
    slip = booking_slip(office, booking, translate=lambda text: ARABIC.get(text, text))
    lines = [b for b in slip.blocks if isinstance(b, Line)]
    texts = [line.text for line in lines]
    assert texts[0] == load_office(office).name
    assert "التأمين التقاعدي" in texts and "Rentenversicherung" in texts
    assert "Freitag, 27.11.2026" in texts
    assert any(line.text == "09:30" and line.size is Size.HUGE for line in lines)
    assert "Raum 3" in texts and display(booking.code) in texts
    assert any("am Kiosk scannen, ab 60 Minuten vorher" in t for t in texts)


def test_the_escpos_bytes_carry_the_event_and_lose_no_character(office, booking):
    config = PrinterConfig(profile="TM-T88V")
    receipt = read(
        EscposRenderer(paper_for(config)).render(booking_slip(office, booking, language="de")), "TM-T88V"
    )
    assert receipt.order[0] == "init" and receipt.order[-1] == "cut"
    (content,) = receipt.qr_codes  # the printer's own QR command
    assert calendar_of(content)[1].decoded("DTSTART") == booking.starts_at.astimezone(UTC)
    assert "?" not in receipt.text
    assert "Rentenversicherung" in receipt.lines and display(booking.code) in receipt.lines
    assert "Quartiersbüro Test" in receipt.lines


def test_the_print_worker_prints_a_booked_slip_once(office, tmp_path, clock):
    config = PrinterConfig(preview={"folder": str(tmp_path / "previews")}, poll_seconds=0.1)
    outcomes: queue.Queue[PrintOutcome] = queue.Queue()
    worker = PrintWorker(Path(office.path), clock, make_printer(config), config, on_outcome=outcomes.put)
    made = reserve(office, pension(9), "de", print_slip=True)
    worker.start()
    try:
        worker.wake()
        outcome = outcomes.get(timeout=10)
    finally:
        worker.stop()
    assert outcome.ok and outcome.booking_id == made.booking.id and outcome.ticket_id == 0
    assert outcome.code == display(made.booking.code)
    image = Image.open(io.BytesIO(outcome.preview_png.read_bytes()))
    (content,) = decode_qr(image, tmp_path)
    assert find_codes(content.decode()) == [made.booking.code]
    assert outcomes.empty()
