"""Every screen in every offered language at the three display sizes: no text
overflows, is clipped or draws boxes, and every target is at least 15 mm."""

from __future__ import annotations

import pytest

from kiosk.i18n.languages import LANGUAGES
from kiosk.printing.worker import VISITOR_PAPER_OUT
from tests.ui.conftest import start_kiosk
from tests.ui.harness import SIZES, Driver
from tests.ui.layout_check import small_targets, text_problems

ALL = tuple(LANGUAGES)
SCREENS = ("welcome", "today", "service", "confirm", "ticket", "ticket-failed", "info", "pin", "maintenance")
# Every combination, in the normal run: the large-text corners are where
# layouts broke (an 800x480 keypad, a portrait check-in bar), and only the
# whole matrix finds them. About four minutes with the booking screens.
MATRIX = [(size, lang, large) for size in SIZES for lang in ALL for large in (False, True)]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    driver = start_kiosk(tmp_path_factory.mktemp("layout"), screen={"staff_pin_hash": ""})
    # A real ticket, so the ticket screen has something to show in every language.
    flow = driver.app.flow
    flow.choose_language("de")
    flow.open_service("schulden")
    flow.ask_ticket()
    flow.take_ticket()
    driver.until(lambda: driver.app.state.issued is not None, what="a ticket")
    ticket = driver.app.state.issued
    yield driver, ticket
    driver.close()


def show(driver: Driver, ticket, screen: str, language: str, large: bool) -> None:
    app, state = driver.app, driver.app.state
    # As a visitor's touch would: the idle clock runs in real time, and a module of
    # checks under load outlasts the idle timeout; its return to the welcome screen
    # (in German, sliding the checked screen out) in mid-check is no layout fault.
    app.flow.touched()
    app.theme.large_text = large
    state.set_language(language)
    if screen.startswith("ticket"):
        state.issued = ticket
        state.print_state = "failed" if screen == "ticket-failed" else "printed"
        state.print_message = VISITOR_PAPER_OUT if screen == "ticket-failed" else ""
        screen = "ticket"
    if screen in ("service", "confirm"):
        state.service_id = "schulden"
    app.root.ids.screens.current = screen
    app.flow.update_band()
    driver.settle(8)


def check(driver: Driver, ticket, size: str, language: str, large: bool) -> list[str]:
    driver.use_display(size)
    problems = []
    touch = driver.app.theme.mm(15)
    for screen in SCREENS:
        show(driver, ticket, screen, language, large)
        found = text_problems(driver.app.root, SIZES[size]) + small_targets(driver.app.root, touch)
        problems += [f"{size} {language}{' large' if large else ''} {screen}: {p}" for p in found]
    return problems


@pytest.mark.parametrize(("size", "language", "large"), MATRIX)
def test_every_screen_fits(app, size, language, large):
    driver, ticket = app
    problems = check(driver, ticket, size, language, large)
    assert not problems, "\n".join(problems)


def test_the_check_sees_an_overflowing_text(app):
    """The checker itself: a long word in a narrow label is reported."""
    driver, _ticket = app
    driver.use_display("800x480")
    show(driver, None, "welcome", "de", False)
    welcome = driver.app.root.ids.screens.get_screen("welcome")
    # Checked before the next frame: the greetings take turns on a clock, and
    # a turn between setting and checking would replace the long word.
    welcome.greeting = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
    try:
        problems = text_problems(driver.app.root, (800, 480))
        assert any("wider than the label" in p for p in problems), problems
    finally:
        welcome.next_greeting()
