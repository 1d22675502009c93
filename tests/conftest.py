"""Shared fixtures: a clock that moves only when told, and a real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from kiosk.core.model import Desk, Office, Schedule, Service, Session
from kiosk.core.timekeeping import FixedClock, local_datetime
from kiosk.store import Store
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.schedule import replace_schedule

THURSDAY = date(2026, 11, 26)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return local_datetime(day, time(hour, minute))


def office_schedule(day: date = THURSDAY) -> Schedule:
    """A small office: job centre and debt counselling today, pensions tomorrow."""
    services = (
        Service("jobcenter", {"de": "Jobcenter", "ar": "مركز العمل"}, "J", "work", 15),
        Service("schulden", {"de": "Schuldnerberatung", "en": "Debt counselling"}, "S", "debt", 30),
        Service("rente", {"de": "Rentenversicherung"}, "R", "pension", 20),
    )
    sessions = (
        Session("jobcenter", day, time(9), time(13), "1", ("de", "tr", "ar")),
        Session("schulden", day, time(9), time(17), "2", ("de", "uk")),
        Session("rente", date.fromordinal(day.toordinal() + 1), time(9), time(12), "3", ("de",)),
    )
    office = Office(
        "test-office", "Quartiersbüro Test", opening_hours={d: ((time(9), time(17)),) for d in range(5)}
    )
    return Schedule(office, services, sessions, version="1")


DESKS = (Desk(1, "Platz 1", "1"), Desk(2, "Platz 2", "2"), Desk(3, "Platz 3", "3"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(berlin(THURSDAY, 10))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.db"


@pytest.fixture
def store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A real WAL database on disk with the small office loaded and desks open."""
    with Store(db_path, clock) as opened:
        replace_schedule(opened, office_schedule())
        register_desks(opened, DESKS)
        set_desk_services(opened, 1, ["jobcenter"])
        set_desk_services(opened, 2, ["schulden"])
        set_desk_services(opened, 3, ["jobcenter", "schulden"])
        yield opened


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, once per module (tests/browser.py)."""
    from tests.browser import launched

    with launched() as chromium:
        yield chromium
