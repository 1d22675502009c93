"""The staff API over real HTTP: the call cycle and every error path."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from kiosk.core.model import Desk
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks
from kiosk.web.server import serve_in_thread
from tests.conftest import DESKS
from tests.web.conftest import PIN_DESK2, error_of, make_config


def test_full_call_cycle_over_http(store, client, sign_in):
    first = ops.issue_ticket(store, "schulden", "uk").ticket
    second = ops.issue_ticket(store, "schulden").ticket
    desk2 = sign_in(account="platz-2", secret=PIN_DESK2)  # a desk account needs no desk choice

    called = desk2.post("/api/staff/call-next")
    assert called.status_code == 200
    assert called.json() | {"event_id": 0} == {
        "code": first.code,
        "service": "schulden",
        "desk": "Platz 2",
        "room": "2",
        "kind": "call",
        "event_id": 0,
    }
    board = client.get("/api/display/state").json()
    assert [(c["code"], c["room"]) for c in board["current"]] == [(first.code, "2")]
    audio = f"/api/display/audio/{called.json()['event_id']}"
    # German, then Ukrainian (the ticket's language, translated) where espeak-ng has a Ukrainian voice.
    assert board["recent"][0]["announce"] in ([f"{audio}/de.wav"], [f"{audio}/de.wav", f"{audio}/uk.wav"])

    assert desk2.post("/api/staff/recall").json()["kind"] == "recall"
    assert desk2.post("/api/staff/start").json()["state"] == "serving"
    overview = desk2.get("/api/staff/overview").json()
    assert overview["ticket"]["code"] == first.code and overview["ticket"]["state"] == "serving"
    assert [w["code"] for w in next(s for s in overview["services"] if s["id"] == "schulden")["waiting"]] == [
        second.code
    ]
    assert overview["load"] == {"level": "green", "waiting": 1, "active_desks": 3}
    assert desk2.post("/api/staff/finish").json()["state"] == "done"

    assert desk2.post("/api/staff/call-next", {"service": "schulden"}).json()["code"] == second.code
    moved = desk2.post("/api/staff/transfer", {"to_service": "jobcenter"})
    assert moved.json() == {"code": second.code, "state": "waiting", "service": "jobcenter", "desk_id": None}

    desk1 = sign_in(desk=1)
    assert desk1.post("/api/staff/call-next").json()["code"] == second.code
    assert desk1.post("/api/staff/no-show").json()["state"] == "no_show"
    assert desk1.post("/api/staff/recall", {"code": second.code}).json()["code"] == second.code  # came back
    assert desk1.post("/api/staff/finish").status_code == 200
    assert [c["code"] for c in client.get("/api/display/state").json()["current"]] == []


def test_choosing_services_and_pausing_the_desk(store, sign_in):
    desk = sign_in(desk=1)
    chosen = desk.put("/api/staff/desk/services", {"services": ["schulden"]})
    assert chosen.json() == {"services": ["schulden"]}
    assert desk.get("/api/staff/overview").json()["desk"]["services"] == ["schulden"]
    assert desk.put("/api/staff/desk/pause", {"paused": True}).json() == {"paused": True}
    overview = desk.get("/api/staff/overview").json()
    assert overview["desk"]["paused"] is True
    assert next(d for d in overview["desks"] if d["id"] == 1)["paused"] is True


def test_reprint_queues_a_job_for_the_printer_process(store, sign_in):
    ticket = ops.issue_ticket(store, "jobcenter").ticket
    desk = sign_in(desk=1)
    answer = desk.post(f"/api/staff/tickets/{ticket.code.lower().replace('-', '')}/reprint")
    assert answer.status_code == 202 and answer.json()["state"] == "pending"
    assert error_of(desk.post("/api/staff/tickets/J-999/reprint")) == "unknown_ticket"


def test_a_ticket_another_desk_called_is_refused(store, sign_in):
    ticket = ops.issue_ticket(store, "schulden").ticket
    desk2, desk3 = sign_in(desk=2), sign_in(desk=3)
    assert desk2.post("/api/staff/call-next").status_code == 200
    for action in ("recall", "start", "finish", "no-show"):
        refused = desk3.post(f"/api/staff/{action}", {"code": ticket.code})
        assert (refused.status_code, error_of(refused)) == (409, "ticket_held_elsewhere")
        assert "Platz 2" in refused.json()["error"]["message"]
    refused = desk3.post("/api/staff/transfer", {"to_service": "jobcenter", "code": ticket.code})
    assert (refused.status_code, error_of(refused)) == (409, "ticket_held_elsewhere")


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("post", "/api/staff/call-next", {"service": "zahnarzt"}, 422, "unknown_service"),
        ("put", "/api/staff/desk/services", {"services": ["zahnarzt"]}, 422, "unknown_service"),
        ("post", "/api/staff/transfer", {"to_service": "zahnarzt", "code": "J-001"}, 422, "unknown_service"),
        ("post", "/api/staff/finish", {"code": "Q-042"}, 404, "unknown_ticket"),
        ("post", "/api/staff/call-next", {"service": "rente"}, 409, "nothing_waiting"),
        ("post", "/api/staff/start", None, 409, "no_ticket_at_desk"),
        ("post", "/api/staff/call-next", {"desk": 2}, 422, "invalid_request"),
        ("put", "/api/staff/desk/pause", {"paused": "vielleicht"}, 422, "invalid_request"),
        ("post", "/api/staff/transfer", {}, 422, "invalid_request"),
    ],
)
def test_refused_requests_say_why(store, sign_in, method, path, body, status, code):
    ops.issue_ticket(store, "jobcenter")
    desk = sign_in(desk=1)
    answer = getattr(desk, method)(path, body)
    assert (answer.status_code, error_of(answer)) == (status, code)


def test_a_desk_with_a_called_visitor_must_decide_first(store, sign_in):
    ops.issue_ticket(store, "jobcenter")
    ops.issue_ticket(store, "jobcenter")
    desk = sign_in(desk=1)
    desk.post("/api/staff/call-next")
    answer = desk.post("/api/staff/call-next")
    assert (answer.status_code, error_of(answer)) == (409, "desk_busy")


def test_malformed_json_and_unknown_routes_are_json_errors(client, sign_in):
    desk = sign_in(desk=1)
    answer = desk.http.post(
        "/api/staff/call-next",
        content=b"{not json",
        headers={"X-CSRF-Token": desk.csrf, "Content-Type": "application/json"},
    )
    assert (answer.status_code, error_of(answer)) == (422, "invalid_request")
    answer = client.get("/api/nothing")
    assert (answer.status_code, error_of(answer)) == (404, "not_found")
    answer = client.delete("/api/display/state")
    assert (answer.status_code, error_of(answer)) == (405, "method_not_allowed")


# --- signing in --------------------------------------------------------------


def test_sign_in_sets_a_strict_http_only_cookie(client):
    answer = client.post("/api/staff/session", json={"account": "anna", "secret": "1234", "desk": 3})
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    body = answer.json()
    assert body["desk"] == {"id": 3, "name": "Platz 3", "room": "3"} and len(body["csrf_token"]) >= 32
    assert client.get("/api/staff/session").json()["csrf_token"] == body["csrf_token"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"account": "anna", "secret": "0000", "desk": 1}, 401, "invalid_credentials"),
        ({"account": "niemand", "secret": "1234", "desk": 1}, 401, "invalid_credentials"),
        ({"account": "anna", "secret": "1234"}, 422, "desk_required"),
        ({"account": "anna", "secret": "1234", "desk": 99}, 422, "unknown_desk"),
        ({"account": "platz-2", "secret": "5678", "desk": 1}, 422, "other_desk"),
        ({"account": "anna"}, 422, "invalid_request"),
    ],
)
def test_sign_in_refusals(client, body, status, code):
    answer = client.post("/api/staff/session", json=body)
    assert (answer.status_code, error_of(answer)) == (status, code)
    assert "set-cookie" not in answer.headers


def test_sign_in_is_throttled_per_client_even_for_the_right_pin(client, clock):
    wrong = {"account": "anna", "secret": "9999", "desk": 1}
    for _ in range(5):
        assert client.post("/api/staff/session", json=wrong).status_code == 401
    blocked = client.post("/api/staff/session", json={**wrong, "secret": "1234"})
    assert (blocked.status_code, error_of(blocked)) == (429, "too_many_attempts")
    assert int(blocked.headers["retry-after"]) == 30
    clock.advance(seconds=31)
    assert client.post("/api/staff/session", json=wrong).status_code == 401
    assert int(client.post("/api/staff/session", json=wrong).headers["retry-after"]) == 60  # doubles
    clock.advance(seconds=61)
    assert client.post("/api/staff/session", json={**wrong, "secret": "1234"}).status_code == 200


STAFF_ROUTES = [
    ("get", "/api/staff/session"),
    ("get", "/api/staff/overview"),
    ("get", "/api/staff/stats"),
    ("get", "/api/staff/charts/arrivals.svg"),
    ("get", "/api/staff/sync"),
    ("get", "/api/staff/stream"),
    ("post", "/api/staff/call-next"),
    ("post", "/api/staff/recall"),
    ("post", "/api/staff/start"),
    ("post", "/api/staff/finish"),
    ("post", "/api/staff/no-show"),
    ("post", "/api/staff/transfer"),
    ("post", "/api/staff/sync"),
    ("post", "/api/staff/tickets/J-001/reprint"),
    ("put", "/api/staff/desk/services"),
    ("put", "/api/staff/desk/pause"),
    ("delete", "/api/staff/session"),
]


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_every_staff_endpoint_needs_a_session(client, method, path):
    body = {"to_service": "jobcenter", "paused": True, "services": []}
    answer = client.request(method.upper(), path, json=body)
    assert (answer.status_code, error_of(answer)) == (401, "not_signed_in")


@pytest.mark.parametrize(("method", "path"), [r for r in STAFF_ROUTES if r[0] != "get"])
def test_every_changing_endpoint_needs_the_csrf_token(sign_in, method, path):
    desk = sign_in(desk=1)
    body = {"to_service": "jobcenter", "paused": True, "services": []}
    missing = desk.http.request(method.upper(), path, json=body)
    assert (missing.status_code, error_of(missing)) == (403, "csrf_missing")
    wrong = desk.http.request(method.upper(), path, json=body, headers={"X-CSRF-Token": "x" * 43})
    assert (wrong.status_code, error_of(wrong)) == (403, "csrf_invalid")


def test_a_request_from_another_origin_is_refused(sign_in, server):
    desk = sign_in(desk=1)
    answer = desk.post("/api/staff/call-next", headers={"Origin": "http://evil.example"})
    assert (answer.status_code, error_of(answer)) == (403, "origin_mismatch")
    foreign_sign_in = desk.http.post(
        "/api/staff/session",
        json={"account": "anna", "secret": "1234", "desk": 1},
        headers={"Origin": "http://evil.example"},
    )
    assert foreign_sign_in.status_code == 403


def test_sessions_expire_when_idle_and_after_their_lifetime(sign_in, clock):
    desk = sign_in(desk=1)
    clock.advance(minutes=119)
    assert desk.get("/api/staff/overview").status_code == 200
    clock.advance(minutes=121)
    answer = desk.get("/api/staff/overview")
    assert (answer.status_code, error_of(answer)) == (401, "session_expired")
    assert error_of(desk.get("/api/staff/overview")) == "not_signed_in"  # and it is gone

    desk = sign_in(desk=1)
    for _ in range(5):  # used every 100 minutes, but a session ends after 10 hours anyway
        clock.advance(minutes=100)
        assert desk.get("/api/staff/overview").status_code == 200
    clock.advance(minutes=100)
    assert error_of(desk.get("/api/staff/overview")) == "session_expired"


def test_sign_out_ends_the_session(sign_in):
    desk = sign_in(desk=1)
    answer = desk.http.delete("/api/staff/session", headers={"X-CSRF-Token": desk.csrf})
    assert answer.status_code == 204 and "kiosk_staff=" in answer.headers["set-cookie"]
    assert error_of(desk.get("/api/staff/overview")) == "not_signed_in"


def test_a_clock_that_went_back_is_held_and_shown_to_staff(store, sign_in, clock):
    ops.issue_ticket(store, "jobcenter")
    desk = sign_in(desk=1)
    clock.set(clock.now() - timedelta(days=400))  # the Pi woke up with an old time
    assert desk.post("/api/staff/call-next").json()["code"] == "J-001"  # numbering carries on
    assert desk.get("/api/staff/overview").json()["status"]["clock"]["behind"] is True


def test_call_next_takes_a_due_appointment_first(store, clock, sign_in):
    walk_in = ops.issue_ticket(store, "schulden").ticket
    clock.advance(minutes=5)
    booked = ops.issue_ticket(store, "schulden", appointment_at=clock.now() + timedelta(minutes=5)).ticket
    desk = sign_in(desk=2)
    waiting = next(s for s in desk.get("/api/staff/overview").json()["services"] if s["id"] == "schulden")
    assert [(w["code"], w["appointment"]) for w in waiting["waiting"]] == [
        (booked.code, "10:10"),
        (walk_in.code, None),
    ]
    assert desk.post("/api/staff/call-next").json()["code"] == booked.code


def test_a_desk_dropped_from_the_config_cannot_be_signed_into(tmp_path, store, accounts, clock):
    register_desks(store, (*DESKS, Desk(4, "Platz 4", "4")))  # an old config had a fourth desk
    with serve_in_thread(make_config(tmp_path), clock) as server:
        page = httpx.get(server.url + "/staff").text
        assert "Platz 3" in page and "Platz 4" not in page
        answer = httpx.post(
            server.url + "/api/staff/session", json={"account": "anna", "secret": "1234", "desk": 4}
        )
        assert (answer.status_code, error_of(answer)) == (422, "unknown_desk")
