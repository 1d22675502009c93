"""Write docs/screenshots/: the screens and the printed slip in several languages.

Runs the real app on the demo office at a fixed moment under a private Xvfb
(the same harness the UI tests use), at 1280×800:

- every main screen in German, Arabic and Ukrainian;
- welcome, "here today" and the ticket in Persian, Turkish and Easy German
  (the welcome screen in the language a kiosk is set to start in:
  ``[screen] default_language``);
- booking an appointment: every step in German and Arabic, the slot screen
  in Ukrainian, Persian, Turkish and Easy German; checking in with the
  demo's Arabic booking;
- the printed slip of a real ticket in Arabic, Persian, Ukrainian, Turkish
  and Easy German, drawn by the slip renderer as the preview printer saves it.

Run: python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui import conftest  # noqa: E402  (prepares Kivy before it is imported)

OUT = ROOT / "docs" / "screenshots"
EVERY_SCREEN = ("de", "ar", "uk")
MAIN_SCREENS = ("fa", "tr", "de-easy")
SLIPS = ("ar", "fa", "uk", "tr", "de-easy")
BOOKING_EVERY_STEP = ("de", "ar")
BOOKING_SLOTS = ("uk", "fa", "tr", "de-easy")


def shoot(driver, name: str) -> None:
    driver.settle(8)
    driver.screenshot(OUT / f"{name}.png")


def welcome(driver, lang: str) -> None:
    """The first screen of a kiosk that starts in ``lang``, greeting in it."""
    from kiosk.i18n.languages import LANGUAGES

    state, screen = driver.app.state, driver.app.root.ids.screens.get_screen("welcome")
    driver.app.flow.restart()
    state.set_language(lang)
    screen.greeting = LANGUAGES[lang].greeting
    shoot(driver, f"welcome-{lang}")


def visit(driver, lang: str, every_screen: bool) -> None:
    flow, state = driver.app.flow, driver.app.state
    welcome(driver, lang)
    flow.choose_language(lang)
    shoot(driver, f"today-{lang}")
    flow.open_service("schulden")
    if every_screen:
        shoot(driver, f"service-{lang}")
    flow.ask_ticket()
    if every_screen:
        shoot(driver, f"confirm-{lang}")
    flow.take_ticket()
    driver.until(lambda: state.issued is not None)
    state.print_state = "printed"
    shoot(driver, f"ticket-{lang}")
    if every_screen:
        flow.show_info()
        shoot(driver, f"info-{lang}")
    flow.restart()
    driver.settle(4)


def book(driver, lang: str, every_step: bool) -> None:
    """Book a pension appointment: the slots, then (every_step) the question and the booked screen."""
    flow, state = driver.app.flow, driver.app.state
    flow.restart()
    flow.choose_language(lang)
    flow.open_service("rente")
    flow.booking.open_slots()
    shoot(driver, f"book-slots-{lang}")
    if every_step:
        flow.booking.pick(next(driver.all("SlotButton")).offer)
        shoot(driver, f"book-confirm-{lang}")
        flow.booking.book()
        driver.until(lambda: state.booking is not None, what="the booking")
        driver.until(lambda: state.booking_print == "printed", timeout=20, what="the slip")
        shoot(driver, f"book-booked-{lang}")
    flow.restart()
    driver.settle(4)


def check_in(driver) -> None:
    """The ticket screen after the demo's Arabic appointment (due today) is checked in."""
    import sqlite3

    state = driver.app.state
    conn = sqlite3.connect(driver.app.kiosk_config.storage.database)
    try:
        sql = "SELECT code FROM bookings WHERE language = 'ar' AND state = 'booked' LIMIT 1"
        (code,) = conn.execute(sql).fetchone()
    finally:
        conn.close()
    driver.app.flow.restart()
    driver.app.flow.booking.check_in(code)
    driver.until(lambda: state.checked_in is not None, what="the check-in")
    shoot(driver, "checkin-ticket-ar")
    driver.app.flow.restart()
    driver.settle(4)


def slips(driver) -> None:
    """A real ticket's slip per language, as the preview printer draws it."""
    from kiosk.printing.content import ticket_slip
    from kiosk.printing.paper import paper_for
    from kiosk.printing.png_render import PngRenderer
    from kiosk.store import Store
    from kiosk.store import queue as ops

    config = driver.app.kiosk_config
    with Store(config.storage.database, driver.app.domain_clock) as store:
        for lang in SLIPS:
            ticket = ops.issue_ticket(store, "jobcenter", lang).ticket
            slip = ticket_slip(store, ticket, config.printer)
            (OUT / f"slip-{lang}.png").write_bytes(PngRenderer(paper_for(config.printer)).render(slip))


def main() -> None:
    driver = conftest.start_kiosk(Path(tempfile.mkdtemp(prefix="kiosk-shots-")))
    for lang in EVERY_SCREEN:
        visit(driver, lang, every_screen=True)
    for lang in MAIN_SCREENS:
        visit(driver, lang, every_screen=False)
    for lang in BOOKING_EVERY_STEP:
        book(driver, lang, every_step=True)
    for lang in BOOKING_SLOTS:
        book(driver, lang, every_step=False)
    check_in(driver)
    slips(driver)
    driver.close()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
