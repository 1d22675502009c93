"""The print worker against real failing printers: tickets stay, outcomes say what happened."""

from __future__ import annotations

import queue
import shutil
import time
from pathlib import Path

import pytest

from kiosk.config import PrinterConfig
from kiosk.core.timekeeping import FixedClock
from kiosk.printing import PrinterState, PrintOutcome, make_printer
from kiosk.printing.worker import (
    STATUS_KEY,
    VISITOR_INTERRUPTED,
    VISITOR_OFFLINE,
    VISITOR_PAPER_OUT,
    PrintWorker,
)
from kiosk.store import Store
from kiosk.store import printjobs as jobs
from kiosk.store import queue as ops
from kiosk.store.printjobs import JobState
from tests.printing.conftest import decode_qr
from tests.printing.escpos_reader import read
from tests.printing.fake_printers import PAPER_OUT, READY, TcpPrinter, refused_port

WAIT = 10  # seconds an outcome may take at most; they normally take milliseconds


def network_config(port: int, **extra) -> PrinterConfig:
    return PrinterConfig(
        backend="network",
        network={"host": "127.0.0.1", "port": port},
        qr_url="https://q.example/{code}",
        connect_timeout=1,
        write_timeout=0.5,
        status_timeout=0.3,
        poll_seconds=0.1,
        status_seconds=3600,
        **extra,
    )


class Harness:
    """A worker on the test store's database, collecting outcomes."""

    def __init__(self, store: Store, config: PrinterConfig, tmp_path: Path) -> None:
        self.store = store
        self.outcomes: queue.Queue[PrintOutcome] = queue.Queue()
        config = config.model_copy(
            update={"preview": config.preview.model_copy(update={"folder": tmp_path / "shown"})}
        )
        self.config = config
        self.worker = PrintWorker(
            Path(store.path), store.clock, make_printer(config), config, self.outcomes.put
        )
        self.worker.start()

    def issue(self, service: str = "schulden", language: str = "de"):
        issued = ops.issue_ticket(self.store, service, language, print_slip=True)
        self.worker.wake()
        return issued

    def next(self) -> PrintOutcome:
        return self.outcomes.get(timeout=WAIT)


@pytest.fixture
def harness(store, tmp_path):
    made: list[Harness] = []
    printers: list[TcpPrinter] = []

    def start(config: PrinterConfig) -> Harness:
        made.append(Harness(store, config, tmp_path))
        return made[-1]

    start.printers = printers  # type: ignore[attr-defined]
    yield start
    for h in made:
        h.worker.stop()
        assert not h.worker.running
    for p in printers:
        p.close()


def test_a_ticket_prints_after_it_is_committed_and_the_outcome_arrives(harness, store):
    fake = TcpPrinter(READY)
    try:
        h = harness(network_config(fake.port))
        issued = h.issue()
        outcome = h.next()
        assert (outcome.ok, outcome.job_id, outcome.ticket_id, outcome.code) == (
            True,
            issued.print_job_id,
            issued.ticket.id,
            "S-001",
        )
        assert jobs.get_job(store, issued.print_job_id).state is JobState.DONE
        assert store.get_status(STATUS_KEY)["state"] == "ready"
        receipt = read(fake.received)
        assert "S-001" in receipt.lines and receipt.qr_codes == [b"https://q.example/S-001"]
    finally:
        fake.close()


def test_paper_out_keeps_the_ticket_shows_it_and_the_next_one_prints_after_refill(harness, store, tmp_path):
    fake = TcpPrinter(PAPER_OUT)
    try:
        h = harness(network_config(fake.port))
        issued = h.issue(language="ar")
        outcome = h.next()
        assert not outcome.ok and outcome.message == VISITOR_PAPER_OUT
        assert outcome.status.state is PrinterState.PAPER_OUT and "neue Rolle" in outcome.status.detail
        assert decode_qr(outcome.preview_png, tmp_path) == [b"https://q.example/S-001"]
        assert ops.find_ticket(store, "S-001", issued.ticket.day).state.is_open  # the number stays
        job = jobs.get_job(store, issued.print_job_id)
        assert job.state is JobState.FAILED and "Papier" in job.error
        assert store.get_status(STATUS_KEY)["state"] == "paper_out"
        assert fake.received == b""
        fake.answers = READY  # staff put in a new roll
        h.issue()
        assert h.next().ok and h.worker.status.state is PrinterState.READY
        assert read(fake.received).lines.count("S-002") == 1
        assert "S-001" not in read(fake.received).lines  # the failed slip is not printed by itself
    finally:
        fake.close()


def test_a_printer_switched_on_after_the_kiosk_is_used_without_a_restart(harness, store):
    port = refused_port()
    h = harness(network_config(port))
    h.issue()
    first = h.next()
    assert (
        not first.ok and first.message == VISITOR_OFFLINE and "lehnt die Verbindung ab" in first.status.detail
    )
    fake = TcpPrinter(READY, port=port)  # switched on
    try:
        h.issue()
        assert h.next().ok
        assert store.get_status(STATUS_KEY)["state"] == "ready"
    finally:
        fake.close()


@pytest.mark.parametrize("fault", [{"stall_after_queries": 3}, {"reset_after_bytes": 100}])
def test_a_slip_interrupted_mid_job_is_reported_and_the_worker_carries_on(harness, store, fault):
    broken = TcpPrinter(READY, **fault)
    try:
        # code_page "none": every line a picture, so the slip is far larger than the socket buffers
        h = harness(network_config(broken.port, code_page="none", qr="image"))
        issued = h.issue(language="uk")
        outcome = h.next()
        assert not outcome.ok and outcome.message == VISITOR_INTERRUPTED
        assert outcome.preview_png is not None and outcome.preview_png.exists()
        assert jobs.get_job(store, issued.print_job_id).state is JobState.FAILED
    finally:
        broken.close()
    healthy = TcpPrinter(READY, port=broken.port)
    try:
        h.issue()
        assert h.next().ok and h.worker.running
    finally:
        healthy.close()


def test_file_backend_path_vanishes_and_returns(harness, store, tmp_path):
    folder = tmp_path / "dev-usb"
    folder.mkdir()
    device = folder / "lp0"
    device.write_bytes(b"")
    h = harness(PrinterConfig(backend="file", file={"device": device}, poll_seconds=0.1, status_seconds=3600))
    h.issue()
    assert h.next().ok
    shutil.rmtree(folder)
    h.issue()
    lost = h.next()
    assert not lost.ok and lost.status.state is PrinterState.OFFLINE and "gibt es nicht" in lost.status.detail
    folder.mkdir()
    device.write_bytes(b"")
    h.issue()
    assert h.next().ok
    assert read(device.read_bytes()).lines.count("S-003") == 1


def test_staff_reprint_from_another_process_prints_once_without_a_wake(harness, store, db_path):
    fake = TcpPrinter(READY)
    try:
        h = harness(network_config(fake.port))
        h.issue()
        assert h.next().ok
        with Store(db_path, FixedClock(store.clock.now())) as web:  # the staff console's own connection
            jobs.request_reprint(web, "S-1", desk_id=2)
        again = h.next()  # found by polling: nobody called wake()
        assert again.ok and again.code == "S-001"
        time.sleep(0.5)  # a few more polls: nothing else may come out
        assert h.outcomes.empty()
        lines = read(fake.received).lines
        assert lines.count("S-001") == 2 and lines.count("Nachdruck") == 1
    finally:
        fake.close()


def test_a_test_slip_and_a_broken_callback(harness, store, tmp_path):
    calls: list[PrintOutcome] = []

    def explode(outcome: PrintOutcome) -> None:
        calls.append(outcome)
        raise RuntimeError("the UI had a bad day")

    config = PrinterConfig(preview={"folder": tmp_path / "slips"}, poll_seconds=0.1)
    worker = PrintWorker(Path(store.path), store.clock, make_printer(config), config, explode)
    worker.start()
    try:
        worker.print_test("ar")
        ops.issue_ticket(store, "schulden", print_slip=True)
        worker.wake()
        deadline = time.monotonic() + WAIT
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [(c.job_id, c.ticket_id, c.code, c.ok) for c in calls] == [
            (0, 0, "T-000", True),
            (1, 1, "S-001", True),
        ]
        assert calls[0].preview_png.exists() and worker.running
    finally:
        worker.stop()


def test_an_old_pending_job_is_not_printed_at_start(store, tmp_path):
    ops.issue_ticket(store, "schulden", print_slip=True)
    store.clock.advance(minutes=30)  # the app was down; it starts now
    outcomes: queue.Queue[PrintOutcome] = queue.Queue()
    config = PrinterConfig(preview={"folder": tmp_path}, poll_seconds=0.1)
    worker = PrintWorker(Path(store.path), store.clock, make_printer(config), config, outcomes.put)
    worker.start()
    try:
        deadline = time.monotonic() + WAIT
        while jobs.get_job(store, 1).state is not JobState.FAILED and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "10 Minuten" in jobs.get_job(store, 1).error and outcomes.empty()
    finally:
        worker.stop()


def test_wake_and_print_test_never_block(store, tmp_path):
    config = PrinterConfig(preview={"folder": tmp_path})
    worker = PrintWorker(Path(store.path), store.clock, make_printer(config), config)  # not started
    started = time.monotonic()
    for _ in range(10_000):
        worker.wake()
    for _ in range(100):
        worker.print_test("de")  # the bounded queue drops the surplus
    assert time.monotonic() - started < 0.5
    assert worker.status.state is PrinterState.UNKNOWN  # nothing asked yet, no I/O
