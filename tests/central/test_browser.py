"""The planners' pages in Debian's headless Chromium (Playwright): sign in, add a weekly session, see it
in the preview and on the dashboard; screenshots of plan editor, preview, dashboard, fleet page and
the relayed phone page, saved to build/screenshots/central-*.png for a person to look at."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from kiosk.i18n import translator
from kiosk.store import queue as ops
from tests.browser import SCREENSHOTS, open_page
from tests.central.conftest import PLANNER
from tests.central.test_relay import relay_tickets
from tests.central.test_uploads import ready_kiosk
from tests.conftest import THURSDAY, berlin


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"central-{name}.png"), full_page=True)


def test_sign_in_add_a_weekly_session_and_see_it_in_preview_dashboard_fleet_and_phone(
    browser, central, planner, make_kiosk, clock
):
    # A kiosk that relays its queue, has counted three past Thursdays and reports to the fleet page.
    kiosk = ready_kiosk(central, planner, make_kiosk, clock)
    clock.set(berlin(THURSDAY, 10, 5))
    assert kiosk.run("sync").exit_code == 0
    store, tickets, publisher = relay_tickets(kiosk, clock)
    ops.call_next(store, 1)

    page = open_page(browser, central.url + "/plan")
    expect(page).to_have_url(f"{central.url}/login?next=/plan")
    page.fill("input[name=name]", PLANNER[0])
    page.fill("input[name=password]", PLANNER[1])
    page.click("#signin button[type=submit]")
    expect(page.get_by_role("heading", name="Büros")).to_be_visible()
    page.click("text=Quartiersbüro Nordstadt")

    form = page.locator("#add-session")
    form.locator("select[name=service_id]").select_option("schulden")
    form.locator("select[name=weekday]").select_option("thu")
    form.locator("input[name=start]").fill("14:00")
    form.locator("input[name=end]").fill("16:30")
    form.locator("input[name=room]").fill("4")
    form.locator("input[name=languages]").fill("de, ar")
    form.locator("button[type=submit]").click()
    thursday = page.locator(".day").nth(3)
    expect(thursday.locator(".session", has_text="14:00–16:30")).to_contain_text("Schuldnerberatung")
    expect(thursday).to_contain_text("Raum 4")
    shot(page, "plan-editor")

    form = page.locator("#add-session")
    form.locator("input[name=start]").fill("17:00")
    form.locator("input[name=end]").fill("16:00")
    form.locator("button[type=submit]").click()
    expect(form.locator(".error")).to_contain_text("So wäre der Plan ungültig")

    page.click("text=Vorschau: was der Kiosk zeigt")
    page.fill("input[name=date]", "2026-11-26")
    page.fill("input[name=time]", "14:30")
    page.click("form.inline button[type=submit]")
    expect(page.locator("#preview section").first).to_contain_text("Schuldnerberatung")
    expect(page.locator("#preview section").first).to_contain_text("Raum 4")
    shot(page, "preview")

    page.click("nav >> text=Zahlen")
    expect(page.locator("#totals")).to_contain_text("18")
    expect(page.locator("#planned")).to_contain_text("Schuldnerberatung")
    shot(page, "dashboard")
    page.select_option("select[name=office]", "nordstadt")
    page.fill("input[name=first]", "2026-11-05")
    page.fill("input[name=last]", "2026-11-05")
    page.click("form.inline button[type=submit]")
    expect(page.locator("#languages")).to_contain_text("< 5")

    page.click("nav >> text=Kiosks")
    expect(page.locator("#fleet")).to_contain_text("Eingang")
    shot(page, "fleet")

    assert publisher.publish_once()
    phone = open_page(browser, f"{central.url}/t/{tickets[1].token}", 390, 844)
    turkish = translator("tr")  # the ticket's language, as on the kiosk's own page
    expect(phone.locator("#headline")).to_have_text(turkish("Bitte warten Sie, Sie werden aufgerufen."))
    expect(phone.locator("#detail")).to_contain_text(turkish("Vor Ihnen: {n}").format(n=0))
    ops.finish(store, 1)
    ops.call_next(store, 1)
    assert publisher.publish_once()
    called = turkish("Jetzt bitte in Raum {room}.").format(room="1")
    expect(phone.locator("#headline")).to_have_text(called, timeout=10_000)
    shot(phone, "phone")
