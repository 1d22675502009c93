"""The pure rules of the city's side: small cells, dashboard sums, fleet flags, feed shape."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from kiosk.central import anonymity, dashboard, feedgen
from kiosk.central.fleet import Flag, FleetLimits, KioskState, assess
from tests.conftest import THURSDAY, berlin


@pytest.mark.parametrize(("visits", "shown"), [(0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (120, 120)])
def test_fewer_than_five_visits_are_shown_as_less_than_five(visits, shown):
    assert anonymity.cell(visits) == shown
    assert anonymity.text(anonymity.cell(visits)) == str(shown)


def test_figures_from_a_small_cell_are_hidden_with_it():
    assert anonymity.derived(3, 12.5) == "< 5"
    assert anonymity.derived(7, 12.5) == 12.5
    assert anonymity.text(anonymity.derived(7, 12.5), " Min.") == "12.5 Min."
    assert anonymity.text(None) == "–"


def row(office, day, service, issued, served=None, wait=10.0, p90=20.0, languages=None, hours=None):
    served = issued if served is None else served
    return {
        "office_id": office,
        "day": day,
        "service_id": service,
        "issued": issued,
        "served": served,
        "no_shows": issued - served,
        "cancelled": 0,
        "open": 0,
        "wait_median": wait,
        "wait_p90": p90,
        "visit_median": 12.0,
        "estimates_checked": served,
        "estimates_hit": served,
        "miss_median": 0.0,
        "by_language": json.dumps(languages or {"de": issued}),
        "by_hour": json.dumps(hours or {"10": issued}),
    }


ROWS = [
    row("nord", "2026-11-19", "jobcenter", 12, 11, languages={"de": 9, "ar": 3}, hours={"9": 8, "10": 4}),
    row("nord", "2026-11-26", "jobcenter", 10, 10, wait=30.0, languages={"de": 6, "ar": 4}),
    row("nord", "2026-11-26", "schulden", 3, 3, wait=5.0),
    row("sued", "2026-11-26", "jobcenter", 6, 6),
]


def test_the_summary_hides_every_small_cell_and_what_is_derived_from_it():
    shown = dashboard.summary(ROWS)
    assert shown["total"]["visits"] == 31
    assert shown["by_service"]["schulden"]["visits"] == "< 5"
    assert shown["by_service"]["schulden"]["wait_median"] == "< 5"
    assert shown["by_service"]["jobcenter"]["visits"] == 28
    assert shown["by_language"] == {"de": 24, "ar": 7}  # 3 + 4 Arabic together are no small cell
    only_19th = dashboard.summary(ROWS, dashboard.Filter(first="2026-11-19", last="2026-11-19"))
    assert only_19th["by_language"] == {"de": 9, "ar": "< 5"}
    assert only_19th["by_hour"] == {"9": 8, "10": "< 5"}
    assert shown["by_week"]["2026-W47"]["visits"] == 12


def test_waits_over_several_days_are_the_visit_weighted_median_of_the_days():
    assert dashboard.weighted_median([(10.0, 11), (30.0, 10)]) == 10.0
    assert dashboard.weighted_median([(10.0, 1), (30.0, 10)]) == 30.0
    assert dashboard.weighted_median([(None, 5)]) is None


def test_the_csv_export_writes_less_than_five_like_the_page():
    text = dashboard.csv_export(ROWS)
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:4] == ["Büro", "Dienst", "Woche", "Besuche"]
    small = next(line for line in lines if line[1] == "schulden")
    assert small[3] == "< 5" and small[6] == "< 5"
    assert all(line[3] == "< 5" or int(line[3]) >= 5 or line[3] == "0" for line in lines[1:])


NOW = berlin(THURSDAY, 10)


def state(**changes):
    base = {
        "last_seen": NOW - timedelta(hours=1),
        "revoked": False,
        "heartbeat": {"printer": {"state": "ok"}, "feed_version": "nord.r3"},
        "clock_offset_seconds": 2.0,
        "published_version": "nord.r3",
        "published_at": NOW - timedelta(days=3),
    }
    return KioskState(**{**base, **changes})


def test_a_healthy_kiosk_has_no_flag_and_each_trouble_has_its_own():
    assert assess(state(), NOW).ok
    assert assess(state(last_seen=NOW - timedelta(hours=30)), NOW).flags == [Flag.SILENT]
    assert assess(state(last_seen=None), NOW).flags == [Flag.NEVER_SEEN]
    empty = assess(
        state(
            heartbeat={"printer": {"state": "paper_out", "detail": "Papier leer"}, "feed_version": "nord.r3"}
        ),
        NOW,
    )
    assert empty.flags == [Flag.PRINTER] and empty.texts == ["Drucker: Papier leer"]
    assert assess(state(published_version="nord.r4"), NOW).flags == [Flag.STALE_PLAN]
    recent_change = state(published_version="nord.r4", published_at=NOW - timedelta(hours=2))
    assert assess(recent_change, NOW).ok  # tonight's sync will load it
    assert assess(state(clock_offset_seconds=-600.0), NOW).texts == ["Uhr geht -600 s falsch"]
    assert assess(state(revoked=True), NOW).flags == [Flag.REVOKED]
    assert assess(
        state(last_seen=NOW - timedelta(hours=3)), NOW, FleetLimits(silent=timedelta(hours=2))
    ).flags == [Flag.SILENT]


def test_a_stored_session_becomes_the_feeds_session_object():
    weekly = {
        "id": "j-thu",
        "service_id": "jobcenter",
        "start": "09:00",
        "end": "12:00",
        "room": "1",
        "languages": '["de","tr"]',
        "date": None,
        "weekday": "thu",
        "valid_from": "2026-11-02",
        "valid_until": None,
        "every": 2,
        "cancelled": '["2026-12-24"]',
        "moved": '[{"date": "2026-12-10", "to": "2026-12-11"}]',
    }
    assert feedgen.session_entry(weekly) == {
        "id": "j-thu",
        "service": "jobcenter",
        "start": "09:00",
        "end": "12:00",
        "room": "1",
        "languages": ["de", "tr"],
        "weekly": {"weekday": "thu", "from": "2026-11-02", "every": 2},
        "cancelled": ["2026-12-24"],
        "moved": [{"date": "2026-12-10", "to": "2026-12-11"}],
    }
    once = {**weekly, "date": "2026-12-01", "room": "", "languages": "[]"}
    assert feedgen.session_entry(once) == {
        "id": "j-thu",
        "service": "jobcenter",
        "start": "09:00",
        "end": "12:00",
        "date": "2026-12-01",
    }
