"""Feed format 2: sessions with appointment slots; format 1 feeds load exactly as before."""

from __future__ import annotations

import json
from datetime import time, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kiosk.core.model import SlotPlan, Taken
from kiosk.store import Store
from kiosk.store.schedule import load_sessions
from kiosk.sync.errors import FeedInvalid
from kiosk.sync.feed import read_json_feed, schema
from kiosk.sync.load import FeedSettings, build_schedule
from tests.appointments.plan import FRIDAY, load_plan, plan_bytes, plan_document
from tests.conftest import THURSDAY
from tests.sync.feeds import changed, feed_bytes, feed_document

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "feed-example.json"


def plan_of(data: bytes):
    return build_schedule(data, FeedSettings(office_id="test-office"), THURSDAY).schedule


def session(schedule, service: str, day):
    return next(s for s in schedule.sessions if s.service_id == service and s.day == day)


def test_a_format_2_feed_gives_sessions_their_slots():
    taken = [
        {"date": FRIDAY.isoformat(), "start": "10:00", "count": 2},
        {"date": FRIDAY.isoformat(), "start": "09:00", "code": "K7P4MX3R"},
    ]
    schedule = plan_of(plan_bytes(taken=taken))
    assert session(schedule, "rente", FRIDAY).appointments == SlotPlan(
        minutes=30,
        capacity=2,
        kiosk=frozenset({time(9), time(9, 30)}),
        taken=(Taken(time(10), 2), Taken(time(9), 1, "K7P4MX3R")),
    )
    debt = session(schedule, "schulden", THURSDAY).appointments
    assert debt == SlotPlan(minutes=30, capacity=1, kiosk_all=True)
    assert session(schedule, "jobcenter", THURSDAY).appointments is None


def test_a_weekly_sessions_taken_slots_go_to_their_own_day():
    document = plan_document()
    entry = next(s for s in document["offices"][0]["sessions"] if s["id"] == "schulden-do")
    next_week = THURSDAY + timedelta(days=7)
    entry["appointments"]["taken"] = [{"date": next_week.isoformat(), "start": "11:00"}]
    schedule = plan_of(feed_bytes(document))
    assert session(schedule, "schulden", THURSDAY).appointments.taken == ()
    assert session(schedule, "schulden", next_week).appointments.taken == (Taken(time(11)),)


def test_slots_survive_the_database(store, clock):
    with Store(store.path, clock) as again:
        load_plan(again, taken=[{"date": FRIDAY.isoformat(), "start": "10:30", "code": "K7P4MX3R"}])
        (friday,) = [s for s in load_sessions(again, FRIDAY, FRIDAY) if s.service_id == "rente"]
    assert friday.appointments.taken == (Taken(time(10, 30), 1, "K7P4MX3R"),)
    assert friday.appointments.kiosk == frozenset({time(9), time(9, 30)})


def test_format_1_feeds_still_load_unchanged():
    schedule = plan_of(feed_bytes(feed_document()))
    assert schedule.sessions and all(s.appointments is None for s in schedule.sessions)
    assert json.loads(EXAMPLE.read_text(encoding="utf-8"))["format_version"] in (1, 2)
    read_json_feed(EXAMPLE.read_bytes())


def test_slots_in_a_format_1_feed_are_refused():
    document = plan_document()
    document["format_version"] = 1
    with pytest.raises(FeedInvalid, match="„appointments“ gibt es erst ab format_version 2"):
        read_json_feed(feed_bytes(document))
    errors = list(Draft202012Validator(schema()).iter_errors(document))
    assert errors  # the published schema says the same to the city's tools


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["kiosk"], ["09:15"], "kiosk: 09:15 ist kein Beginn eines Zeitfensters"),
        (["taken"], [{"date": FRIDAY.isoformat(), "start": "09:10"}], "09:10 am 27.11.2026 ist kein Beginn"),
        (
            ["taken"],
            [{"date": THURSDAY.isoformat(), "start": "09:00"}],
            "am 26.11.2026 findet der Termin nicht statt",
        ),
        (["minutes"], 240, "kein Zeitfenster von 240 Minuten passt"),
        (["capacity"], 0, "capacity: muss mindestens 1 sein"),
        (["kiosk"], "some", "kiosk: muss „all“ oder eine Liste von Uhrzeiten der Form HH:MM sein"),
        (["taken"], [{"date": FRIDAY.isoformat(), "start": "09:00", "code": "ABC"}], "kein Termin-Code"),
    ],
)
def test_slot_mistakes_are_refused_with_a_german_reason(path, value, message):
    document = plan_document()
    index = next(i for i, s in enumerate(document["offices"][0]["sessions"]) if s["id"] == "rente-einmal")
    broken = changed(document, ["offices", 0, "sessions", index, "appointments", *path], value)
    with pytest.raises(FeedInvalid) as refused:
        plan_of(feed_bytes(broken))
    assert message in str(refused.value)


def test_the_schema_accepts_the_format_2_example():
    Draft202012Validator(schema()).validate(plan_document())
