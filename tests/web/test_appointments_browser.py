"""The console's appointments in headless Chromium: today's list, a conflict, cancelling one.

The screenshot goes to build/screenshots/console-appointments.png for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from kiosk.config import parse_config
from kiosk.core.booking_code import display
from kiosk.demo import DESKS as DEMO_DESKS
from kiosk.demo import OFFICE, demo_feed, prepare_demo
from kiosk.store import Store, staff
from kiosk.store.bookings import find_booking
from kiosk.store.schedule import replace_schedule
from kiosk.sync.load import FeedSettings, build_schedule
from kiosk.web.server import serve_in_thread
from tests.browser import SCREENSHOTS, open_page
from tests.web.conftest import HASHES, PIN_DESK2
from tests.web.test_browser import sign_in


@pytest.fixture
def demo_with_conflict(tmp_path, clock) -> Iterator[tuple[str, list[str]]]:
    """The demo office with its two bookings; the agency then booked next week's by phone too."""
    config = parse_config(
        {
            "storage": {"data_dir": str(tmp_path)},
            "desks": [{"id": d.id, "name": d.name, "room": d.room} for d in DEMO_DESKS],
            "web": {"port": 0},
        }
    )
    codes = prepare_demo(str(tmp_path / "kiosk.db"), clock.now())
    with Store(tmp_path / "kiosk.db", clock) as store:
        staff.add_account(store, "platz-2", HASHES[PIN_DESK2], desk_id=2)
        later = find_booking(store, codes[1])
        document = demo_feed(clock.now())
        weekly = next(s for s in document["offices"][0]["sessions"] if s["id"] == "rente-thu")
        weekly["appointments"] = {
            **weekly["appointments"],
            "taken": [{"date": later.day.isoformat(), "start": f"{later.start:%H:%M}"}],
        }
        data = json.dumps(document).encode()
        settings = FeedSettings(office_id=OFFICE.id, horizon_days=60)
        replace_schedule(store, build_schedule(data, settings, later.booked_at.date()).schedule)
    with serve_in_thread(config, clock) as handle:
        yield handle.url, codes


def test_the_console_lists_todays_appointments_and_a_conflict_staff_can_cancel(browser, demo_with_conflict):
    base, (today_code, later_code) = demo_with_conflict
    console = open_page(browser, base + "/staff", 1366, 900)
    sign_in(console, "platz-2", PIN_DESK2)
    panel = console.locator("section.appointments")
    expect(panel.locator("td.code")).to_have_text([display(today_code)])
    expect(panel.locator("h3").first).to_have_text("Deutsche Rentenversicherung")
    expect(console.locator("#conflicts li")).to_have_count(1)
    expect(console.locator("#conflicts li")).to_contain_text(display(later_code))
    expect(console.locator("#conflicts li")).to_contain_text("überbucht")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel.scroll_into_view_if_needed()
    console.screenshot(path=SCREENSHOTS / "console-appointments.png", full_page=True)
    console.once("dialog", lambda dialog: dialog.accept())
    console.locator("#conflicts li button").click()
    expect(console.locator("#appointments-message")).to_have_text(
        f"Termin {display(later_code)} ist abgesagt."
    )
    expect(console.locator("#conflicts-box")).to_be_hidden()
