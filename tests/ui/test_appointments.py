"""Appointments through the real app under Xvfb: book with touches, check in with a scanner.

The scanner is simulated as the kiosk receives a real one: a USB scanner is
a keyboard, so its characters arrive as Kivy window ``on_textinput`` events
and each line ends with an Enter ``on_key_down``, dispatched on the window.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta

import pytest

from kiosk.core.booking_code import display
from kiosk.printing.content import booking_slip
from kiosk.printing.slip import QrCode
from kiosk.store import Store
from kiosk.store.bookings import find_booking
from kiosk.store.printjobs import jobs_for_ticket
from tests.ui.conftest import start_kiosk
from tests.ui.harness import Driver


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Iterator[Driver]:
    driver = start_kiosk(tmp_path_factory.mktemp("kiosk"))
    yield driver
    driver.close()


def query(driver: Driver, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(driver.app.kiosk_config.storage.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def store_of(driver: Driver) -> Store:
    return Store(driver.app.kiosk_config.storage.database, driver.app.domain_clock)


def home(driver: Driver) -> None:
    driver.app.flow.restart()
    driver.settle()


def open_service(driver: Driver, language: str, service_id: str) -> None:
    home(driver)
    driver.tap(driver.find("LanguageButton", code=language))
    row = driver.until(
        lambda: next((v for v in driver.all("ServiceRowView") if v.row.service_id == service_id), None)
    )
    driver.tap(row)
    assert driver.screen.name == "service"


def scan(driver: Driver, text: str) -> None:
    """A USB scanner typing ``text`` (lines ended by Enter) into the kiosk's window."""
    from kivy.core.window import Window

    for line in text.splitlines():
        for character in line:
            Window.dispatch("on_textinput", character)
        Window.dispatch("on_key_down", 13, 40, None, [])
    driver.step(2)


def slip_qr(driver: Driver, code: str) -> str:
    with store_of(driver) as store:
        slip = booking_slip(store, find_booking(store, code))
    return next(b.content for b in slip.blocks if isinstance(b, QrCode))


def test_book_debt_counselling_with_an_optional_name(kiosk: Driver, shots):
    home(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="de"))
    bar = kiosk.until(lambda: next(kiosk.all("CheckInBar"), None), what="the check-in bar")
    rows = {v.row.service_id: v.row for v in kiosk.all("ServiceRowView")}
    assert (
        "Termin buchen möglich" in rows["rente"].when
        and "Termin buchen möglich" not in rows["jobcenter"].when
    )
    assert kiosk.visible(bar.ids.enter_code)
    kiosk.screenshot(shots / "book-today-de.png")
    open_service(kiosk, "de", "schulden")
    kiosk.tap(kiosk.screen.ids.book)
    assert kiosk.screen.name == "slots"
    kiosk.screenshot(shots / "book-slots-de.png")
    first = kiosk.until(lambda: next(kiosk.all("SlotButton"), None), what="a free time")
    offer = first.offer
    kiosk.tap(first)
    assert kiosk.screen.name == "book" and kiosk.app.state.offer == offer
    kiosk.tap(kiosk.screen.ids.name)
    assert kiosk.screen.name == "keypad" and kiosk.app.state.keypad_mode == "name"
    for key in "AY":
        kiosk.tap(kiosk.find("CodeKey", key=key))
    kiosk.tap(kiosk.screen.ids.ok)
    assert kiosk.screen.name == "book" and kiosk.app.state.booking_name == "AY"
    kiosk.screenshot(shots / "book-confirm-de.png")
    kiosk.tap(kiosk.screen.ids.book)
    assert kiosk.screen.name == "booked"
    state = kiosk.app.state
    kiosk.until(lambda: state.booking is not None, what="the booking")
    booking = state.booking.booking
    assert (booking.service_id, booking.start, booking.name) == ("schulden", offer.slot.start, "AY")
    kiosk.until(lambda: state.booking_print == "printed", timeout=20, what="the appointment slip")
    screen = kiosk.screen
    assert (
        display(booking.code) in screen.ids.code.text and screen.ids.time.text == f"{offer.slot.start:%-H:%M}"
    )
    kiosk.screenshot(shots / "book-booked-de.png")
    rows = query(kiosk, "SELECT kind FROM print_jobs WHERE booking_id = ?", (booking.id,))
    assert rows == [("appointment",)]


def test_a_double_tap_on_book_books_once(kiosk: Driver):
    open_service(kiosk, "de", "rente")
    kiosk.tap(kiosk.screen.ids.book)
    kiosk.tap(next(kiosk.all("SlotButton")))
    before = query(kiosk, "SELECT count(*) FROM bookings")[0][0]
    button = kiosk.screen.ids.book
    kiosk.wait_input_ready()
    first = kiosk.press(button)
    kiosk.release(first)
    second = kiosk.touch(*kiosk.position(button))
    kiosk.loop._dispatch_input("begin", second)
    kiosk.loop._dispatch_input("end", second)
    kiosk.step(2)
    kiosk.app.flow.booking.book()  # and a press that reached the flow directly
    kiosk.until(lambda: kiosk.app.state.booking is not None, what="the booking")
    kiosk.settle(10)
    assert query(kiosk, "SELECT count(*) FROM bookings")[0][0] == before + 1


def test_the_booking_screens_in_arabic(kiosk: Driver, shots):
    open_service(kiosk, "ar", "rente")
    kiosk.tap(kiosk.screen.ids.book)
    slot = next(kiosk.all("SlotButton"))
    assert kiosk.app.state.rtl and slot.center_x > kiosk.screen.center_x  # the first time at the right
    kiosk.screenshot(shots / "book-slots-ar.png")
    kiosk.tap(slot)
    kiosk.screenshot(shots / "book-confirm-ar.png")
    kiosk.tap(kiosk.screen.ids.book)
    kiosk.until(lambda: kiosk.app.state.booking is not None, what="the booking")
    kiosk.until(lambda: kiosk.app.state.booking_print == "printed", timeout=20, what="the slip")
    assert kiosk.app.state.booking.booking.language == "ar"
    kiosk.screenshot(shots / "book-booked-ar.png")


def demo_booking_due_now(driver: Driver) -> str:
    """The demo booked the first pension slot later today: its check-in window is open."""
    ((code,),) = query(driver, "SELECT code FROM bookings WHERE language = 'ar' AND state = 'booked' LIMIT 1")
    return code


def test_scanning_the_slip_on_the_welcome_screen_checks_in(kiosk: Driver, shots):
    home(kiosk)
    code = demo_booking_due_now(kiosk)
    assert kiosk.screen.name == "welcome"
    scan(kiosk, slip_qr(kiosk, code))
    assert kiosk.screen.name == "ticket"
    state = kiosk.app.state
    kiosk.until(lambda: state.issued is not None and state.checked_in is not None, what="the check-in")
    ticket = state.issued.ticket
    assert ticket.service_id == "rente" and ticket.appointment_at is not None
    assert state.language == "ar"  # the language chosen when booking
    kiosk.until(lambda: kiosk.screen.ids.code.text == ticket.code, what="the number on screen")
    stored = query(kiosk, "SELECT state, ticket_id FROM bookings WHERE code = ?", (code,))
    assert stored == [("checked_in", ticket.id)]
    kiosk.screenshot(shots / "checkin-ticket-ar.png")

    # The same slip again (the visitor was unsure): the same number, no second slip.
    home(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="de"))
    scan(kiosk, slip_qr(kiosk, code).replace(":", "Ö").replace("@", '"'))  # and a scanner on the wrong layout
    kiosk.until(lambda: state.checked_in is not None and state.checked_in.again, what="the second check-in")
    assert state.issued.ticket.code == ticket.code
    with store_of(kiosk) as store:
        assert len(jobs_for_ticket(store, ticket.id)) == 1


def test_typing_the_code_on_screen_checks_in(kiosk: Driver, shots):
    with store_of(kiosk) as store:
        from kiosk.store.bookings import open_offers, reserve

        offer = next(o for o in open_offers(store) if o.slot.service_id == "schulden")
        code = reserve(store, offer.slot.key, "de").booking.code
    kiosk.app.domain_clock.set(offer.slot.starts_at - timedelta(minutes=20))  # the visitor comes back
    home(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="de"))
    kiosk.tap(kiosk.until(lambda: next(kiosk.all("CheckInBar"), None)).ids.enter_code)
    assert kiosk.screen.name == "keypad" and kiosk.screen.ids.ok.disabled
    for character in code:
        kiosk.tap(kiosk.find("CodeKey", key=character))
    assert kiosk.screen.ids.entered.text == display(code) and not kiosk.screen.ids.ok.disabled
    kiosk.screenshot(shots / "checkin-keypad-de.png")
    kiosk.tap(kiosk.screen.ids.ok)
    state = kiosk.app.state
    kiosk.until(lambda: state.checked_in is not None, what="the check-in")
    assert (
        state.issued.ticket.service_id == "schulden"
        and state.issued.ticket.appointment_at == offer.slot.starts_at
    )


def test_a_code_that_cannot_check_in_says_why(kiosk: Driver):
    with store_of(kiosk) as store:
        from kiosk.store.bookings import open_offers, reserve

        later = [o for o in open_offers(store) if o.slot.day > kiosk.app.state.snapshot.now.date()]
        code = reserve(store, later[0].slot.key, "de").booking.code
    home(kiosk)
    scan(kiosk, f"Termin-Code {display(code)}")
    state = kiosk.app.state
    kiosk.until(lambda: state.issue_error is not None, what="the refusal")
    assert (
        kiosk.screen.name == "ticket" and "Bitte kommen Sie an diesem Tag wieder" in kiosk.screen.service_name
    )
