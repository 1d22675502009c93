"""Bookings reach the city's server: through the outbox (kiosk sync), and confirmed online before printing.

Both against a real HTTP server on 127.0.0.1 (tests/appointments/city.py),
with the kiosk's own `kiosk sync` command and its own HTTP code.
"""

from __future__ import annotations

import json

import pytest

from kiosk.core.appointments import BookingNotConfirmed, BookingState, SlotFull, Via
from kiosk.store import Store
from kiosk.store.bookings import cancel_booking, find_booking, reserve
from kiosk.store.outbox import idempotency_key
from kiosk.store.printjobs import claim_next
from kiosk.sync.bookings import OnlineConfirmer, book
from kiosk.sync.errors import EXIT_UPLOAD_PENDING
from tests.appointments.city import BookingCity
from tests.appointments.plan import debt, open_office, pension
from tests.printing.fake_printers import refused_port

TOKEN = "kiosk-test-office-7f3a"


def kiosk_store(rig) -> Store:
    store = Store(rig.folder / "kiosk.db", rig.clock)
    return open_office(store)


def outbox_states(rig) -> list[tuple[str, str]]:
    return rig.query("SELECT kind, state FROM outbox ORDER BY id")


def test_bookings_and_cancellations_reach_the_city_in_order_without_the_name(rig):
    with kiosk_store(rig) as store:
        first = reserve(store, pension(9), "ar", "Ayşe").booking
        second = reserve(store, debt(11), "de", "M. K.").booking
        cancel_booking(store, first.code)
    with BookingCity(TOKEN) as city:
        rig.configure(bookings_url=city.base, token=TOKEN)
        result = rig.sync()
    assert result.exit_code == 0, result.output
    assert "Buchungen: 3 gesendet, 0 warten." in result.output
    sent = [(body["event"], body["code"]) for _path, _headers, body in city.requests]
    assert sent == [("booked", first.code), ("booked", second.code), ("cancelled", first.code)]
    assert set(city.booked) == {second.code} and city.cancelled == {first.code}
    path, headers, body = city.requests[0]
    assert path == "/api/v1/bookings" and headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Idempotency-Key"] == idempotency_key("test-office", "booking", first.code)
    assert body["date"] == "2026-11-27" and body["start"] == "09:00" and body["via"] == "assigned"
    everything = json.dumps(city.requests, ensure_ascii=False)
    assert "Ayşe" not in everything and "M. K." not in everything and "name" not in everything
    assert outbox_states(rig) == [("booking", "acknowledged")] * 2 + [("booking_cancelled", "acknowledged")]


def test_a_city_failing_half_the_requests_still_gets_each_message_once(rig):
    with kiosk_store(rig) as store:
        codes = [
            reserve(store, debt(hour, minute), "de").booking.code
            for hour in (11, 12, 13)
            for minute in (0, 30)
        ]
        for code in codes[:2]:
            cancel_booking(store, code)
    modes = ("unavailable", "lost", "dropped", "slow")

    def faults(number: int) -> str | None:
        return modes[(number // 4) % len(modes)] if number % 4 < 2 else None

    exit_codes = []
    with BookingCity(TOKEN, faults=faults, slow_seconds=0.8) as city:
        rig.configure(bookings_url=city.base, token=TOKEN, read_timeout=0.4)
        for _night in range(40):
            exit_codes.append(rig.sync().exit_code)
            rig.clock.advance(minutes=1)
            if exit_codes[-1] == 0:
                break
    assert exit_codes[-1] == 0 and EXIT_UPLOAD_PENDING in exit_codes
    assert set(city.booked) == set(codes[2:]) and city.cancelled == set(codes[:2])
    assert len(city.messages) == len(codes) + 2  # each booking and each cancellation stored once
    assert any(n > 1 for n in city.seen_keys.values())  # answers were lost and the kiosk asked again
    assert {state for _kind, state in outbox_states(rig)} == {"acknowledged"}


def test_a_slot_confirmed_online_is_booked_printed_and_its_message_counts_once(rig):
    with BookingCity(TOKEN, capacity={("rente", "2026-11-27", "10:00"): 1}) as city:
        confirmer = OnlineConfirmer(city.confirm_url, TOKEN)
        with kiosk_store(rig) as store:
            made = book(store, pension(10), "tr", confirmer=confirmer, print_slip=True)
            assert made.booking.state == BookingState.BOOKED and made.booking.via == Via.ONLINE
            assert claim_next(store).booking_id == made.booking.id
        assert list(city.booked) == [made.booking.code]
        rig.configure(bookings_url=city.base, token=TOKEN)
        assert rig.sync().exit_code == 0
    (confirm, message) = city.requests
    assert confirm[0] == "/api/v1/bookings/confirm" and message[0] == "/api/v1/bookings"
    assert confirm[1]["Idempotency-Key"] == message[1]["Idempotency-Key"] and confirm[2] == message[2]
    assert city.outcomes == ["stored/ok", "duplicate/ok"]  # the message is the booking it already has
    assert outbox_states(rig) == [("booking", "acknowledged")]


def test_a_slot_the_city_says_is_taken_is_not_booked_and_nothing_is_printed(rig):
    with BookingCity(TOKEN, capacity={}) as city, kiosk_store(rig) as store:
        with pytest.raises(SlotFull):
            book(
                store, pension(10), "de", confirmer=OnlineConfirmer(city.confirm_url, TOKEN), print_slip=True
            )
        assert claim_next(store) is None and outbox_states(rig) == []
        (code,) = [r[0] for r in rig.query("SELECT code FROM bookings")]
        assert find_booking(store, code).state == BookingState.RELEASED


def test_no_answer_from_the_city_books_nothing(rig):
    with kiosk_store(rig) as store:
        unreachable = OnlineConfirmer(f"http://127.0.0.1:{refused_port()}/confirm", TOKEN, timeout=1)
        with pytest.raises(BookingNotConfirmed):
            book(store, pension(10), "de", confirmer=unreachable, print_slip=True)
        assert claim_next(store) is None
        assert outbox_states(rig) == []  # never connected: nothing for the city to forget


def test_an_answer_too_late_releases_the_slot_and_tells_the_city_to_forget_it(rig):
    slow = BookingCity(
        TOKEN, capacity={("rente", "2026-11-27", "10:00"): 1}, faults=lambda n: "slow", slow_seconds=2
    )
    with slow as city, kiosk_store(rig) as store:
        with pytest.raises(BookingNotConfirmed):
            book(store, pension(10), "de", confirmer=OnlineConfirmer(city.confirm_url, TOKEN, timeout=0.5))
        assert claim_next(store) is None
        assert outbox_states(rig) == [("booking_cancelled", "pending")]
        assert city.booked  # the server did record it before answering too late ...
        city.faults = lambda n: None
        rig.configure(bookings_url=city.base, token=TOKEN)
        assert rig.sync().exit_code == 0
        assert city.booked == {} and city.capacity[("rente", "2026-11-27", "10:00")] == 1  # ... and forgot it


def test_the_kiosks_own_slots_need_no_confirmation(rig):
    with BookingCity(TOKEN) as city, kiosk_store(rig) as store:
        made = book(store, pension(9), "de", confirmer=OnlineConfirmer(city.confirm_url, TOKEN))
        assert made.booking.state == BookingState.BOOKED and made.booking.via == Via.ASSIGNED
        assert city.requests == []


def test_a_hold_left_by_a_stopped_app_is_forgotten_by_the_next_sync(rig):
    """The app stopped while the city was asked: the hold frees its place, the sync cancels it."""
    with kiosk_store(rig) as store:
        held = reserve(store, pension(10), "de", online=True).booking  # ... and then the power went
    rig.clock.advance(minutes=3)
    with BookingCity(TOKEN) as city:
        rig.configure(bookings_url=city.base, token=TOKEN)
        assert rig.sync().exit_code == 0
    ((_path, _headers, body),) = city.requests
    assert (body["event"], body["code"], body["reason"]) == ("cancelled", held.code, "not_completed")
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        assert find_booking(store, held.code).state == BookingState.RELEASED
