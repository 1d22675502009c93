"""Day counts through the outbox: anonymous, sent at least once, counted once by the city."""

from __future__ import annotations

import json
import re
from datetime import time, timedelta
from pathlib import Path

from jsonschema import Draft202012Validator

import kiosk.sync
from kiosk.core.model import Schedule, Session
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.outbox import MessageState, state_counts
from kiosk.store.schedule import replace_schedule
from kiosk.sync.errors import EXIT_UPLOAD_PENDING
from kiosk.sync.outbox import enqueue_finished_days, idempotency_key
from tests.conftest import DESKS, THURSDAY, berlin, office_schedule
from tests.sync.city import CityServer

TOKEN = "kiosk-test-office-7f3a"
COUNTS_SCHEMA = json.loads(
    (Path(kiosk.sync.__file__).parent / "counts.schema.json").read_text(encoding="utf-8")
)
DAYS = [THURSDAY - timedelta(days=n) for n in range(12, 0, -1)]


def busy_days(rig, days=DAYS):
    """Real queue operations on each day: three visitors, two served, one who did not come."""
    base = office_schedule()
    sessions = [Session("jobcenter", d, time(9), time(13), "1", ("de", "ar")) for d in [*days, THURSDAY]]
    schedule = Schedule(base.office, base.services, tuple(sessions), version="1")
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        rig.clock.set(berlin(days[0], 8))
        replace_schedule(store, schedule)
        register_desks(store, DESKS)
        for day in days:
            rig.clock.set(berlin(day, 9, 5))
            set_desk_services(store, 1, ["jobcenter"])
            for language in ("de", "ar", "uk"):
                ops.issue_ticket(store, "jobcenter", language)
                rig.clock.advance(minutes=3)
            for finish in (ops.finish, ops.finish, ops.no_show):
                ops.call_next(store, 1)
                rig.clock.advance(minutes=7)
                finish(store, 1)
        rig.clock.set(berlin(THURSDAY, 9, 30))
        ops.issue_ticket(store, "jobcenter")  # today's: not counted before the day is over
    rig.clock.set(berlin(THURSDAY, 23))


def uploads(rig, url, **sync):
    rig.configure(upload_url=url, token=TOKEN, **sync)


def outbox_rows(rig):
    return rig.query("SELECT subject, idempotency_key, body, state FROM outbox ORDER BY id")


def test_the_counts_are_anonymous_numbers_per_service(rig):
    busy_days(rig, DAYS[-1:])
    with CityServer(TOKEN) as city:
        uploads(rig, city.url)
        result = rig.sync()
    assert result.exit_code == 0 and "Zählungen: 1 gesendet, 0 warten." in result.output
    (body,) = city.stored.values()
    assert body == {
        "format": "quartierskiosk-counts",
        "format_version": 1,
        "office_id": "test-office",
        "day": DAYS[-1].isoformat(),
        "made_at": body["made_at"],
        "services": [
            {
                "service_id": "jobcenter",
                "issued": 3,
                "served": 2,
                "no_shows": 1,
                "cancelled": 0,
                "open": 0,
                "wait_minutes": {"median": 13.0, "p90": 17.0},  # called after 9, 13 and 17 minutes
                "visit_minutes_median": 7.0,
                "estimates": {"checked": 3, "hit": 1, "miss_minutes_median": 3.0},
                "by_language": {"ar": 1, "de": 1, "uk": 1},
                "by_hour": {"9": 3},
            }
        ],
    }
    assert not re.search(r"J-\d{3}", json.dumps(body))  # no ticket code, no token, no desk
    Draft202012Validator(COUNTS_SCHEMA).validate(body)
    assert TOKEN not in json.dumps(body)


def test_the_upload_carries_token_key_and_json(rig):
    busy_days(rig, DAYS[-1:])
    with CityServer(TOKEN) as city:
        uploads(rig, city.url)
        rig.sync()
    ((_path, seen, _body),) = city.requests
    assert seen["Authorization"] == f"Bearer {TOKEN}"
    assert seen["Content-Type"] == "application/json"
    assert seen["Idempotency-Key"] == idempotency_key("test-office", "day_counts", DAYS[-1].isoformat())


def test_half_the_uploads_failing_still_counts_every_day_exactly_once(rig):
    busy_days(rig)
    modes = ("unavailable", "lost", "dropped", "slow")

    def faults(number):
        """Two requests of four fail, in turn each way: two in a row outlast the one quick retry."""
        return modes[(number // 4) % len(modes)] if number % 4 < 2 else None

    exit_codes = []
    with CityServer(TOKEN, faults, slow_seconds=0.8) as city:
        uploads(rig, city.url, read_timeout=0.4)
        for _night in range(40):
            exit_codes.append(rig.sync().exit_code)
            rig.clock.advance(minutes=1)
            if exit_codes[-1] == 0:
                break
    assert exit_codes[-1] == 0 and EXIT_UPLOAD_PENDING in exit_codes
    assert sorted(city.counted) == [("test-office", d.isoformat()) for d in DAYS]
    assert set(city.counted.values()) == {1}
    failed = [o for o in city.outcomes if not o.endswith("/ok")]
    assert len(failed) >= len(city.outcomes) // 2 - 1  # half of all requests failed
    assert {o.split("/")[1] for o in failed} == set(modes)
    assert any(n > 1 for n in city.seen_keys.values())  # answers were lost and the kiosk asked again
    rows = outbox_rows(rig)
    assert [r[3] for r in rows] == ["acknowledged"] * len(DAYS)
    assert {r[1]: json.loads(r[2]) for r in rows} == city.stored  # byte for byte what the kiosk made
    for body in city.stored.values():
        Draft202012Validator(COUNTS_SCHEMA).validate(body)


def test_a_revoked_token_keeps_the_counts_waiting(rig):
    busy_days(rig, DAYS[-2:])
    with CityServer("another-token") as city:
        uploads(rig, city.url)
        result = rig.sync()
    assert result.exit_code == EXIT_UPLOAD_PENDING
    assert "lehnt den Zugangsschlüssel dieses Kiosks ab (HTTP 401)" in result.output
    assert [r[3] for r in outbox_rows(rig)] == ["pending", "pending"]
    assert len(city.outcomes) == 1  # the second would meet the same fate
    status = rig.run("sync", "--status").output
    assert "Zählungen:         2 warten, 0 bestätigt, 0 abgelehnt" in status
    assert "Zählungen-Fehler:  Der Zählungs-Server" in status


def test_a_refused_message_is_set_aside_and_the_rest_delivered(rig):
    busy_days(rig, DAYS[-3:])
    with CityServer(TOKEN) as city:
        city.stored[idempotency_key("test-office", "day_counts", DAYS[-3].isoformat())] = {"other": "body"}
        uploads(rig, city.url)
        result = rig.sync()
    assert result.exit_code == 0 and "2 gesendet, 0 warten, 1 abgelehnt" in result.output
    assert [r[3] for r in outbox_rows(rig)] == ["refused", "acknowledged", "acknowledged"]
    assert "abgelehnt (HTTP 422)" in rig.status("outbox")["last_error"]


def test_an_unreachable_server_keeps_everything_for_the_next_night(rig):
    from tests.sync.rawhttp import refused_url

    busy_days(rig, DAYS[-2:])
    uploads(rig, refused_url().replace("/feed.json", "/counts"))
    result = rig.sync()
    assert (
        result.exit_code == EXIT_UPLOAD_PENDING and "nicht erreichbar (Verbindung abgelehnt)" in result.output
    )
    assert [r[3] for r in outbox_rows(rig)] == ["pending", "pending"]


def test_each_finished_day_is_made_once(rig):
    busy_days(rig, DAYS[-2:])
    rig.configure()
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        assert enqueue_finished_days(store, "test-office") == 2
        assert enqueue_finished_days(store, "test-office") == 0
        assert state_counts(store)[MessageState.PENDING] == 2
    assert [r[0] for r in outbox_rows(rig)] == [d.isoformat() for d in DAYS[-2:]]  # not today


def test_uploads_run_even_when_the_feed_fails(rig):
    from tests.sync.rawhttp import refused_url

    busy_days(rig, DAYS[-1:])
    with CityServer(TOKEN) as city:
        uploads(rig, city.url, feed_url=refused_url())
        result = rig.sync()
    assert result.exit_code == 3  # the feed's failure is what the exit code says
    assert len(city.stored) == 1


def test_an_upload_url_needs_a_token(rig):
    rig.configure(upload_url="http://127.0.0.1:9/counts")
    result = rig.run("sync")
    assert result.exit_code == 1 and "upload_url: Value error, needs [sync] token too" in result.output


def test_keys_are_stable_and_differ_per_office_and_day():
    keys = {idempotency_key(o, "day_counts", d.isoformat()) for o in ("test-office", "hafen") for d in DAYS}
    assert len(keys) == 2 * len(DAYS)
    assert idempotency_key("hafen", "day_counts", "2026-11-25") == idempotency_key(
        "hafen", "day_counts", "2026-11-25"
    )
