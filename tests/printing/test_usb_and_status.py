"""USB (through a stand-in for the bus: no printer is plugged in here) and the status bytes."""

from __future__ import annotations

import pytest

from kiosk.config import PrinterConfig
from kiosk.printing.paper import paper_for
from kiosk.printing.printer import PrintFailed, TicketPrinter
from kiosk.printing.status import decode
from kiosk.printing.transports.usb import UsbFailure, UsbTransport
from kiosk.printing.types import PrinterState
from tests.printing.fake_printers import PAPER_OUT, READY, Protocol

PAPER = paper_for(PrinterConfig(profile="POS-5890"))
SLIP = b"\x1b@hello\n\x1dV\x00"


class FakeLink:
    """The only fake in the printing tests: a USB printer cannot be plugged in here.

    It behaves like pyusb's device as PyUsbLink wraps it: writes return how
    much went out, reads return the answers queued by status queries.
    """

    def __init__(self, answers=READY, *, accept: int | None = None, failure: str = "gone", can_read=True):
        self.protocol = Protocol(answers)
        self.accept, self.failure, self.can_read = accept, failure, can_read
        self.pending = b""
        self.closed = False
        self.chunks: list[int] = []

    def write(self, data: bytes, timeout_ms: int) -> int:
        if self.accept is not None and len(self.protocol.received) >= self.accept:
            raise UsbFailure(self.failure, "[Errno 19] No such device")
        self.chunks.append(len(data))
        self.pending += self.protocol.feed(data)
        return len(data)

    def read(self, size: int, timeout_ms: int) -> bytes:
        data, self.pending = self.pending[:size], self.pending[size:]
        return data

    def close(self) -> None:
        self.closed = True


def usb(link_or_failure) -> TicketPrinter:
    def connect(*_args):
        if isinstance(link_or_failure, UsbFailure):
            raise link_or_failure
        return link_or_failure

    transport = UsbTransport(0x0416, 0x5011, write_timeout=0.5, status_timeout=0.2, connect=connect)
    return TicketPrinter(transport, PAPER)


def test_usb_prints_in_small_pieces_and_asks_the_status():
    link = FakeLink()
    assert usb(link).send(SLIP + bytes(5000)).status.state is PrinterState.READY
    assert bytes(link.protocol.received) == SLIP + bytes(5000)
    assert max(link.chunks) <= 512 and link.closed  # a cheap printer's buffer never overflows


def test_usb_paper_out_prints_nothing():
    link = FakeLink(PAPER_OUT)
    with pytest.raises(PrintFailed) as failed:
        usb(link).send(SLIP)
    assert failed.value.status.state is PrinterState.PAPER_OUT and link.protocol.received == bytearray()


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("busy", "usblp"),
        ("access", "udev-Regel"),
        ("missing", "nicht angeschlossen"),
        ("no_libusb", "libusb-1.0-0"),
        ("no_pyusb", "quartierskiosk[usb]"),
    ],
)
def test_usb_problems_name_cause_and_fix(kind, words):
    with pytest.raises(PrintFailed) as failed:
        usb(UsbFailure(kind, "[Errno 16] Resource busy")).send(SLIP)
    assert failed.value.status.state is PrinterState.OFFLINE and words in failed.value.status.detail
    assert "0416:5011" in failed.value.status.detail or kind.startswith("no_")


def test_usb_unplugged_or_stuck_mid_slip():
    with pytest.raises(PrintFailed) as failed:
        usb(FakeLink(accept=1024, failure="gone")).send(SLIP + bytes(5000))
    assert failed.value.started and "verschwand mitten im Druck" in failed.value.status.detail
    with pytest.raises(PrintFailed) as failed:
        usb(FakeLink(accept=1024, failure="timeout")).send(SLIP + bytes(5000))
    assert failed.value.started and "keine Daten an" in failed.value.status.detail


def test_usb_printer_without_a_way_back_prints_with_unknown_status():
    link = FakeLink(can_read=False)
    sent = usb(link).send(SLIP)
    assert sent.status.state is PrinterState.UNKNOWN and "Rückkanal" in sent.status.detail


def test_the_real_pyusb_path_reports_what_this_machine_lacks():
    # No printer is plugged in here: pyusb answers "no libusb" or "not found".
    transport = UsbTransport(0x0416, 0x5011, write_timeout=0.5, status_timeout=0.2)
    status = TicketPrinter(transport, PAPER).status()
    assert status.state is PrinterState.OFFLINE
    assert "libusb-1.0-0" in status.detail or "nicht angeschlossen" in status.detail


@pytest.mark.parametrize(
    ("answers", "state"),
    [
        ((0x16, 0x12, 0x12), PrinterState.READY),
        ((0x16, 0x12, 0x1E), PrinterState.PAPER_LOW),
        ((0x1E, 0x32, 0x72), PrinterState.PAPER_OUT),
        ((0x1E, 0x16, 0x12), PrinterState.COVER_OPEN),
        ((0x1E, 0x52, 0x12), PrinterState.OFFLINE),  # error bit: cutter jammed
        ((0x1E, 0x12, 0x12), PrinterState.OFFLINE),  # offline without a named cause
        ((0x00, 0x00, 0x00), PrinterState.UNKNOWN),  # not a status byte at all
    ],
)
def test_status_bytes(answers, state):
    status = decode(*answers)
    assert status.state is state and status.detail.endswith(".")
