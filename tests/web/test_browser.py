"""The pages in a real browser: Debian's headless Chromium driven by Playwright.

Sign in, call a number, see it on the display within a second; the
announcements queue; the "connection lost" state; and screenshots of the
console (laptop and phone width), the display (1920×1080) and the phone page,
saved to build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from kiosk.config import parse_config
from kiosk.demo import DESKS as DEMO_DESKS
from kiosk.demo import prepare_demo
from kiosk.store import Store, staff
from kiosk.store import queue as ops
from kiosk.web.server import serve_in_thread
from tests.browser import SCREENSHOTS, open_page
from tests.web.conftest import HASHES, PIN_ANNA, PIN_DESK2


def open_display(browser: Browser, base: str) -> Page:
    page = open_page(browser, base + "/display", 1920, 1080)
    page.wait_for_function("() => window.kioskDisplay && window.kioskDisplay.states > 0")
    return page


def sign_in(page: Page, account: str, secret: str, desk: int | None = None) -> None:
    expect(page.locator("#signin")).to_be_visible()  # the page has asked whether it is signed in
    page.fill("input[name=account]", account)
    page.fill("input[name=secret]", secret)
    if desk is not None:
        page.select_option("select[name=desk]", str(desk))
    page.click("#signin-form button[type=submit]")
    expect(page.locator("#console")).to_be_visible()


def test_sign_in_call_and_see_it_on_the_display_within_a_second(browser, server, store):
    first = ops.issue_ticket(store, "schulden", "uk").ticket
    display = open_display(browser, server.url)
    phone = open_page(browser, f"{server.url}/t/{first.token}", 390, 844)
    waiting = "Будь ласка, зачекайте, вас викличуть."  # the ticket's language
    expect(phone.locator("#headline")).to_have_text(waiting)
    console = open_page(browser, server.url + "/staff", 1366, 900)
    sign_in(console, "platz-2", PIN_DESK2)
    expect(console.locator("#desk-label")).to_contain_text("Platz 2")

    console.click("#btn-next")
    pressed = time.perf_counter()
    expect(display.locator("#current .tile .code").first).to_have_text(first.code, timeout=1000)
    seen_after = time.perf_counter() - pressed
    expect(display.locator("#current .tile .room").first).to_have_text("2")
    expect(display.locator("#current .tile").first).to_have_class("tile flash")
    expect(console.locator("#current-code")).to_have_text(first.code)
    expect(phone.locator("#headline")).to_have_text("Будь ласка, пройдіть зараз до кімнати 2.", timeout=2000)
    expect(phone.locator("body")).to_have_class("phone state-called")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SCREENSHOTS / "phone-called.png")
    print(f"\ncall visible on the display {seen_after * 1000:.0f} ms after the click")

    console.click("#btn-finish")
    expect(console.locator("#current-code")).to_have_text("–")
    expect(display.locator("#current .tile")).to_have_count(0)


def test_wrong_pin_and_expired_session_show_the_sign_in_form(browser, server, clock):
    console = open_page(browser, server.url + "/staff", 1366, 900)
    expect(console.locator("#signin")).to_be_visible()
    console.fill("input[name=account]", "anna")
    console.fill("input[name=secret]", "0000")
    console.select_option("select[name=desk]", "1")
    console.click("#signin-form button[type=submit]")
    expect(console.locator("#signin-error")).to_have_text("Anmeldename oder PIN stimmt nicht.")
    sign_in(console, "anna", PIN_ANNA, desk=1)
    # Let the console's first requests (overview, stats, charts) finish before time jumps: one of
    # them arriving after the jump would end the session first, and the reload would read
    # "not signed in" instead of "expired".
    expect(console.locator("#stats thead")).to_have_count(1)
    console.wait_for_function(
        "() => ['chart-arrivals', 'chart-waits'].every((id) => document.getElementById(id).complete)"
    )
    # Then leave the page: its live stream and the refresh the stream's "open" schedules (which
    # now loads today's appointments too) may still reach the server, and the first request after
    # the jump ends the session as expired, so a reload would read "not signed in". The staff
    # member comes back 11 hours later.
    console.goto("about:blank")
    console.wait_for_timeout(300)  # what was already on its way is answered before the jump
    clock.advance(hours=11)
    console.goto(server.url + "/staff")
    expect(console.locator("#signin")).to_be_visible()
    expect(console.locator("#console")).to_be_hidden()
    expect(console.locator("#signin-error")).to_contain_text("abgelaufen")


def test_announcements_queue_behind_the_one_being_spoken(browser, server, store):
    ops.issue_ticket(store, "schulden")
    ops.issue_ticket(store, "jobcenter")
    display = open_display(browser, server.url)
    ops.call_next(store, 2)  # two calls within a few milliseconds
    ops.call_next(store, 1)
    display.wait_for_function(
        "() => { const log = window.kioskAnnouncer.log; return log.length === 4 && log.every(e => e.end); }",
        timeout=30_000,
    )
    log = display.evaluate("window.kioskAnnouncer.log")
    assert [(e["code"], e["step"].rsplit("/", 1)[-1]) for e in log] == [
        ("S-001", "chime"),
        ("S-001", "de.wav"),
        ("J-001", "chime"),
        ("J-001", "de.wav"),
    ]
    assert all(e["result"] == "ended" for e in log), log
    for before, after in itertools.pairwise(log):
        assert after["start"] >= before["end"]  # nothing is cut off or spoken over
    assert log[1]["end"] - log[1]["start"] > 1000  # a real spoken sentence, not an empty file


def test_display_shows_connection_lost_and_recovers(browser, config, store, accounts, clock):
    handle = serve_in_thread(config, clock)
    port = handle.port
    display = open_display(browser, handle.url)
    expect(display.locator("#lost")).to_be_hidden()
    handle.stop()
    expect(display.locator("#lost")).to_be_visible(timeout=15_000)
    expect(display.locator("#lost")).to_contain_text("Verbindung unterbrochen")
    ops.issue_ticket(store, "jobcenter")
    ops.call_next(store, 1)
    again = serve_in_thread(config, clock, port=port)
    try:
        expect(display.locator("#lost")).to_be_hidden(timeout=15_000)
        expect(display.locator("#current .tile .code").first).to_have_text("J-001")
    finally:
        again.stop()


@pytest.fixture
def demo_server(tmp_path, clock) -> Iterator[tuple[str, str]]:
    """The demo office (eight services, a morning of queue) for realistic screenshots."""
    config = parse_config(
        {
            "storage": {"data_dir": str(tmp_path)},
            "desks": [{"id": d.id, "name": d.name, "room": d.room} for d in DEMO_DESKS],
            "web": {"port": 0},
        }
    )
    prepare_demo(str(tmp_path / "kiosk.db"), clock.now())
    with Store(tmp_path / "kiosk.db", clock) as store:
        staff.add_account(store, "platz-2", HASHES[PIN_DESK2], desk_id=2)
        store.set_status(
            "printer", {"state": "paper_low", "detail": "Papierrolle bald leer.", "at": None}, clock.now()
        )
        store.set_status(
            "sync", {"last_success": "2026-11-26T03:00:02+01:00", "last_error": None}, clock.now()
        )
        tokens = [ops.issue_ticket(store, "schulden", lang).ticket.token for lang in ("ar", "de", "tr")]
    with serve_in_thread(config, clock) as handle:
        yield handle.url, tokens[0]


def test_screenshots_of_console_display_and_phone(browser, demo_server):
    base, arabic_token = demo_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    display = open_display(browser, base)
    console = open_page(browser, base + "/staff", 1366, 768)
    console.screenshot(path=SCREENSHOTS / "console-signin.png")
    sign_in(console, "platz-2", PIN_DESK2)
    console.click("#btn-finish")  # the demo morning left a visitor at desk 2
    expect(console.locator("#message")).to_have_text("Erledigt.")
    console.click("#btn-next")
    expect(console.locator("#message")).to_contain_text("aufgerufen: bitte zu Raum 2")
    expect(console.locator("#stats tbody tr").first).to_be_visible()
    console.wait_for_function("() => document.getElementById('chart-waits').complete")
    console.screenshot(path=SCREENSHOTS / "console-laptop.png", full_page=True)
    console.set_viewport_size({"width": 390, "height": 844})
    console.screenshot(path=SCREENSHOTS / "console-phone.png", full_page=True)

    expect(display.locator("#current .tile").first).to_have_class("tile flash")
    display.wait_for_timeout(4200)  # after the flash, as a visitor sees it most of the time
    display.screenshot(path=SCREENSHOTS / "display-1920x1080.png")

    phone = open_page(browser, f"{base}/t/{arabic_token}", 390, 844)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    phone.screenshot(path=SCREENSHOTS / "phone-ticket.png")
    for name in ("console-signin", "console-laptop", "console-phone", "display-1920x1080", "phone-ticket"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 5_000
