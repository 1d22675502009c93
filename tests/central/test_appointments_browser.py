"""The plan editor's appointment parts in headless Chromium: slots on a session, a phone booking, the
booked slots with a conflict. Screenshot: build/screenshots/central-appointments.png (a copy of it is
docs/screenshots/central-appointments.png; running the tests leaves the docs alone)."""

from __future__ import annotations

from playwright.sync_api import expect

from kiosk.core.booking_code import display
from kiosk.store import Store
from kiosk.sync.bookings import book
from tests.browser import SCREENSHOTS, open_page
from tests.central.conftest import PLANNER, enrol
from tests.central.test_appointments import pension_slot, with_slots


def test_a_planner_gives_a_session_slots_enters_a_phone_booking_and_sees_the_conflict(
    browser,
    central,
    planner,
    make_kiosk,
    clock,
):
    thursday = with_slots(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        mine = book(store, pension_slot(9), "tr").booking
        offline = book(store, pension_slot(9, 30), "de").booking
    # 09:30 is taken from the kiosk and booked by phone before the kiosk's booking arrives: a conflict.
    planner.ok(
        "PATCH", f"/api/v1/sessions/{thursday['id']}", {"appointments": {"minutes": 30, "kiosk": ["09:00"]}}
    )
    planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/bookings",
        {"service_id": "jobcenter", "date": "2026-12-03", "start": "09:30"},
    )
    clock.advance(minutes=1)
    assert kiosk.run("sync").exit_code == 0

    page = open_page(browser, central.url + "/plan/nordstadt")
    page.fill("input[name=name]", PLANNER[0])
    page.fill("input[name=password]", PLANNER[1])
    page.click("#signin button[type=submit]")
    expect(page.get_by_role("heading", name="Quartiersbüro Nordstadt")).to_be_visible()

    # Debt counselling on Mondays gets 45-minute slots, two places each, all of them the kiosk's.
    monday = page.locator(".day").nth(0).locator(".session", has_text="Schuldnerberatung")
    monday.locator("details.actions summary").click()
    slots = monday.locator("form", has=page.locator("input[name='appointments.capacity']"))
    slots.locator("input[name='appointments.on']").check()
    slots.locator("input[name='appointments.capacity']").fill("2")
    slots.locator("input[name='appointments.kiosk']").fill("alle")
    slots.locator("button[type=submit]").click()
    monday = page.locator(".day").nth(0).locator(".session", has_text="Schuldnerberatung")
    expect(monday).to_contain_text("Termine: 45 Min., 2 Plätze · Kiosk: alle")  # the service's length
    thursday_card = page.locator(".day").nth(3).locator(".session")
    expect(thursday_card).to_contain_text("Termine: 30 Min., 1 Platz · Kiosk: 09:00")

    # A phone booking of the agency, then one in the kiosk's slot, which is refused.
    form = page.locator("#bookings form")
    form.locator("select[name=service_id]").select_option("jobcenter")
    form.locator("input[name=date]").fill("2026-12-03")
    form.locator("input[name=start]").fill("11:00")
    form.locator("button[type=submit]").click()
    table = page.locator("#bookings table")
    expect(table.locator("tr", has_text="11:00")).to_contain_text("Telefon")
    form = page.locator("#bookings form")
    form.locator("input[name=date]").fill("2026-12-03")
    form.locator("input[name=start]").fill("09:00")
    form.locator("button[type=submit]").click()
    expect(form.locator(".error")).to_contain_text("gehört dem Kiosk")

    table = page.locator("#bookings table")
    expect(table.locator("tr", has_text=display(mine.code))).to_contain_text("1 / 1")
    conflict = table.locator("tr.flagged")
    expect(conflict).to_contain_text(display(offline.code))
    expect(conflict).to_contain_text("Konflikt: überbucht")
    expect(page.locator("#bookings .alert")).to_contain_text("Konflikte: 1")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("details.actions").first.evaluate("d => d.open = false")
    bottom = page.locator("#bookings").evaluate("s => s.getBoundingClientRect().bottom + window.scrollY")
    page.screenshot(
        path=str(SCREENSHOTS / "central-appointments.png"),
        clip={"x": 0, "y": 0, "width": 1366, "height": bottom + 16},
        full_page=True,
    )
