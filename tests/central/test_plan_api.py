"""The planners' API over HTTP: roles, CSRF, throttling, the kiosk's own checks, audit, calendars, preview."""

from __future__ import annotations

from pathlib import Path

import httpx
from pytest_httpserver import HTTPServer

from kiosk.central.calendars import CalendarPoller
from tests.central.conftest import PLANNER, VIEWER, seed_plan

CALENDARS = Path(__file__).resolve().parents[1] / "sync" / "calendars"


def error_code(answer: httpx.Response) -> str:
    body = answer.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]["code"]


def test_a_viewer_reads_but_cannot_change_and_every_change_needs_the_csrf_token(central, planner, sign_in):
    seed_plan(planner)
    viewer = sign_in(*VIEWER)
    assert [o["id"] for o in viewer.ok("GET", "/api/v1/offices")] == ["nordstadt"]
    refused = viewer.send("PUT", "/api/v1/offices/nordstadt", {"name": "Umbenannt"})
    assert refused.status_code == 403 and error_code(refused) == "planners_only"
    no_csrf = planner.http.put("/api/v1/offices/nordstadt", json={"name": "Umbenannt"})
    assert no_csrf.status_code == 403 and error_code(no_csrf) == "csrf_missing"
    foreign = planner.http.put(
        "/api/v1/offices/nordstadt",
        json={"name": "Umbenannt"},
        headers={"X-CSRF-Token": planner.csrf, "Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403 and error_code(foreign) == "origin_mismatch"
    with httpx.Client(base_url=central.url) as anonymous:
        assert error_code(anonymous.get("/api/v1/offices")) == "not_signed_in"
        page = anonymous.get("/plan", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_sign_in_is_throttled_per_client(central):
    with httpx.Client(base_url=central.url) as http:
        for _ in range(5):
            wrong = http.post("/api/v1/session", json={"name": PLANNER[0], "password": "falsch"})
            assert wrong.status_code == 401 and error_code(wrong) == "invalid_credentials"
        paused = http.post("/api/v1/session", json={"name": PLANNER[0], "password": PLANNER[1]})
        assert paused.status_code == 429 and int(paused.headers["retry-after"]) > 0
        cookie = http.cookies.get("kiosk_central")
        assert cookie is None


def test_a_plan_a_kiosk_would_refuse_is_not_saved(central, planner):
    seed_plan(planner)
    backwards = planner.send(
        "POST",
        "/api/v1/offices/nordstadt/sessions",
        {"service_id": "jobcenter", "date": "2026-12-01", "start": "12:00", "end": "09:00"},
    )
    assert backwards.status_code == 422 and error_code(backwards) == "plan_invalid"
    assert "endet (09:00) nicht nach dem Beginn (12:00)" in backwards.json()["error"]["message"]
    sessions = planner.ok("GET", "/api/v1/offices/nordstadt/sessions")
    assert len(sessions) == 2  # nothing saved
    thursday = next(s for s in sessions if s["service_id"] == "jobcenter")
    not_a_thursday = planner.send("POST", f"/api/v1/sessions/{thursday['id']}/cancel", {"date": "2026-11-25"})
    assert not_a_thursday.status_code == 422
    same_letter = planner.send(
        "PUT", "/api/v1/services/schulden", {"prefix": "J", "names": {"de": "Schulden"}}
    )
    assert same_letter.status_code == 422 and "J" in same_letter.json()["error"]["message"]
    unknown = planner.send(
        "POST",
        "/api/v1/offices/nirgendwo/sessions",
        {"service_id": "jobcenter", "date": "2026-12-01", "start": "09:00", "end": "10:00"},
    )
    assert unknown.status_code == 404 and error_code(unknown) == "unknown_office"
    in_use = planner.send("DELETE", "/api/v1/services/jobcenter")
    assert in_use.status_code == 409 and error_code(in_use) == "service_in_use"


def test_every_change_is_recorded_with_who_and_when(central, planner):
    seed_plan(planner)
    changes = planner.ok("GET", "/api/v1/changes")
    assert {c["user_name"] for c in changes} == {PLANNER[0]}
    actions = [c["action"] for c in reversed(changes)]
    assert actions == ["service.add", "service.add", "office.add", "session.add", "session.add"]
    assert all(c["at"].startswith("2026-11-26T09:00") for c in changes)  # 10:00 in Berlin, stored in UTC


def test_public_holidays_become_closures_and_no_session_takes_place_then(central, planner):
    seed_plan(planner)
    office = planner.ok("POST", "/api/v1/offices/nordstadt/holidays", {"year": 2026})
    assert {"date": "2026-12-25", "reason": "Erster Weihnachtstag"} in office["closures"]
    planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/sessions",
        {"service_id": "schulden", "date": "2026-12-25", "start": "09:00", "end": "10:00"},
    )
    shown = planner.ok("GET", "/api/v1/offices/nordstadt/preview?date=2026-12-25&time=09:30")
    assert shown["closed_today"] is True and shown["on_now"] == []
    again = planner.ok("POST", "/api/v1/offices/nordstadt/holidays", {"year": 2026})
    assert len(again["closures"]) == len(office["closures"])  # added once


def test_the_preview_shows_what_the_kiosk_shows_on_a_chosen_date(central, planner):
    seed_plan(planner)
    thursday = planner.ok("GET", "/api/v1/offices/nordstadt/preview?date=2026-11-26&time=10:00")
    assert [o["service"] for o in thursday["on_now"]] == ["jobcenter"]
    assert thursday["on_now"][0]["session"]["room"] == "1"
    monday = planner.ok("GET", "/api/v1/offices/nordstadt/preview?date=2026-11-30&time=09:00")
    assert [o["service"] for o in monday["later_today"]] == ["schulden"]  # every other week from 2 November
    next_monday = planner.ok("GET", "/api/v1/offices/nordstadt/preview?date=2026-12-07&time=09:00")
    assert next_monday["later_today"] == []
    assert next_monday["not_today"][1]["session"]["date"] == "2026-12-14"
    assert [d["date"] for d in monday["coming_days"]][:2] == ["2026-11-30", "2026-12-01"]


def test_an_imported_calendar_becomes_sessions_of_the_office(central, planner):
    seed_plan(planner)
    ics = (CALENDARS / "office_plan.ics").read_text(encoding="utf-8")
    made = planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/calendars",
        {"label": "Exchange-Export", "ics": ics, "categories": {"Jobcenter": "jobcenter"}},
    )
    assert any("Teamsitzung" in line for line in made["skipped"])
    tuesday = planner.ok("GET", "/api/v1/offices/nordstadt/preview?date=2026-12-01&time=10:00")
    assert [(o["service"], o["session"]["room"]) for o in tuesday["on_now"]] == [("jobcenter", "1")]
    unknown = planner.send(
        "POST",
        "/api/v1/offices/nordstadt/calendars",
        {"label": "falsch", "ics": ics, "categories": {"Rente": "rente"}},
    )
    assert unknown.status_code == 422 and "unbekannte Dienste: rente" in unknown.json()["error"]["message"]
    broken = planner.send(
        "POST", "/api/v1/offices/nordstadt/calendars", {"label": "kaputt", "ics": "BEGIN:VCALENDAR\nfoo"}
    )
    assert broken.status_code == 422


def test_a_subscribed_calendar_is_fetched_with_its_etag(central, planner, httpserver: HTTPServer):
    seed_plan(planner)
    body = (CALENDARS / "office_plan.ics").read_bytes()
    httpserver.expect_request("/plan.ics").respond_with_data(
        body, content_type="text/calendar", headers={"ETag": '"v1"'}
    )
    made = planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/calendars",
        {"label": "Nextcloud", "url": httpserver.url_for("/plan.ics")},
    )
    assert made["last_error"] is None and made["sha256"]
    before = central.ctx.publisher.feed(central.ctx.pool.get(), "nordstadt").version
    httpserver.clear()
    httpserver.expect_request("/plan.ics", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    again = planner.ok("POST", f"/api/v1/calendars/{made['id']}/refresh")
    assert again["sha256"] == made["sha256"] and again["last_error"] is None
    assert central.ctx.publisher.feed(central.ctx.pool.get(), "nordstadt").version == before
    httpserver.clear()
    httpserver.expect_request("/plan.ics").respond_with_data("kaputt", status=500)
    failing = planner.ok("POST", f"/api/v1/calendars/{made['id']}/refresh")
    assert "HTTP 500" in failing["last_error"] and failing["sha256"] == made["sha256"]  # last good body kept


def test_the_poller_fetches_subscribed_calendars_on_its_schedule(central, planner, httpserver: HTTPServer):
    seed_plan(planner)
    first = (CALENDARS / "office_plan.ics").read_bytes()
    httpserver.expect_request("/plan.ics").respond_with_data(first, content_type="text/calendar")
    made = planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/calendars",
        {"label": "Outlook", "url": httpserver.url_for("/plan.ics")},
    )
    httpserver.clear()
    changed = first.replace(b"LOCATION:Raum 1", b"LOCATION:Raum 7")
    httpserver.expect_request("/plan.ics").respond_with_data(changed, content_type="text/calendar")
    poller = CalendarPoller(central.ctx.pool, interval=3600)
    poller.poll_once()
    after = planner.ok("GET", "/api/v1/offices/nordstadt/calendars")[0]
    assert after["id"] == made["id"] and after["sha256"] != made["sha256"]
    tuesday = planner.ok("GET", "/api/v1/offices/nordstadt/preview?date=2026-12-01&time=10:00")
    assert [(o["service"], o["session"]["room"]) for o in tuesday["on_now"]] == [("jobcenter", "7")]
