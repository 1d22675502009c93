"""A long run against a printer that keeps failing: every job ends once, nothing prints twice.

./dev.sh soak
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from kiosk.printing import make_printer
from kiosk.printing.worker import PrintWorker
from kiosk.store import printjobs as jobs
from kiosk.store import queue as ops
from kiosk.store.printjobs import JobState
from tests.printing.fake_printers import COVER_OPEN, PAPER_OUT, READY, TcpPrinter
from tests.printing.test_worker import network_config

TICKETS = 300


@pytest.mark.soak
def test_a_flaky_printer_never_gets_a_slip_twice(store):
    rng = random.Random(4)
    fake = TcpPrinter(READY)
    outcomes = []
    config = network_config(fake.port)
    worker = PrintWorker(Path(store.path), store.clock, make_printer(config), config, outcomes.append)
    worker.start()
    try:
        for n in range(TICKETS):
            fake.answers = rng.choice([READY, READY, READY, PAPER_OUT, COVER_OPEN, None])
            ops.issue_ticket(store, "schulden" if n % 2 else "jobcenter", "de", print_slip=True)
            worker.wake()
            if n % 25 == 0:
                jobs.request_reprint(store, "S-1" if n else "J-1")
            time.sleep(rng.uniform(0, 0.02))
            store.clock.advance(seconds=1)  # all within ten minutes: no job goes stale
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and any(
            j.state in (JobState.PENDING, JobState.PRINTING) for j in _all_jobs(store)
        ):
            time.sleep(0.1)
    finally:
        worker.stop()
        fake.close()
    finished = _all_jobs(store)
    done = [j for j in finished if j.state is JobState.DONE]
    assert all(j.state in (JobState.DONE, JobState.FAILED) for j in finished)
    assert len(outcomes) == len(finished)  # one outcome per job, none repeated
    assert fake.received.count(b"\x1b@") == len(done)  # exactly the slips reported as printed
    assert worker.status is not None


def _all_jobs(store):
    return [
        jobs.get_job(store, n)
        for n in range(1, 1 + store.db.execute("SELECT COUNT(*) FROM print_jobs").fetchone()[0])
    ]
