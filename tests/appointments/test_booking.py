"""Booking in the office database: one transaction for booking, slip and message; capacity holds."""

from __future__ import annotations

import json
import threading
from datetime import time

import pytest

from kiosk.core.appointments import BookingState, SlotFull, SlotUnavailable, Via
from kiosk.core.booking_code import is_valid
from kiosk.store import Store
from kiosk.store.bookings import (
    BookingNotCancellable,
    bookings_on,
    cancel_booking,
    find_booking,
    open_offers,
    reserve,
)
from kiosk.store.printjobs import JobKind, claim_next
from tests.appointments.plan import FRIDAY, debt, pension
from tests.conftest import THURSDAY


def outbox(store: Store) -> list[tuple[str, str, dict]]:
    rows = store.db.execute("SELECT kind, subject, body FROM outbox ORDER BY id").fetchall()
    return [(kind, subject, json.loads(body)) for kind, subject, body in rows]


def test_booking_a_kiosk_slot_commits_booking_slip_and_message_together(office):
    made = reserve(office, pension(9), "ar", "Ay", print_slip=True)
    booking = made.booking
    assert (
        not made.needs_confirmation and booking.state == BookingState.BOOKED and booking.via == Via.ASSIGNED
    )
    assert is_valid(booking.code) and booking.room == "3" and booking.minutes == 30
    assert (booking.day, booking.start, booking.language, booking.name) == (FRIDAY, time(9), "ar", "Ay")
    assert find_booking(office, booking.code.lower()) == booking
    job = claim_next(office)
    assert job is not None and job.kind == JobKind.APPOINTMENT and job.booking_id == booking.id
    assert job.ticket_id is None and made.print_job_id == job.id
    ((kind, subject, body),) = outbox(office)
    assert (kind, subject) == ("booking", booking.code)
    assert body == {
        "format": "quartierskiosk-booking",
        "format_version": 1,
        "event": "booked",
        "office_id": "test-office",
        "code": booking.code,
        "service_id": "rente",
        "date": "2026-11-27",
        "start": "09:00",
        "minutes": 30,
        "via": "assigned",
        "booked_at": body["booked_at"],
    }


def test_the_optional_name_never_leaves_the_office(office):
    made = reserve(office, pension(9, 30), "de", "  Mehmet  Y.  ")
    assert made.booking.name == "Mehmet Y."
    cancel_booking(office, made.booking.code)
    text = json.dumps(outbox(office))
    assert "Mehmet" not in text and made.booking.code in text


def test_a_slot_takes_as_many_bookings_as_it_has_places(office):
    first = reserve(office, pension(9), "de").booking
    second = reserve(office, pension(9), "tr").booking
    assert first.code != second.code
    with pytest.raises(SlotFull):
        reserve(office, pension(9), "de")
    assert [o.slot.start for o in open_offers(office) if o.slot.service_id == "rente"] == [time(9, 30)]
    cancel_booking(office, first.code)
    assert reserve(office, pension(9), "uk").booking.state == BookingState.BOOKED


def test_slots_not_assigned_to_the_kiosk_are_not_booked_without_the_city(office):
    with pytest.raises(SlotUnavailable):
        reserve(office, pension(10), "de")
    held = reserve(office, pension(10), "de", online=True, print_slip=True)
    assert held.needs_confirmation and held.booking.state == BookingState.HELD
    assert (
        claim_next(office) is None and outbox(office) == []
    )  # nothing printed or sent before the city said yes


def test_two_kiosk_processes_racing_for_the_last_place_get_it_once(office, db_path, clock):
    """Two writers (the touchscreen and, say, a second process) booking the same last place."""
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def attempt() -> None:
        with Store(db_path, clock) as mine:
            barrier.wait()
            try:
                reserve(mine, debt(12), "de")
                outcomes.append("booked")
            except SlotFull:
                outcomes.append("full")

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["full"] * 7
    assert len([b for b in bookings_on(office, THURSDAY) if b.start == time(12)]) == 1


def test_staff_cancel_a_booking_and_the_city_is_told(office):
    booking = reserve(office, pension(9), "de").booking
    cancelled = cancel_booking(office, booking.code)
    assert cancelled.state == BookingState.CANCELLED and cancelled.cancelled_at is not None
    (_booked, (kind, subject, body)) = outbox(office)
    assert (kind, subject, body["event"], body["reason"]) == (
        "booking_cancelled",
        booking.code,
        "cancelled",
        "staff",
    )
    with pytest.raises(BookingNotCancellable):
        cancel_booking(office, booking.code)


def test_a_database_from_before_appointments_keeps_its_print_jobs(tmp_path, clock):
    """Migration 0006 rebuilds print_jobs (ticket_id may now be NULL): rows stay, ids never repeat."""
    from kiosk.store.printjobs import get_job
    from kiosk.store.schema import migrations
    from tests.appointments.plan import open_office

    path = tmp_path / "old.db"
    with Store(path, clock, migrate=False) as old:
        migrations.apply(old.db, stop_before="0006_appointments")
        old.db.execute(
            "INSERT INTO tickets (id, day, service_id, number, code, state, language, issued_at, token) "
            "VALUES (7, '2026-11-26', 'jobcenter', 1, 'J-001', 'waiting', 'de', "
            "'2026-11-26T09:00:00+00:00', 't')"
        )
        for job_id in (1, 2, 3):
            old.db.execute(
                "INSERT INTO print_jobs (id, ticket_id, kind, state, created_at, updated_at) "
                "VALUES (?, 7, 'ticket', 'done', '2026-11-26T09:00:00+00:00', '2026-11-26T09:00:00+00:00')",
                [job_id],
            )
        old.db.execute("DELETE FROM print_jobs WHERE id = 3")
        old.db.conn.commit()
    with Store(path, clock) as store:
        assert [get_job(store, n).ticket_id for n in (1, 2)] == [7, 7] and get_job(store, 3) is None
        open_office(store)
        assert reserve(store, pension(9), "de", print_slip=True).print_job_id == 4
