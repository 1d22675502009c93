"""A process that issues tickets as fast as it can, for the crash test.

Prints ``<id> <code>`` after each issue returned (so after its commit); the
test kills this process with SIGKILL at random moments and then checks that
every printed ticket is in the database and no code was given twice.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta

from kiosk.store import Store
from kiosk.store import queue as ops


class SharedClock:
    """Thursday 10:00 plus the real time since the test started: one clock for all workers."""

    def __init__(self, start: datetime, started_at: float) -> None:
        self.start, self.started_at = start, started_at

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.time() - self.started_at)


def main() -> None:
    path, started_at, start = sys.argv[1], float(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
    services = sys.argv[4].split(",")
    store = Store(path, SharedClock(start, started_at))
    out = sys.stdout
    rng = random.Random()
    n = 0
    while True:
        issued = ops.issue_ticket(store, services[n % len(services)])
        out.write(f"{issued.ticket.id} {issued.ticket.code}\n")
        out.flush()
        n += 1
        # A breath between tickets, as between two visitors: SQLite's busy
        # handler is not fair, and a writer looping with no gap at all can
        # starve the other process past its busy timeout.
        time.sleep(rng.uniform(0, 0.002))


if __name__ == "__main__":
    main()
