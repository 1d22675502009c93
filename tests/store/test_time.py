"""Day rollover, DST change days and a clock that jumps backwards."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from kiosk.core.errors import ClockNotSet
from kiosk.core.model import Office, Schedule, Service, Session
from kiosk.core.timekeeping import FixedClock, local_datetime
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.schedule import replace_schedule
from tests.conftest import DESKS, THURSDAY, berlin

LATE = Service("nacht", {"de": "Nachtcafé"}, "N", minutes_per_visit=10)


def late_store(path, clock, days):
    """A service open 20:00–02:00 (split at midnight into two sessions) on each day."""
    sessions = []
    for day in days:
        sessions.append(Session("nacht", day, time(20), time(23, 59), "1"))
        sessions.append(Session("nacht", day, time(0), time(2), "1"))
    store = Store(path, clock)
    replace_schedule(store, Schedule(Office("o", "O"), (LATE,), tuple(sessions)))
    register_desks(store, DESKS)
    set_desk_services(store, 1, ["nacht"])
    return store


def test_numbers_restart_at_local_midnight(db_path):
    clock = FixedClock(berlin(THURSDAY, 23, 58))
    with late_store(db_path, clock, [THURSDAY, THURSDAY + timedelta(days=1)]) as store:
        assert ops.issue_ticket(store, "nacht").ticket.code == "N-001"
        assert ops.issue_ticket(store, "nacht").ticket.code == "N-002"
        clock.set(berlin(THURSDAY + timedelta(days=1), 0, 1))
        fresh = ops.issue_ticket(store, "nacht").ticket
        assert (fresh.code, fresh.day) == ("N-001", THURSDAY + timedelta(days=1))
        # desks choose their services per day, and yesterday's tickets are not called today
        set_desk_services(store, 1, ["nacht"])
        called = ops.call_next(store, 1)
        assert called.code == "N-001" and called.ticket_id == fresh.id


@pytest.mark.parametrize(
    ("day", "after_midnight"),
    [(date(2026, 3, 29), 12), (date(2026, 10, 25), 18)],  # 4 and 6 real hours until 05:00
    ids=["spring-forward", "fall-back"],
)
def test_dst_nights_keep_one_sequence_per_local_day(db_path, day, after_midnight):
    """A ticket every 20 minutes from 23:00 to 05:00 across a DST change."""
    eve = day - timedelta(days=1)
    sessions = (
        Session("nacht", eve, time(20), time(23, 59), "1"),
        Session("nacht", day, time(0), time(6), "1"),
    )
    clock = FixedClock(local_datetime(eve, time(23)))
    with Store(db_path, clock) as store:
        replace_schedule(store, Schedule(Office("o", "O"), (LATE,), sessions))
        issued = []
        while clock.now() < local_datetime(day, time(5)):
            issued.append(ops.issue_ticket(store, "nacht").ticket)
            clock.advance(minutes=20)
        before = [t.code for t in issued if t.day == eve]
        after = [t.code for t in issued if t.day == day]
        assert before == ["N-001", "N-002", "N-003"]
        assert after == [f"N-{n:03d}" for n in range(1, len(after) + 1)]
        assert len(after) == after_midnight
        assert all(a.issued_at < b.issued_at for a, b in itertools.pairwise(issued))


def test_fall_back_night_has_no_repeated_numbers_across_the_doubled_hour(db_path):
    day = date(2026, 10, 25)  # 02:00–03:00 happens twice
    clock = FixedClock(datetime(2026, 10, 24, 23, 30, tzinfo=UTC))  # 01:30 CEST
    sessions = [Session("nacht", day, time(0), time(6), "1")]
    with Store(db_path, clock) as store:
        replace_schedule(store, Schedule(Office("o", "O"), (LATE,), tuple(sessions)))
        codes = []
        for _ in range(12):  # 01:30 CEST .. 03:20 CET: two and a half real hours
            codes.append(ops.issue_ticket(store, "nacht").ticket.code)
            clock.advance(minutes=15)
        assert len(set(codes)) == 12 and codes[-1] == "N-012"


def test_a_clock_jumping_back_neither_restarts_numbers_nor_rewrites_history(store, clock):
    assert ops.issue_ticket(store, "jobcenter").ticket.code == "J-001"
    clock.advance(minutes=30)
    ops.issue_ticket(store, "jobcenter")
    clock.set(datetime(1970, 1, 1, tzinfo=UTC))  # the Pi rebooted without a battery clock
    third = ops.issue_ticket(store, "jobcenter").ticket
    assert third.code == "J-003" and third.day == THURSDAY
    assert third.issued_at == berlin(THURSDAY, 10, 30)  # held at the last known time
    assert store.get_status("clock")["behind"] is True
    kinds = [r[0] for r in store.db.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds.count("clock_behind") == 1  # told once, not at every ticket
    ops.issue_ticket(store, "jobcenter")
    assert [r[0] for r in store.db.execute("SELECT kind FROM events")].count("clock_behind") == 1
    clock.set(berlin(THURSDAY, 10, 45))  # NTP answered
    ops.issue_ticket(store, "jobcenter")
    assert store.get_status("clock")["behind"] is False


def test_a_clock_jumping_back_by_a_day_stays_on_the_newest_day(store, clock):
    ops.issue_ticket(store, "jobcenter")
    clock.set(berlin(THURSDAY - timedelta(days=1), 10))
    assert ops.issue_ticket(store, "jobcenter").ticket.code == "J-002"


def test_an_unset_clock_on_a_new_database_refuses_to_number(db_path):
    clock = FixedClock(datetime(1970, 1, 1, 0, 5, tzinfo=UTC))
    with Store(db_path, clock) as store, pytest.raises(ClockNotSet):
        ops.issue_ticket(store, "jobcenter")
