"""The staff console's appointments over real HTTP: today's list, priority, cancelling, conflicts."""

from __future__ import annotations

import json

import pytest

from kiosk.core.booking_code import display
from kiosk.store import queue as ops
from kiosk.store.bookings import check_in, reserve
from tests.appointments.plan import FRIDAY, debt, load_plan, pension
from tests.conftest import THURSDAY, berlin
from tests.web.conftest import PIN_DESK2, error_of


@pytest.fixture
def office(store):
    """The test office's plan with appointment slots (tests/appointments/plan.py)."""
    load_plan(store)
    return store


def test_todays_appointments_per_service_with_their_check_in(office, clock, sign_in):
    first = reserve(office, debt(11), "ar", "AY").booking
    second = reserve(office, debt(11, 30), "de").booking
    reserve(office, pension(9), "de")  # tomorrow: not on today's list
    clock.set(berlin(THURSDAY, 10, 15))
    ticket = check_in(office, first.code).issued.ticket
    desk = sign_in(desk=2)
    data = desk.get("/api/staff/appointments").json()
    assert data["day"] == THURSDAY.isoformat() and data["conflicts"] == []
    ((service,),) = [data["services"]]
    assert service["service"] == "schulden" and service["name"] == "Schuldnerberatung"
    rows = service["appointments"]
    assert [(r["time"], r["display_code"], r["name"], r["state"]) for r in rows] == [
        ("11:00", display(first.code), "AY", "checked_in"),
        ("11:30", display(second.code), "", "booked"),
    ]
    assert rows[0]["ticket"] == ticket.code and rows[0]["ticket_state"] == "wartend"
    assert rows[0]["cancellable"] is False and rows[1]["cancellable"] is True


def test_call_next_at_the_console_takes_the_appointment_first_within_its_time(office, clock, sign_in):
    booking = reserve(office, debt(11), "de").booking
    clock.set(berlin(THURSDAY, 10, 20))
    walk_ins = [ops.issue_ticket(office, "schulden").ticket for _ in range(2)]
    clock.advance(minutes=5)
    appointment = check_in(office, booking.code).issued.ticket
    desk = sign_in(account="platz-2", secret=PIN_DESK2)
    waiting = next(s for s in desk.get("/api/staff/overview").json()["services"] if s["id"] == "schulden")
    assert [(w["code"], w["appointment"]) for w in waiting["waiting"]][-1] == (appointment.code, "11:00")
    assert desk.post("/api/staff/call-next").json()["code"] == walk_ins[0].code  # 10:25: not its time yet
    desk.post("/api/staff/finish")
    clock.set(berlin(THURSDAY, 10, 51))
    assert desk.post("/api/staff/call-next").json()["code"] == appointment.code
    desk.post("/api/staff/finish")
    assert desk.post("/api/staff/call-next").json()["code"] == walk_ins[1].code


def test_cancelling_needs_csrf_and_tells_the_city(office, sign_in):
    booking = reserve(office, debt(12), "de", "Ay").booking
    desk = sign_in(desk=2)
    path = f"/api/staff/appointments/{booking.code}/cancel"
    assert error_of(desk.http.post(path)) == "csrf_missing"
    answer = desk.post(path)
    assert answer.status_code == 200 and answer.json()["state"] == "cancelled"
    kinds = office.db.execute("SELECT kind, body FROM outbox ORDER BY id").fetchall()
    assert [k for k, _ in kinds] == ["booking", "booking_cancelled"]
    assert "Ay" not in json.dumps([json.loads(body) for _, body in kinds])
    again = desk.post(path)
    assert again.status_code == 409 and error_of(again) == "booking_not_cancellable"
    unknown = desk.post("/api/staff/appointments/AAAAAAAA/cancel")
    assert unknown.status_code == 404 and error_of(unknown) == "unknown_booking"
    assert (
        desk.get("/api/staff/appointments").json()["services"][0]["appointments"][0]["state"] == "cancelled"
    )


def test_a_conflict_from_the_citys_plan_is_shown(office, sign_in):
    booking = reserve(office, pension(9), "de").booking
    load_plan(
        office, taken=[{"date": FRIDAY.isoformat(), "start": "09:00", "count": 2}]
    )  # booked by phone too
    desk = sign_in(desk=3)
    (conflict,) = desk.get("/api/staff/appointments").json()["conflicts"]
    assert conflict["code"] == booking.code and conflict["kind"] == "overbooked"
    assert conflict["service_name"] == "Rentenversicherung" and conflict["day"] == FRIDAY.isoformat()
    assert "überbucht" in conflict["conflict"] and conflict["cancellable"] is True


def test_appointments_need_a_sign_in(client):
    assert error_of(client.get("/api/staff/appointments")) == "not_signed_in"
