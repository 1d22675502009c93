"""The appointment screens in every offered language at the three display sizes:
no text overflows, is clipped or draws boxes, and every target is at least 15 mm.
(The today and service screens, with their check-in bar and "book" button, are in test_layout.)"""

from __future__ import annotations

import pytest

from kiosk.core.appointments import SlotFull
from tests.ui.conftest import start_kiosk
from tests.ui.harness import SIZES, Driver
from tests.ui.layout_check import small_targets, text_problems
from tests.ui.test_layout import ALL, MATRIX

SCREENS = (
    "slots",
    "book",
    "booked",
    "booked-failed",
    "booked-refused",
    "keypad-code",
    "keypad-name",
    "ticket-appointment",
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    driver = start_kiosk(tmp_path_factory.mktemp("booking-layout"), screen={"staff_pin_hash": ""})
    state, flow = driver.app.state, driver.app.flow
    flow.choose_language("de")
    flow.open_service("rente")
    flow.booking.open_slots()
    flow.booking.pick(state.snapshot.offers[0])
    state.booking_name = "AYSE-MARIE"
    flow.booking.book()
    driver.until(lambda: state.booking is not None and not state.booking_busy, what="a booking")
    made = state.booking
    flow.booking.check_in(made.booking.code)
    driver.until(lambda: state.checked_in is not None, what="a check-in")
    arrived = state.checked_in
    yield driver, made, arrived
    driver.close()


def show(driver: Driver, made, arrived, screen: str, language: str, large: bool) -> None:
    app, state = driver.app, driver.app.state
    app.flow.touched()  # no idle return to the welcome screen in mid-check (see test_layout.show)
    app.theme.large_text = large
    state.set_language(language)
    state.service_id = made.booking.service_id
    state.offer = next((o for o in state.snapshot.offers if o.slot.service_id == "rente"), None)
    state.booking_name = "AYSE-MARIE"
    state.booking_preview = ""
    if screen.startswith("booked"):
        state.booking, state.booking_error = (
            (None, SlotFull()) if screen == "booked-refused" else (made, None)
        )
        state.booking_print = "failed" if screen == "booked-failed" else "printed"
        screen = "booked"
    if screen.startswith("keypad"):
        state.keypad_mode = screen.split("-")[1]
        screen = "keypad"
    if screen == "ticket-appointment":
        state.issue_error = None
        state.issued, state.checked_in, state.print_state = arrived.issued, arrived, "printed"
        screen = "ticket"
    app.root.ids.screens.current = screen
    if screen == "keypad":
        keypad = app.root.ids.screens.get_screen("keypad")
        for key in "K7P4MX" if state.keypad_mode == "code" else "AYSE":
            keypad.press(key)
    app.flow.update_band()
    driver.settle(8)


def check(driver: Driver, made, arrived, size: str, language: str, large: bool) -> list[str]:
    driver.use_display(size)
    problems = []
    touch = driver.app.theme.mm(15)
    for screen in SCREENS:
        show(driver, made, arrived, screen, language, large)
        found = text_problems(driver.app.root, SIZES[size]) + small_targets(driver.app.root, touch)
        problems += [f"{size} {language}{' large' if large else ''} {screen}: {p}" for p in found]
    return problems


@pytest.mark.parametrize(("size", "language", "large"), MATRIX)
def test_every_booking_screen_fits(app, size, language, large):
    problems = check(*app, size, language, large)
    assert not problems, "\n".join(problems)


def test_all_languages_are_covered():
    assert {lang for _size, lang, _large in MATRIX} == set(ALL)
