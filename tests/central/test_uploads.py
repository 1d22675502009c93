"""Day counts from real kiosks: counted once whatever the network does; wrong, revoked, replayed refused."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from datetime import date, timedelta

import httpx

from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks, set_desk_services
from tests.central.conftest import enrol, seed_plan
from tests.central.proxy import FaultyProxy
from tests.conftest import DESKS, berlin

THURSDAYS = [date(2026, 11, 5) + timedelta(weeks=n) for n in range(3)]  # 5, 12, 19 November
TODAY = date(2026, 11, 26)


def visitors(kiosk, clock, days=THURSDAYS, per_day=6) -> None:
    """Real queue operations on past Thursdays: visitors arrive, most are served, one does not come."""
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        register_desks(store, DESKS)
        for day in days:
            clock.set(berlin(day, 9, 5))
            set_desk_services(store, 1, ["jobcenter"])
            for n in range(per_day):
                ops.issue_ticket(store, "jobcenter", ("de", "tr", "ar")[n % 3])
                clock.advance(minutes=2)
            for n in range(per_day):
                ops.call_next(store, 1)
                clock.advance(minutes=6)
                (ops.no_show if n == 0 else ops.finish)(store, 1)


def ready_kiosk(central, planner, make_kiosk, clock, name="pi"):
    clock.set(berlin(THURSDAYS[0], 7))
    seed_plan(planner)
    kiosk = make_kiosk(name)
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    visitors(kiosk, clock)
    clock.set(berlin(TODAY, 3))
    return kiosk


def counted(central) -> list[tuple]:
    with sqlite3.connect(central.ctx.config.storage.database) as conn:
        return list(
            conn.execute(
                "SELECT office_id, day, service_id, issued, served, no_shows FROM day_counts ORDER BY day"
            )
        )


def token_of(kiosk) -> str:
    return tomllib.loads(kiosk.config.read_text(encoding="utf-8"))["sync"]["token"]


def test_half_the_uploads_failing_still_counts_each_day_exactly_once(central, planner, make_kiosk, clock):
    kiosk = ready_kiosk(central, planner, make_kiosk, clock)
    modes = ["refuse", "lost", "busy", "slow"]

    def faults(number: int) -> str | None:
        """Every other request fails, in turn each way."""
        return modes[(number // 2) % len(modes)] if number % 2 == 0 else None

    with FaultyProxy(central.url, faults, slow_seconds=2.5) as proxy:
        text = kiosk.config.read_text(encoding="utf-8")
        kiosk.config.write_text(
            text.replace(f'upload_url = "{central.url}', f'upload_url = "{proxy.url}'), encoding="utf-8"
        )
        codes = []
        for _run in range(12):  # the nightly timer, again and again
            result = kiosk.run("sync")
            codes.append(result.exit_code)
            if result.exit_code == 0:
                break
        assert codes[-1] == 0, (codes, result.output)
        posts = [entry for entry in proxy.log if entry[0] == "POST"]
        assert sum(1 for _m, _p, fault in posts if fault) >= len(posts) // 2 - 1  # half really failed
        assert {fault for _m, _p, fault in posts} >= {"refuse", "lost", "busy"}
    rows = counted(central)
    assert [(r[1], r[2]) for r in rows] == [(d.isoformat(), "jobcenter") for d in THURSDAYS]  # once each
    assert all(r[3:] == (6, 5, 1) for r in rows)
    states = kiosk.query("SELECT state, count(*) FROM outbox GROUP BY state")
    assert states == [("acknowledged", len(THURSDAYS))]


def test_a_replayed_upload_is_refused_with_a_clear_answer_and_not_counted_again(
    central, planner, make_kiosk, clock
):
    kiosk = ready_kiosk(central, planner, make_kiosk, clock)
    assert kiosk.run("sync").exit_code == 0
    before = counted(central)
    key, body = kiosk.query("SELECT idempotency_key, body FROM outbox ORDER BY id LIMIT 1")[0]
    headers = {"Authorization": f"Bearer {token_of(kiosk)}", "Content-Type": "application/json"}
    url = f"{central.url}/api/v1/kiosk/messages"
    with httpx.Client() as http:
        same = http.post(url, content=body, headers={**headers, "Idempotency-Key": key})
        assert same.status_code == 409
        assert same.json()["error"] == {
            "code": "already_received",
            "message": "Diese Nachricht ist schon angekommen und gezählt.",
        }
        tampered = json.loads(body)
        tampered["services"][0]["issued"] = 99
        other = http.post(url, json=tampered, headers={**headers, "Idempotency-Key": key})
        assert other.status_code == 422 and other.json()["error"]["code"] == "key_reused"
        new_key = http.post(
            url, content=body, headers={**headers, "Idempotency-Key": "another-key-for-the-same-day"}
        )
        assert new_key.status_code == 422
        assert new_key.json()["error"]["code"] == "day_already_counted"
        assert "schon gezählt" in new_key.json()["error"]["message"]
        wrong_office = json.loads(body) | {"office_id": "suedstadt"}
        refused = http.post(url, json=wrong_office, headers={**headers, "Idempotency-Key": "k-2"})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "other_office"
        garbage = http.post(url, content=b"{not json", headers={**headers, "Idempotency-Key": "k-3"})
        assert garbage.status_code == 400
        invalid = http.post(
            url, json={"format": "quartierskiosk-counts"}, headers={**headers, "Idempotency-Key": "k-4"}
        )
        assert invalid.status_code == 422 and invalid.json()["error"]["code"] == "invalid_counts"
    assert counted(central) == before


def test_bookings_are_taken_under_their_key_for_the_appointments_feature(central, planner, make_kiosk, clock):
    kiosk = ready_kiosk(central, planner, make_kiosk, clock)
    booking = {
        "format": "quartierskiosk-booking",
        "format_version": 1,
        "office_id": "nordstadt",
        "booking": "B-7K2Q",
    }
    headers = {"Authorization": f"Bearer {token_of(kiosk)}", "Idempotency-Key": "booking-B-7K2Q"}
    with httpx.Client() as http:
        first = http.post(f"{central.url}/api/v1/kiosk/messages", json=booking, headers=headers)
        again = http.post(f"{central.url}/api/v1/kiosk/messages", json=booking, headers=headers)
    assert (first.status_code, again.status_code) == (201, 409)
    with sqlite3.connect(central.ctx.config.storage.database) as conn:
        assert list(conn.execute("SELECT kind, subject FROM messages WHERE kind = 'booking'")) == [
            ("booking", "B-7K2Q")
        ]


def test_a_wrong_or_revoked_token_is_refused_and_the_kiosk_keeps_its_counts(
    central, planner, make_kiosk, clock
):
    kiosk = ready_kiosk(central, planner, make_kiosk, clock)
    token = token_of(kiosk)
    kiosk_id = planner.ok("GET", "/api/v1/kiosks")[0]["id"]
    planner.ok("POST", f"/api/v1/kiosks/{kiosk_id}/revoke")

    result = kiosk.run("sync")
    assert result.exit_code == 5, result.output  # plan current, counts still waiting
    assert "lehnt den Zugangsschlüssel dieses Kiosks ab (HTTP 403)" in result.output
    assert kiosk.query("SELECT DISTINCT state FROM outbox") == [("pending",)]
    assert counted(central) == []

    with httpx.Client(base_url=central.url) as http:
        relay = http.put(
            "/api/relay/v1/offices/nordstadt/queue", json={}, headers={"Authorization": f"Bearer {token}"}
        )
        assert relay.status_code == 403 and relay.json()["error"]["code"] == "kiosk_revoked"
        assert "gesperrt" in relay.json()["error"]["message"]
        unknown = http.post(
            "/api/v1/kiosk/messages",
            json={},
            headers={"Authorization": "Bearer not-a-token", "Idempotency-Key": "x"},
        )
        assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "unknown_token"
        missing = http.post("/api/v1/kiosk/messages", json={})
        assert missing.status_code == 401 and missing.json()["error"]["code"] == "no_token"
    fleet = planner.ok("GET", "/api/v1/kiosks")
    assert fleet[0]["flags"] == ["revoked"]


def test_an_enrolment_code_works_once(central, planner, make_kiosk):
    seed_plan(planner)
    code = planner.ok("POST", "/api/v1/offices/nordstadt/enrolment-codes", {})["code"]
    first, second = make_kiosk("a"), make_kiosk("b")
    assert first.run("enrol", central.url, code).exit_code == 0
    again = second.run("enrol", central.url, code)
    assert again.exit_code == 1
    assert "Anmeldecode ist unbekannt, schon benutzt oder abgelaufen" in again.output
    assert "token" not in second.config.read_text(encoding="utf-8")  # nothing written
