"""The JSON feed: the schema, the example in docs/, and the German reasons for refusing a feed."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kiosk.core.schedule import today_view
from kiosk.sync.errors import (
    FeedFormatUnknown,
    FeedInvalid,
    FeedOfficeAmbiguous,
    FeedOfficeMissing,
    FeedUnreadable,
)
from kiosk.sync.feed import SCHEMA_PATH, read_json_feed, schema_problems
from tests.conftest import THURSDAY, berlin
from tests.sync.feeds import changed, feed_bytes, feed_document, office_entry

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "feed-example.json"
SESSIONS = ["offices", 0, "sessions"]


def schedule_of(document, office_id="test-office", today=THURSDAY):
    return read_json_feed(feed_bytes(document)).schedule(office_id, today)


def test_the_schema_file_is_a_valid_2020_12_schema():
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_the_documented_example_loads_with_moves_cancellations_and_closures():
    feed = read_json_feed(EXAMPLE.read_bytes())
    assert schema_problems(feed.document) == []
    plan = feed.schedule("nordstadt", date(2026, 11, 26))
    by_day = {(s.service_id, s.day): s for s in plan.sessions}
    moved = by_day[("jobcenter", date(2026, 12, 1))]  # Monday 30.11. moved to Tuesday
    assert (moved.start, moved.end, moved.room) == (time(10), time(13), "2")
    assert ("jobcenter", date(2026, 11, 30)) not in by_day
    assert ("jobcenter", date(2026, 12, 7)) not in by_day  # cancelled
    assert ("jobcenter", date(2026, 12, 14)) in by_day
    assert ("jobcenter", date(2026, 12, 28)) not in by_day  # after "until", and a closure anyway
    fortnightly = sorted(d for s, d in by_day if s == "schulden")
    assert fortnightly[:3] == [date(2026, 11, 25), date(2026, 12, 9), date(2026, 12, 23)]
    assert ("rente", date(2026, 12, 3)) in by_day
    assert plan.office.closures >= {date(2026, 12, 24), date(2026, 12, 28), date(2026, 12, 31)}
    assert plan.office.opening_hours[2] == ((time(9), time(12)), (time(13), time(17)))
    assert plan.version == "2026-11-26.1" and plan.generated_at.utcoffset() == timedelta(hours=1)


def test_the_small_office_shows_what_is_on_now():
    plan = schedule_of(feed_document())
    view = today_view(plan.services, plan.sessions, berlin(THURSDAY, 10))
    assert [o.service_id for o in view.on_now] == ["jobcenter", "schulden"]
    assert view.offer("rente").session.day == THURSDAY + timedelta(days=1)


def test_the_plan_covers_a_week_back_and_the_horizon_ahead():
    plan = read_json_feed(feed_bytes()).schedule("test-office", THURSDAY, horizon_days=30)
    days = sorted({s.day for s in plan.sessions if s.service_id == "jobcenter"})
    assert days[0] == THURSDAY - timedelta(days=7) and days[-1] == THURSDAY + timedelta(days=28)


def test_closures_drop_recurring_sessions():
    office = office_entry()
    office["closures"] = [{"date": THURSDAY.isoformat(), "reason": "Betriebsausflug"}]
    plan = schedule_of(feed_document(offices=[office]))
    assert not [s for s in plan.sessions if s.day == THURSDAY]
    assert [s for s in plan.sessions if s.day == THURSDAY + timedelta(days=7)]


def test_every_other_week_counts_from_the_first_occurrence():
    document = changed(
        feed_document(), [*SESSIONS, 0, "weekly"], {"weekday": "thu", "from": "2026-11-20", "every": 2}
    )
    days = sorted(s.day for s in schedule_of(document).sessions if s.service_id == "jobcenter")
    assert days[:3] == [THURSDAY, THURSDAY + timedelta(weeks=2), THURSDAY + timedelta(weeks=4)]


def test_a_city_wide_file_gives_each_kiosk_its_own_office():
    other = office_entry(office_id="hafen")
    other["services"] = other["services"][:1]
    other["sessions"] = other["sessions"][:1]
    feed = read_json_feed(feed_bytes(feed_document(offices=[office_entry(), other])))
    assert feed.office_ids == ["test-office", "hafen"]
    assert len(feed.schedule("hafen", THURSDAY).services) == 1
    with pytest.raises(FeedOfficeMissing, match=r"„mitte“ nicht .*test-office, hafen"):
        feed.schedule("mitte", THURSDAY)
    with pytest.raises(FeedOfficeAmbiguous, match=r"\[office\] id"):
        feed.schedule("", THURSDAY)


def test_a_mistake_in_another_office_does_not_stop_this_kiosk_but_feed_check_sees_it():
    broken = office_entry(office_id="hafen")
    broken["sessions"][0]["start"] = "9 Uhr"
    document = feed_document(offices=[office_entry(), broken])
    feed = read_json_feed(feed_bytes(document))
    assert feed.schedule("test-office", THURSDAY).services
    with pytest.raises(FeedInvalid, match="Büro hafen › Termin jobcenter-do › start"):
        feed.schedule("hafen", THURSDAY)
    assert schema_problems(document) == [
        "Büro hafen › Termin jobcenter-do › start: „9 Uhr“ ist keine Uhrzeit der Form HH:MM"
    ]


def _without(path):
    return changed(feed_document(), path, ...)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_without([*SESSIONS, 0, "start"]), "Büro test-office › Termin jobcenter-do: Feld „start“ fehlt"),
        (
            changed(feed_document(), [*SESSIONS, 0, "end"], "13.00"),
            "„13.00“ ist keine Uhrzeit der Form HH:MM",
        ),
        (changed(feed_document(), [*SESSIONS, 0, "tiems"], 1), "unbekanntes Feld „tiems“ (Tippfehler?)"),
        (
            changed(feed_document(), ["offices", 0, "services", 0, "prefix"], "O"),
            "kein Großbuchstabe A–Z außer O",
        ),
        (
            changed(feed_document(), ["offices", 0, "services", 2, "names"], {"en": "Pension"}),
            "Feld „de“ fehlt",
        ),
        (
            changed(feed_document(), [*SESSIONS, 2, "weekly"], {"weekday": "fri", "from": "2026-11-27"}),
            "genau eins",
        ),
        (changed(feed_document(), [*SESSIONS, 0, "languages"], ["Deutsch"]), "kein Sprachkürzel"),
        (changed(feed_document(), ["generated_at"], "2026-11-26 02:00"), "kein Zeitpunkt mit Zeitzone"),
        (_without(["feed_version"]), "oberste Ebene: Feld „feed_version“ fehlt"),
        (changed(feed_document(), ["offices"], []), "offices: darf nicht leer sein"),
        (
            changed(feed_document(), [*SESSIONS, 1, "end"], "08:00"),
            "endet (08:00) nicht nach dem Beginn (09:00)",
        ),
        (
            changed(feed_document(), [*SESSIONS, 2, "service"], "zahnarzt"),
            "Termin für unbekannten Dienst zahnarzt",
        ),
        (
            changed(feed_document(), [*SESSIONS, 2, "date"], "2026-02-30"),
            "„2026-02-30“ ist kein gültiges Datum",
        ),
        (changed(feed_document(), ["offices", 0, "services", 1, "prefix"], "J"), "Kürzel „J“ haben sowohl"),
        (
            changed(feed_document(), [*SESSIONS, 0, "cancelled"], ["2026-11-25"]),
            "der 25.11.2026 soll abgesagt werden, ist aber kein Termin dieser Regel",
        ),
        (
            changed(feed_document(), [*SESSIONS, 0, "moved"], [{"date": "2026-11-27", "to": "2026-11-28"}]),
            "der 27.11.2026 soll verlegt werden",
        ),
    ],
)
def test_a_bad_feed_is_refused_with_a_german_reason(document, message):
    with pytest.raises(FeedInvalid) as refused:
        schedule_of(document)
    assert message in str(refused.value)
    assert str(refused.value).startswith("Der Plan entspricht nicht dem Format: ")


def test_a_newer_format_version_asks_for_a_software_update():
    with pytest.raises(FeedFormatUnknown, match=r"Formatversion 3, .* nur Version 1 oder 2 und muss"):
        read_json_feed(feed_bytes(changed(feed_document(), ["format_version"], 3)))


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b'{"format": "quartierskiosk-feed", ', "Zeile 1"),
        (b"\xff\xfe{}", "kein UTF-8"),
        (b"[1, 2", "Zeile 1"),
    ],
)
def test_broken_json_is_unreadable(data, detail):
    with pytest.raises(FeedUnreadable, match=detail):
        read_json_feed(data)


def test_moved_occurrences_may_move_into_the_window_from_outside():
    last_week = THURSDAY - timedelta(weeks=2)
    document = changed(
        feed_document(),
        [*SESSIONS, 0, "moved"],
        [{"date": last_week.isoformat(), "to": THURSDAY.isoformat(), "start": "14:00", "end": "16:00"}],
    )
    plan = schedule_of(document)
    today = sorted(
        (s.start, s.id) for s in plan.sessions if s.service_id == "jobcenter" and s.day == THURSDAY
    )
    assert today == [(time(9), f"jobcenter-do@{THURSDAY}"), (time(14), f"jobcenter-do@{last_week}")]
