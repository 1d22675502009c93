"""From "issue ticket" (committed) to "bytes ready for the printer", as the worker does it.

Each run issues a real ticket with its print job (one BEGIN IMMEDIATE
transaction, WAL, synchronous=FULL), claims the job (a second commit), loads
the ticket, service, session and office, lays out the slip and renders it to
ESC/POS bytes. The queue is kept at a realistic length (about 20 waiting) by
calling and finishing tickets between runs, outside the timing. Printer I/O
is not included: it is the paper's time, not ours.

    ./dev.sh perf
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from tabulate import tabulate

from kiosk.config import PrinterConfig
from kiosk.core.timekeeping import FixedClock
from kiosk.printing.content import ticket_slip
from kiosk.printing.printer import make_printer
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.printjobs import claim_next
from kiosk.store.queue import ticket_by_id
from kiosk.store.schedule import replace_schedule
from tests.conftest import DESKS, THURSDAY, berlin, office_schedule

RUNS = 300
WAITING = 20


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    profile: str
    target_ms: float


# The slips speak the visitor's language from the real catalogs (locales/).
CASES = (
    Case("Latin (de), 80 mm, printer's own QR", "de", "TM-T20II", 5.0),
    Case("Latin (tr), 58 mm, QR as raster", "tr", "POS-5890", 5.0),
    Case("Arabic, every line Arabic", "ar", "TM-T20II", 10.0),
    Case("Arabic, every line Arabic, 58 mm raster QR", "ar", "POS-5890", 10.0),
    Case("Persian, every line Persian", "fa", "TM-T20II", 10.0),
)


def _one(store, printer, config: PrinterConfig, case: Case) -> tuple[float, bytes]:
    started = time.perf_counter()
    ops.issue_ticket(store, "jobcenter", case.language, print_slip=True)
    job = claim_next(store)
    ticket = ticket_by_id(store, job.ticket_id)
    slip = ticket_slip(store, ticket, config)
    data = printer.render(slip)
    return (time.perf_counter() - started) * 1000, data


def _keep_queue_short(store) -> None:
    waiting = [t for t in ops.open_tickets(store, store.now().date()) if t.state.value == "waiting"]
    if len(waiting) > WAITING:
        ops.call_next(store, 1)
        store.clock.advance(seconds=10)
        ops.finish(store, 1)


def _office(path: Path) -> Store:
    """A fresh office database at 10:00, the job centre served at desk 1."""
    store = Store(path, FixedClock(berlin(THURSDAY, 10)))
    replace_schedule(store, office_schedule())
    register_desks(store, DESKS)
    set_desk_services(store, 1, ["jobcenter"])
    return store


@pytest.mark.perf
def test_issue_to_bytes_ready(tmp_path):
    rows, misses = [], []
    for number, case in enumerate(CASES):
        store = _office(tmp_path / f"case{number}.db")
        config = PrinterConfig(
            profile=case.profile, qr_url="https://termine.example.de/q/{office}/{code}?t={token}"
        )
        printer = make_printer(
            config.model_copy(update={"backend": "file"})
        )  # rendering only: nothing is sent
        timings = []
        for _ in range(RUNS):
            ms, data = _one(store, printer, config, case)
            assert data.startswith(b"\x1b@")
            timings.append(ms)
            store.clock.advance(seconds=3)
            _keep_queue_short(store)
        store.close()
        median = statistics.median(timings)
        p90 = statistics.quantiles(timings, n=10)[-1]
        rows.append(
            [
                case.name,
                f"{timings[0]:.2f}",
                f"{median:.2f}",
                f"{p90:.2f}",
                f"{case.target_ms:.0f}",
                len(data),
            ]
        )
        if median > case.target_ms:
            misses.append(case.name)
    print()
    print(f"issue ticket -> bytes ready, {RUNS} runs each, ~{WAITING} waiting (ms)")
    print(tabulate(rows, headers=["case", "first", "median", "p90", "target", "bytes"], tablefmt="github"))
    assert not misses, f"median over target: {misses}"
