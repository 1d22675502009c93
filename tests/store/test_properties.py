"""Any sequence of queue operations keeps the invariants.

Hypothesis drives the real store (SQLite in memory) with random operations,
clock moves (including past midnight and backwards) and bad input; after each
step the invariants are checked against the database itself.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk.core.errors import DomainError
from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.schedule import replace_schedule
from tests.conftest import DESKS, THURSDAY, berlin, office_schedule

SERVICES = ["jobcenter", "schulden", "rente", "unknown"]
desk_ids = st.sampled_from([1, 2, 3, 7])  # 7 does not exist
codes = st.one_of(st.sampled_from(["J-001", "S-002", "J-003", "S-001", "x", ""]), st.none())


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(berlin(THURSDAY, 9, 30))
        self.store = Store(":memory:", self.clock)
        schedule = office_schedule()
        # every day of the run has the same two services on site all day
        sessions = tuple(
            s.__class__(s.service_id, THURSDAY + timedelta(days=d), s.start.replace(hour=0), s.end, s.room)
            for d in range(3)
            for s in schedule.sessions
            if s.day == THURSDAY
        )
        replace_schedule(self.store, schedule.__class__(schedule.office, schedule.services, sessions))
        register_desks(self.store, DESKS)
        self.returned: list[tuple[int, str]] = []  # (id, code) of every issue that returned

    def teardown(self) -> None:
        self.store.close()

    def _state(self):
        return (
            list(self.store.db.execute("SELECT * FROM tickets ORDER BY id")),
            list(self.store.db.execute("SELECT * FROM counters ORDER BY day, prefix")),
        )

    def _attempt(self, operation) -> None:
        """Run an operation; if a rule refuses it, nothing may have changed."""
        before = self._state()
        try:
            operation()
        except DomainError:
            assert self._state() == before

    @rule(service=st.sampled_from(SERVICES), lang=st.sampled_from(["de", "ar", "uk"]))
    def issue(self, service, lang):
        def go():
            issued = ops.issue_ticket(self.store, service, lang)
            self.returned.append((issued.ticket.id, issued.ticket.code))

        self._attempt(go)

    @rule(desk=desk_ids, services=st.lists(st.sampled_from(SERVICES[:3]), min_size=1, max_size=2))
    def choose_services(self, desk, services):
        self._attempt(lambda: set_desk_services(self.store, desk, services))

    @rule(desk=desk_ids, service=st.one_of(st.none(), st.sampled_from(SERVICES)))
    def call_next(self, desk, service):
        self._attempt(lambda: ops.call_next(self.store, desk, service))

    @rule(desk=desk_ids, code=codes)
    def recall(self, desk, code):
        self._attempt(lambda: ops.recall(self.store, desk, code))

    @rule(desk=desk_ids, code=codes, action=st.sampled_from([ops.start, ops.finish, ops.no_show]))
    def desk_action(self, desk, code, action):
        self._attempt(lambda: action(self.store, desk, code))

    @rule(desk=st.one_of(st.none(), desk_ids), code=codes, to=st.sampled_from(SERVICES))
    def transfer(self, desk, code, to):
        if desk is None and code is None:
            return
        self._attempt(lambda: ops.transfer(self.store, to, desk, code))

    @rule(code=st.sampled_from(["J-001", "S-001", "S-002"]))
    def cancel(self, code):
        self._attempt(lambda: ops.cancel(self.store, code))

    @rule(minutes=st.integers(-180, 600))
    def move_clock(self, minutes):
        # forward in small and large steps (across midnight), or backwards
        self.clock.advance(minutes=minutes)

    @invariant()
    def codes_never_repeat_within_a_day(self):
        rows = list(self.store.db.execute("SELECT day, code FROM tickets"))
        assert len(rows) == len(set(rows))

    @invariant()
    def every_returned_ticket_is_stored_unchanged(self):
        stored = dict(self.store.db.execute("SELECT id, code FROM tickets"))
        assert all(stored.get(i) == code for i, code in self.returned)
        assert len(stored) == len(self.returned)

    @invariant()
    def counters_match_tickets(self):
        per_prefix = Counter(
            (day, code.split("-")[0]) for day, code in self.store.db.execute("SELECT day, code FROM tickets")
        )
        counters = {(d, p): last for d, p, last in self.store.db.execute("SELECT * FROM counters")}
        assert counters == dict(per_prefix)  # no gaps, no reuse

    @invariant()
    def each_ticket_is_in_one_consistent_state(self):
        rows = self.store.db.execute(
            "SELECT state, desk_id, called_at, finished_at, first_called_at FROM tickets"
        )
        for state, desk, called, finished, first in rows:
            if state in ("called", "serving"):
                assert desk is not None and called is not None and first is not None
            if state == "waiting":
                assert desk is None and finished is None
            if state in ("done", "no_show"):
                assert finished is not None and first is not None

    @invariant()
    def a_desk_holds_at_most_one_visitor(self):
        held = Counter(
            d
            for (d,) in self.store.db.execute(
                "SELECT desk_id FROM tickets WHERE state IN ('called', 'serving') "
                "AND day = (SELECT MAX(day) FROM tickets)"
            )
        )
        assert all(n == 1 for n in held.values())

    @invariant()
    def counts_add_up(self):
        for day in {d for (d,) in self.store.db.execute("SELECT DISTINCT day FROM tickets")}:
            tickets = ops.tickets_of_day(self.store, THURSDAY.fromisoformat(day))
            from kiosk.core.stats import day_counts

            counts = day_counts(THURSDAY.fromisoformat(day), tickets)
            for c in counts.services:
                assert c.issued == c.served + c.no_shows + c.cancelled + c.open
            assert counts.issued == len(tickets)


QueueMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")),
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_queue_invariants = QueueMachine.TestCase
