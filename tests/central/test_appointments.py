"""Appointment slots end to end: the planner's slots reach real kiosks, their bookings come back.

The real city server on 127.0.0.1 and real kiosks (their `kiosk enrol` and
`kiosk sync` commands, their own booking code) on the shared clock of
tests/central/conftest.py: Thursday 26 November 2026, 10:00 in Berlin.
The contract is docs/appointments.md.
"""

from __future__ import annotations

import threading
import tomllib
from datetime import date, time
from typing import Any

import httpx

from kiosk.config import load_config
from kiosk.core.appointments import ConflictKind, SlotKey
from kiosk.core.booking_code import display, new_code
from kiosk.store import Store
from kiosk.store.bookings import cancel_booking, current_conflicts, open_offers
from kiosk.store.outbox import idempotency_key
from kiosk.store.schedule import load_sessions
from kiosk.sync import signing
from kiosk.sync.bookings import book, confirmer_for
from kiosk.sync.feed import schema_problems
from tests.central.conftest import enrol, seed_plan

NEXT_THURSDAY = date(2026, 12, 3)
V1 = "application/vnd.quartierskiosk.feed+json;version=1"
V2 = "application/vnd.quartierskiosk.feed+json;version=2"


def with_slots(planner, **slots: Any) -> dict[str, Any]:
    """The seeded Thursday job centre (09:00–13:00) in 30-minute slots, 09:00 and 09:30 the kiosk's."""
    sessions = seed_plan(planner)
    plan = {"minutes": 30, "capacity": 1, "kiosk": ["09:00", "09:30"], **slots}
    thursday = sessions["thursday"]["id"]
    return planner.ok("PATCH", f"/api/v1/sessions/{thursday}", {"appointments": plan})


def pension_slot(hour: int, minute: int = 0) -> SlotKey:
    return SlotKey("jobcenter", NEXT_THURSDAY, time(hour, minute))


def feed(central, accept: str = V2) -> tuple[dict[str, Any], bytes, bytes]:
    with httpx.Client(base_url=central.url) as http:
        answer = http.get("/feeds/nordstadt.json", headers={"Accept": accept})
        assert answer.status_code == 200, answer.text
        signature = http.get("/feeds/nordstadt.json.sig", headers={"Accept": accept}).content
    return answer.json(), answer.content, signature


def taken_in(document: dict[str, Any]) -> list[dict[str, Any]]:
    sessions = document["offices"][0]["sessions"]
    return [t for s in sessions for t in s.get("appointments", {}).get("taken", [])]


def slots_on_kiosk(kiosk, clock, day: date) -> list:
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        return [s for s in load_sessions(store, day, day) if s.appointments]


def booked_message(code: str, start: str, via: str = "online", **changes: Any) -> dict[str, Any]:
    return {
        "format": "quartierskiosk-booking",
        "format_version": 1,
        "event": "booked",
        "office_id": "nordstadt",
        "code": code,
        "service_id": "jobcenter",
        "date": NEXT_THURSDAY.isoformat(),
        "start": start,
        "minutes": 30,
        "via": via,
        "booked_at": "2026-11-26T09:00:00.000000+00:00",
        **changes,
    }


def kiosk_token(kiosk) -> str:
    return tomllib.loads(kiosk.config.read_text(encoding="utf-8"))["sync"]["token"]


def post(url: str, token: str, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    key = key or idempotency_key("nordstadt", "booking", body["code"])
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return httpx.post(url, json=body, headers=headers, timeout=10)


def test_slots_reach_the_kiosk_its_booking_comes_back_and_the_next_feed_lists_it_as_taken(
    central, planner, make_kiosk, clock
):
    with_slots(planner)
    planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/bookings",
        {"service_id": "jobcenter", "date": "2026-12-03", "start": "11:00"},
    )  # booked by phone at the agency
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    settings = tomllib.loads(kiosk.config.read_text(encoding="utf-8"))["sync"]
    assert settings["bookings_url"] == f"{central.url}/api/v1/kiosk/bookings"
    assert settings["confirm_url"] == f"{central.url}/api/v1/kiosk/bookings/confirm"

    assert kiosk.run("sync").exit_code == 0
    [session] = slots_on_kiosk(kiosk, clock, NEXT_THURSDAY)
    plan = session.appointments
    assert (plan.minutes, plan.capacity) == (30, 1)
    assert sorted(f"{t:%H:%M}" for t in plan.kiosk) == ["09:00", "09:30"]
    assert [(f"{t.start:%H:%M}", t.code) for t in plan.taken] == [("11:00", "")]

    with Store(kiosk.folder / "kiosk.db", clock) as store:
        offered = {(o.slot.day, f"{o.slot.start:%H:%M}") for o in open_offers(store)}
        assert (NEXT_THURSDAY, "09:00") in offered  # the kiosk's own slot, bookable offline
        assert (NEXT_THURSDAY, "10:00") not in offered  # not the kiosk's, no confirmation asked
        booking = book(store, pension_slot(9), "tr").booking
    assert kiosk.run("sync").exit_code == 0  # the booking goes out through the outbox

    seen = planner.ok("GET", "/api/v1/offices/nordstadt/bookings")
    nine = next(s for s in seen if s["start"] == "09:00")
    assert nine["date"] == "2026-12-03" and nine["booked"] == 1 and nine["conflict"] is None
    assert [(b["code"], b["source"], b["via"]) for b in nine["bookings"]] == [
        (booking.code, "kiosk", "assigned")
    ]

    document, body, signature = feed(central)
    assert document["format_version"] == 2 and schema_problems(document) == []
    signing.verify(central.ctx.publisher.public_key, body, signature)
    assert {(t["start"], t.get("code")) for t in taken_in(document)} == {
        ("09:00", booking.code),
        ("11:00", None),
    }

    clock.advance(minutes=1)
    assert kiosk.run("sync").exit_code == 0
    [session] = slots_on_kiosk(kiosk, clock, NEXT_THURSDAY)
    assert booking.code in {t.code for t in session.appointments.taken}
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        assert current_conflicts(store) == []  # its own code coming back is not counted twice
        assert (NEXT_THURSDAY, time(9)) not in {(o.slot.day, o.slot.start) for o in open_offers(store)}
        cancel_booking(store, booking.code)  # staff cancel it at the kiosk
    assert kiosk.run("sync").exit_code == 0
    assert [s["start"] for s in planner.ok("GET", "/api/v1/offices/nordstadt/bookings")] == ["11:00"]
    assert {t["start"] for t in taken_in(feed(central)[0])} == {"11:00"}  # the place is free again


def test_an_older_kiosk_gets_a_signed_format_1_feed_without_slots(central, planner):
    with_slots(planner)
    document, body, signature = feed(central, accept=f"{V1}, application/json;q=0.9, text/calendar;q=0.8")
    assert document["format_version"] == 1
    assert all("appointments" not in s for s in document["offices"][0]["sessions"])
    signing.verify(central.ctx.publisher.public_key, body, signature)
    with httpx.Client(base_url=central.url) as http:  # its signature request names no version
        plain = http.get("/feeds/nordstadt.json.sig").content
    signing.verify(central.ctx.publisher.public_key, body, plain)


def test_online_confirmation_books_a_slot_the_feed_did_not_give_the_kiosk(
    central, planner, make_kiosk, clock
):
    with_slots(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    config = load_config(kiosk.config)
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        offered = {
            f"{o.slot.start:%H:%M}" for o in open_offers(store, online=True) if o.slot.day == NEXT_THURSDAY
        }
        assert {"09:00", "10:00", "12:30"} <= offered
        confirmed = book(store, pension_slot(10), "de", confirmer=confirmer_for(config)).booking
    assert confirmed.via == "online"
    assert kiosk.run("sync").exit_code == 0  # the later outbox message meets "already have it"
    [ten] = [s for s in planner.ok("GET", "/api/v1/offices/nordstadt/bookings") if s["start"] == "10:00"]
    assert [b["code"] for b in ten["bookings"]] == [confirmed.code]
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        status = dict(store.get_status("outbox_bookings") or {})
    assert status.get("pending") == 0 and status.get("acknowledged") == 1


def test_two_kiosks_asking_for_the_last_place_get_one_yes_and_one_slot_taken(central, planner, make_kiosk):
    with_slots(planner, capacity=2)
    planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/bookings",
        {"service_id": "jobcenter", "date": "2026-12-03", "start": "12:00"},
    )  # one of two places gone: one is left
    first, second = make_kiosk("eingang"), make_kiosk("flur")
    enrol(planner, first, central.url)
    enrol(planner, second, central.url)
    url = f"{central.url}/api/v1/kiosk/bookings/confirm"
    asks = [(kiosk_token(k), booked_message(new_code(), "12:00")) for k in (first, second) for _ in range(4)]
    answers: list[httpx.Response] = [None] * len(asks)  # type: ignore[list-item]
    ready = threading.Barrier(len(asks))

    def ask(n: int) -> None:
        ready.wait()
        answers[n] = post(url, *asks[n])

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(asks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (len(asks) - 1)
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {"slot_taken"}
    winner = next(n for n, a in enumerate(answers) if a.status_code == 201)
    token, body = asks[winner]
    assert post(url, token, body).status_code == 200  # a retry of the same key
    assert post(f"{central.url}/api/v1/kiosk/bookings", token, body).status_code == 409  # the outbox copy
    other = post(url, token, {**body, "start": "12:30"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "key_reused"
    [noon] = [s for s in planner.ok("GET", "/api/v1/offices/nordstadt/bookings") if s["start"] == "12:00"]
    assert noon["booked"] == 2 and noon["conflict"] is None

    # The kiosk's own slots are never confirmed to anyone, however free.
    kiosks_own = post(url, kiosk_token(first), booked_message(new_code(), "09:00"))
    assert kiosks_own.status_code == 409 and kiosks_own.json()["error"]["code"] == "slot_taken"
    off_grid = post(url, kiosk_token(first), booked_message(new_code(), "12:15"))
    assert off_grid.status_code == 422 and off_grid.json()["error"]["code"] == "no_such_slot"


def test_a_booking_for_a_full_slot_is_recorded_and_shown_to_the_planner_and_the_kiosk(
    central, planner, make_kiosk, clock
):
    thursday = with_slots(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        offline = book(store, pension_slot(9, 30), "de").booking  # the kiosk's slot; not sent yet
    # Meanwhile the planner takes 09:30 away from the kiosk and the agency books it by phone.
    planner.ok(
        "PATCH", f"/api/v1/sessions/{thursday['id']}", {"appointments": {"minutes": 30, "kiosk": ["09:00"]}}
    )
    planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/bookings",
        {"service_id": "jobcenter", "date": "2026-12-03", "start": "09:30"},
    )
    clock.advance(minutes=1)
    result = kiosk.run("sync")
    assert result.exit_code == 0, result.output  # recorded although full: the visitor holds a slip

    [slot] = [s for s in planner.ok("GET", "/api/v1/offices/nordstadt/bookings") if s["start"] == "09:30"]
    assert slot["conflict"] == "overbooked" and slot["booked"] == 2 and slot["capacity"] == 1
    assert offline.code in {b["code"] for b in slot["bookings"]}
    page = planner.get("/plan/nordstadt").text
    assert "Konflikte: 1" in page and "Konflikt: überbucht" in page and display(offline.code) in page
    assert "Termin-Konflikte: 1" in planner.get("/plan").text

    clock.advance(minutes=1)
    assert kiosk.run("sync").exit_code == 0  # the next feed tells the kiosk's staff
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        [conflict] = current_conflicts(store)
    assert conflict.booking.code == offline.code and conflict.kind == ConflictKind.OVERBOOKED


def test_cancellations_free_the_place_and_an_unknown_one_is_acknowledged(central, planner, make_kiosk):
    with_slots(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    token, url = kiosk_token(kiosk), f"{central.url}/api/v1/kiosk/bookings"
    code = new_code()
    assert post(url, token, booked_message(code, "10:00")).status_code == 201
    cancel = booked_message(code, "10:00", event="cancelled", reason="staff")
    assert (
        post(url, token, cancel, idempotency_key("nordstadt", "booking_cancelled", code)).status_code == 201
    )
    assert planner.ok("GET", "/api/v1/offices/nordstadt/bookings") == []

    never = new_code()  # a confirmation that never completed
    gone = booked_message(never, "10:30", event="cancelled", reason="not_completed")
    assert post(url, token, gone, idempotency_key("nordstadt", "booking_cancelled", never)).status_code == 201
    late = post(url, token, booked_message(never, "10:30"))  # the same code cannot come back later
    assert late.status_code == 201 and planner.ok("GET", "/api/v1/offices/nordstadt/bookings") == []
    counts = {"format": "quartierskiosk-counts", "format_version": 1, "office_id": "nordstadt"}
    assert post(url, token, counts, "counts-1").status_code == 422  # this endpoint takes bookings only


def test_the_agency_cannot_take_the_kiosks_slots_or_more_places_than_there_are(central, planner):
    with_slots(planner)
    path = "/api/v1/offices/nordstadt/bookings"
    kiosks = planner.send("POST", path, {"service_id": "jobcenter", "date": "2026-12-03", "start": "09:00"})
    assert kiosks.status_code == 409 and "gehört dem Kiosk" in kiosks.json()["error"]["message"]
    made = planner.ok("POST", path, {"service_id": "jobcenter", "date": "2026-12-03", "start": "10:00"})
    full = planner.send("POST", path, {"service_id": "jobcenter", "date": "2026-12-03", "start": "10:00"})
    assert full.status_code == 409 and "kein Platz" in full.json()["error"]["message"]
    cancelled = planner.ok("POST", f"/api/v1/bookings/{made['id']}/cancel")
    assert cancelled["state"] == "cancelled"
    assert planner.ok("POST", path, {"service_id": "jobcenter", "date": "2026-12-03", "start": "10:00"})
    changes = [c["action"] for c in planner.ok("GET", "/api/v1/changes")]
    assert changes[:3] == ["booking.add", "booking.cancel", "booking.add"]


def test_a_central_database_from_before_appointments_is_migrated_forward_with_its_plan(tmp_path, clock):
    """Migration 0002 only adds: the sessions, offices and messages of a running city stay."""
    import contextlib

    from kiosk.central.db import CentralDB
    from kiosk.central.schema import migrations

    path = tmp_path / "central.db"
    with contextlib.closing(CentralDB(path, clock, migrate=False)) as old:
        migrations.apply(old.db, stop_before="0002_appointments")
        old.db.execute(
            "INSERT INTO offices (id, name, revised_at) VALUES ('nordstadt', 'Nordstadt', "
            "'2026-11-01T09:00:00+00:00')"
        )
        old.db.execute(
            "INSERT INTO services (id, prefix, names, slot_minutes) VALUES ('rente', 'R', '{}', 30)"
        )
        old.db.execute(
            'INSERT INTO sessions (id, office_id, service_id, start, "end", weekday, valid_from) '
            "VALUES ('rente-thu', 'nordstadt', 'rente', '09:00', '12:00', 'thu', '2026-11-05')"
        )
    with contextlib.closing(CentralDB(path, clock)) as db:
        [session] = db.rows("SELECT id, appointments FROM sessions")
        assert session == {"id": "rente-thu", "appointments": None}
        assert db.rows("SELECT revision, bookings_revision FROM offices") == [
            {"revision": 1, "bookings_revision": 0}
        ]
        assert db.rows("SELECT count(*) AS n FROM bookings") == [{"n": 0}]


def test_a_closure_day_has_no_slots_and_a_booking_on_it_becomes_a_conflict(central, planner, make_kiosk):
    with_slots(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    token = kiosk_token(kiosk)
    code = new_code()
    assert (
        post(f"{central.url}/api/v1/kiosk/bookings", token, booked_message(code, "10:00")).status_code == 201
    )
    assert {t.get("code") for t in taken_in(feed(central)[0])} == {code}
    planner.ok(
        "PUT",
        "/api/v1/offices/nordstadt",
        {
            "name": "Quartiersbüro Nordstadt",
            "closures": [{"date": "2026-12-03", "reason": "Betriebsausflug"}],
        },
    )
    [slot] = planner.ok("GET", "/api/v1/offices/nordstadt/bookings")
    assert slot["conflict"] == "gone" and slot["capacity"] is None
    document = feed(central)[0]
    assert taken_in(document) == [] and schema_problems(document) == []
    closed = post(f"{central.url}/api/v1/kiosk/bookings/confirm", token, booked_message(new_code(), "10:30"))
    assert closed.status_code == 422 and closed.json()["error"]["code"] == "no_such_slot"
