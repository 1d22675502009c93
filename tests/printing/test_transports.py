"""Each backend against a real connection that works, and then fails the way printers fail."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from kiosk.config import PrinterConfig
from kiosk.printing.paper import paper_for
from kiosk.printing.printer import PrintFailed, TicketPrinter, make_printer
from kiosk.printing.transports.cups import CupsTransport
from kiosk.printing.transports.file import FileTransport
from kiosk.printing.transports.network import NetworkTransport
from kiosk.printing.transports.preview import PreviewTransport
from kiosk.printing.transports.serial import SerialTransport
from kiosk.printing.types import PrinterState
from tests.printing.fake_printers import (
    COVER_OPEN,
    PAPER_LOW,
    PAPER_OUT,
    READY,
    PtyPrinter,
    TcpPrinter,
    refused_port,
)

SLIP = b"\x1b@" + "Quartiersbüro\n".encode("cp858") + b"\x1dV\x00"
BIG = b"\x1b@" + bytes(300_000) + b"\x1dV\x00"  # a long raster: more than any socket buffer holds
PAPER = paper_for(PrinterConfig())


def network(port: int, **options) -> TicketPrinter:
    timeouts = {"connect_timeout": 1.0, "write_timeout": 0.5, "status_timeout": 0.3, **options}
    return TicketPrinter(NetworkTransport("127.0.0.1", port, **timeouts), PAPER)


@pytest.fixture
def tcp_printer():
    printers: list[TcpPrinter] = []

    def start(*args, **kwargs) -> TcpPrinter:
        printers.append(TcpPrinter(*args, **kwargs))
        return printers[-1]

    yield start
    for printer in printers:
        printer.close()


# --- network ---------------------------------------------------------------------------------


def test_network_prints_and_asks_before_and_after(tcp_printer):
    fake = tcp_printer(READY)
    sent = network(fake.port).send(SLIP)
    assert sent.status.state is PrinterState.READY
    time.sleep(0.1)
    assert fake.received == SLIP and fake.connections[0].queries == 6


@pytest.mark.parametrize(
    ("answers", "state"), [(PAPER_OUT, PrinterState.PAPER_OUT), (COVER_OPEN, PrinterState.COVER_OPEN)]
)
def test_network_printer_without_paper_or_with_open_cover_gets_nothing(tcp_printer, answers, state):
    fake = tcp_printer(answers)
    with pytest.raises(PrintFailed) as failed:
        network(fake.port).send(SLIP)
    assert failed.value.status.state is state and not failed.value.started
    assert fake.received == b""


def test_paper_near_end_still_prints_and_tells_staff(tcp_printer):
    fake = tcp_printer(PAPER_LOW)
    sent = network(fake.port).send(SLIP)
    assert sent.status.state is PrinterState.PAPER_LOW and "fast leer" in sent.status.detail


def test_a_refused_connection_is_offline_and_names_the_fix():
    with pytest.raises(PrintFailed) as failed:
        network(refused_port()).send(SLIP)
    assert failed.value.status.state is PrinterState.OFFLINE and not failed.value.started
    assert "lehnt die Verbindung ab" in failed.value.status.detail and "9100" in failed.value.status.detail


def test_a_printer_that_never_answers_the_status_query_is_offline_in_time(tcp_printer):
    fake = tcp_printer(None)  # accepts, reads, never answers
    started = time.monotonic()
    with pytest.raises(PrintFailed) as failed:
        network(fake.port).send(SLIP)
    assert time.monotonic() - started < 2
    assert (
        failed.value.status.state is PrinterState.OFFLINE
        and "check_status = false" in failed.value.status.detail
    )
    assert fake.received == b""


def test_a_printer_that_stops_reading_mid_slip_times_out(tcp_printer):
    fake = tcp_printer(READY, stall_after_queries=3)
    started = time.monotonic()
    with pytest.raises(PrintFailed) as failed:
        network(fake.port).send(BIG)
    assert time.monotonic() - started < 3
    assert failed.value.started and "nimmt seit 0.5 s keine Daten" in failed.value.status.detail


def test_a_printer_that_drops_the_connection_mid_slip_is_reported(tcp_printer):
    fake = tcp_printer(READY, reset_after_bytes=2000)
    with pytest.raises(PrintFailed) as failed:
        network(fake.port).send(BIG)
    assert failed.value.started and "brach mitten im Druck ab" in failed.value.status.detail


def test_a_dropped_connection_after_the_last_byte_is_caught_by_the_second_query(tcp_printer):
    fake = tcp_printer(READY, reset_after_bytes=len(SLIP))  # takes it all, then vanishes
    with pytest.raises(PrintFailed) as failed:
        network(fake.port).send(SLIP)
    assert failed.value.started and failed.value.status.state is PrinterState.OFFLINE


def test_without_status_queries_a_silent_printer_still_prints(tcp_printer):
    fake = tcp_printer(None)
    sent = network(fake.port, check_status=False).send(SLIP)
    assert sent.status.state is PrinterState.UNKNOWN and "check_status = false" in sent.status.detail
    time.sleep(0.1)
    assert fake.received == SLIP


def test_status_only_asks_and_a_switched_off_printer_recovers_without_restart(tcp_printer):
    port = refused_port()
    printer = network(port)
    assert printer.status().state is PrinterState.OFFLINE
    fake = TcpPrinter(READY)  # "switched on": a new printer on a new port stands in for the same one
    try:
        printer.transport.port = fake.port
        assert printer.status().state is PrinterState.READY
    finally:
        fake.close()


# --- file (usblp's /dev/usb/lp0) -------------------------------------------------------------


def test_file_backend_writes_appends_and_cannot_tell_paper(tmp_path: Path):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = TicketPrinter(FileTransport(device, write_timeout=0.5), PAPER)
    assert printer.send(SLIP).status.state is PrinterState.UNKNOWN
    printer.send(SLIP)
    assert device.read_bytes() == SLIP + SLIP


def test_file_backend_whose_device_vanishes_and_comes_back(tmp_path: Path):
    folder = tmp_path / "usb"
    folder.mkdir()
    device = folder / "lp0"
    device.write_bytes(b"")
    printer = TicketPrinter(FileTransport(device, write_timeout=0.5), PAPER)
    printer.send(SLIP)
    shutil.rmtree(folder)  # unplugged: the node disappears
    with pytest.raises(PrintFailed) as failed:
        printer.send(SLIP)
    assert failed.value.status.state is PrinterState.OFFLINE and "gibt es nicht" in failed.value.status.detail
    assert not device.exists()  # never created as a plain file
    folder.mkdir()
    device.write_bytes(b"")  # plugged in again
    printer.send(SLIP)
    assert device.read_bytes() == SLIP


def test_file_backend_device_without_a_printer_behind_it(tmp_path: Path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)  # nobody reading: the kernel says "no such device or address"
    with pytest.raises(PrintFailed) as failed:
        TicketPrinter(FileTransport(fifo, write_timeout=0.5), PAPER).send(SLIP)
    assert "antwortet nicht" in failed.value.status.detail and not failed.value.started


def test_file_backend_unplugged_mid_slip(tmp_path: Path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)

    def unplug() -> None:
        time.sleep(0.05)
        os.read(reader, 1000)
        os.close(reader)  # the printer goes away after a few bytes

    threading.Thread(target=unplug).start()
    with pytest.raises(PrintFailed) as failed:
        TicketPrinter(FileTransport(fifo, write_timeout=2), PAPER).send(BIG)
    assert failed.value.started and "verschwand mitten im Druck" in failed.value.status.detail


def test_file_backend_printer_that_takes_nothing_times_out(tmp_path: Path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # present, but never reads
    try:
        with pytest.raises(PrintFailed) as failed:
            TicketPrinter(FileTransport(fifo, write_timeout=0.3), PAPER).send(BIG)
        assert failed.value.started and "nimmt seit 0.3 s keine Daten an" in failed.value.status.detail
    finally:
        os.close(reader)


# --- serial (a pseudo-terminal stands in for the cable) ----------------------------------------


def test_serial_prints_and_reads_the_status_over_a_real_tty():
    fake = PtyPrinter(READY)
    try:
        transport = SerialTransport(Path(fake.path), 19200, "none", write_timeout=1, status_timeout=0.5)
        sent = TicketPrinter(transport, PAPER).send(SLIP)
        assert sent.status.state is PrinterState.READY
        time.sleep(0.1)
        assert bytes(fake.protocol.received) == SLIP
    finally:
        fake.close()


def test_serial_paper_out_and_missing_port(tmp_path: Path):
    fake = PtyPrinter(PAPER_OUT)
    try:
        transport = SerialTransport(Path(fake.path), 19200, "none", write_timeout=1, status_timeout=0.5)
        with pytest.raises(PrintFailed) as failed:
            TicketPrinter(transport, PAPER).send(SLIP)
        assert failed.value.status.state is PrinterState.PAPER_OUT
    finally:
        fake.close()
    missing = SerialTransport(tmp_path / "ttyUSB9", write_timeout=1, status_timeout=0.5)
    status = TicketPrinter(missing, PAPER).status()
    assert status.state is PrinterState.OFFLINE and "gibt es nicht" in status.detail


# --- cups and preview ----------------------------------------------------------------------------


def test_cups_names_what_is_missing(monkeypatch):
    transport = CupsTransport("kiosk", "127.0.0.1:1", status_timeout=5, write_timeout=5)
    status = TicketPrinter(transport, PAPER).status()
    assert status.state is PrinterState.OFFLINE
    if shutil.which("lpstat"):
        assert "CUPS läuft nicht" in status.detail
    monkeypatch.setenv("PATH", "")
    status = TicketPrinter(transport, PAPER).status()
    assert "cups-client" in status.detail


def test_preview_writes_pictures_and_keeps_only_the_newest(tmp_path: Path):
    printer = make_printer(PrinterConfig(preview={"folder": str(tmp_path), "keep": 3}))
    assert printer.status().state is PrinterState.READY
    for n in range(5):
        sent = printer.send(b"\x89PNG fake " + bytes([n]), f"slip-{n}")
        assert sent.preview_png == tmp_path / f"slip-{n}.png"
        time.sleep(0.01)
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["slip-2.png", "slip-3.png", "slip-4.png"]


def test_preview_folder_that_cannot_be_made(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    printer = TicketPrinter(PreviewTransport(blocker / "previews"), PAPER, as_png=True)
    with pytest.raises(PrintFailed) as failed:
        printer.send(b"png", "x")
    assert "Vorschau-Ordner" in failed.value.status.detail
