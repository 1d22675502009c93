"""Benchmark: a city-wide feed (50 offices, 40 services, a year of weekly sessions) parsed,
loaded and shown. Run with ``./dev.sh perf``; prints a table.

40 services cannot all sit in one office (ticket letters are A–Z without O
and I: 24), so each office carries 24 of the city's 40 services with 40
weekly sessions (16 services twice a week): 2,000 weekly rules city-wide,
104,000 dated sessions a year, 2,080 of them for the kiosk's own office.
The second feed spells the same year out as dated one-off sessions, as a
planning tool without recurrence would export it.

Targets from issue 3: parse and load and today's view <= 1 s in all,
today's view <= 5 ms.
"""

from __future__ import annotations

import gzip
import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from tabulate import tabulate

from kiosk.config import parse_config
from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from kiosk.store.schedule import current_view, replace_schedule
from kiosk.sync.feed import read_json_feed, schema_problems
from kiosk.sync.load import FeedSettings, build_schedule
from kiosk.sync.run import sync_feed
from tests.conftest import THURSDAY, berlin

OFFICES, CITY_SERVICES, PER_OFFICE, WEEKLY_SESSIONS = 50, 40, 24, 40
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg", "fa")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
YEAR_START = THURSDAY - timedelta(days=7)


def city_feed(one_offs: bool = False) -> bytes:
    offices = []
    for o in range(OFFICES):
        services = []
        for k in range(PER_OFFICE):
            s = (o + k) % CITY_SERVICES
            services.append(
                {
                    "id": f"dienst-{s}",
                    "prefix": LETTERS[k],
                    "pictogram": "generic",
                    "minutes_per_visit": 20,
                    "names": {lang: f"Dienst {s} ({lang})" for lang in LANGUAGES},
                    "descriptions": {"de": "Beratung zu Anträgen, Briefen und Fristen. " * 3},
                    "what_to_bring": {"de": "Ausweis und Briefe", "en": "ID and letters"},
                }
            )
        sessions: list[dict[str, Any]] = []
        for n in range(WEEKLY_SESSIONS):
            weekday = n % 5
            base = {
                "service": services[n % PER_OFFICE]["id"],
                "start": "09:00" if n % 2 else "13:00",
                "end": "12:00" if n % 2 else "16:00",
                "room": str(n % 6 + 1),
                "languages": ["de", "tr", "ar"],
            }
            if one_offs:
                first = YEAR_START + timedelta(days=(weekday - YEAR_START.weekday()) % 7)
                for week in range(52):
                    day = first + timedelta(weeks=week)
                    sessions.append({**base, "id": f"s{n}-{week}", "date": day.isoformat()})
            else:
                sessions.append(
                    {
                        **base,
                        "id": f"s{n}",
                        "weekly": {
                            "weekday": WEEKDAYS[weekday],
                            "from": YEAR_START.isoformat(),
                            "until": (YEAR_START + timedelta(days=364)).isoformat(),
                        },
                        "cancelled": [],
                    }
                )
        offices.append(
            {
                "id": f"buero-{o}",
                "name": f"Quartiersbüro {o}",
                "address": f"Straße {o}, 44145 Dortmund",
                "opening_hours": {d: [["09:00", "17:00"]] for d in WEEKDAYS},
                "closures": [{"date": "2026-12-24"}, {"from": "2026-12-28", "until": "2026-12-31"}],
                "services": services,
                "sessions": sessions,
            }
        )
    document = {
        "format": "quartierskiosk-feed",
        "format_version": 1,
        "feed_version": "bench",
        "generated_at": "2026-11-26T02:00:00+01:00",
        "offices": offices,
    }
    return json.dumps(document, ensure_ascii=False).encode()


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def measure(tmp_path: Path, label: str, data: bytes) -> dict[str, Any]:
    settings = FeedSettings(office_id="buero-7")
    today = date(2026, 11, 26)
    loaded, parse = timed(lambda: build_schedule(data, settings, today, "bench"))
    with Store(tmp_path / f"{label}.db", FixedClock(berlin(THURSDAY, 2))) as store:
        _, load = timed(lambda: replace_schedule(store, loaded.schedule))
        now = berlin(THURSDAY, 10)
        current_view(store, now)  # warm
        views = []
        for _ in range(50):
            view, seconds = timed(lambda: current_view(store, now))
            views.append(seconds)
    view_median = statistics.median(views)
    return {
        "feed": label,
        "size": f"{len(data) / 1e6:.1f} MB",
        "sessions (own office)": len(loaded.schedule.sessions),
        "parse+validate+unroll": f"{parse * 1000:.0f} ms",
        "load into SQLite": f"{load * 1000:.0f} ms",
        "today's view (median of 50)": f"{view_median * 1000:.2f} ms",
        "all": f"{(parse + load + view_median) * 1000:.0f} ms",
        "_total": parse + load + view_median,
        "_view": view_median,
        "_on_now": len(view.on_now) + len(view.later_today),
    }


@pytest.mark.perf
def test_city_feed_parse_load_and_today(tmp_path):
    rows = [
        measure(tmp_path, "weekly rules", city_feed()),
        measure(tmp_path, "dated one-offs", city_feed(True)),
    ]
    data = city_feed()
    document = read_json_feed(data).document
    problems, check_all = timed(lambda: schema_problems(document))
    assert problems == []
    gz = gzip.compress(data)
    with HTTPServer(host="127.0.0.1", port=0) as server:
        server.expect_request("/feed.json").respond_with_data(
            gz, content_type="application/json", headers={"Content-Encoding": "gzip", "ETag": '"b"'}
        )
        config = parse_config(
            {"office": {"id": "buero-7"}, "sync": {"feed_url": server.url_for("/feed.json")}}
        )
        with Store(tmp_path / "sync.db", FixedClock(berlin(THURSDAY, 2))) as store:
            result, whole_sync = timed(lambda: sync_feed(store, config))
    assert result.error is None, result.message
    print()
    print(tabulate([{k: v for k, v in row.items() if not k.startswith("_")} for row in rows], headers="keys"))
    print(
        f"\nkiosk sync end to end (HTTP on 127.0.0.1, {len(gz) / 1e3:.0f} kB gzip, weekly rules): "
        f"{whole_sync * 1000:.0f} ms"
    )
    print(f"kiosk feed check level: schema of all {OFFICES} offices: {check_all * 1000:.0f} ms")
    weekly = rows[0]
    assert weekly["_on_now"] > 0
    assert weekly["_total"] <= 1.0 and weekly["_view"] <= 0.005  # issue 3's targets
