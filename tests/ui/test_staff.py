"""Staff at the kiosk: the hidden gesture, the PIN, the maintenance screen,
and a call made in the web console showing up on the touchscreen's band."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.passwords import hash_secret
from kiosk.store import Store, staff
from kiosk.sync.runner import NOT_CONFIGURED
from kiosk.web.service import WebService
from tests.ui.conftest import start_kiosk
from tests.ui.harness import Driver

PIN = "2468"


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Iterator[Driver]:
    driver = start_kiosk(tmp_path_factory.mktemp("staff"), screen={"staff_pin_hash": hash_secret(PIN)})
    # `kiosk run` reads its config from a file, and "sync now" hands that file
    # to the `kiosk sync` process: write the parts the sync reads.
    config = driver.app.kiosk_config
    Path(config.source).write_text(
        f'[office]\nid = "{config.office.id}"\n[storage]\ndata_dir = "{config.storage.data_dir}"\n',
        encoding="utf-8",
    )
    yield driver
    driver.close()


def open_pin_pad(kiosk: Driver) -> None:
    kiosk.app.flow.restart()
    kiosk.until(lambda: kiosk.screen.name == "welcome")
    kiosk.wait_input_ready()
    greeting = kiosk.screen.ids.greeting
    touch = kiosk.press(greeting)
    kiosk.idle_time.advance(3.2)  # held for more than three seconds
    kiosk.release(touch)
    kiosk.until(lambda: kiosk.screen.name == "pin", what="the PIN pad")


def type_pin(kiosk: Driver, digits: str) -> None:
    for key in [*digits, "ok"]:
        kiosk.tap(kiosk.find("PinKey", key=key))


def test_a_short_touch_on_the_greeting_does_nothing(kiosk: Driver):
    kiosk.app.flow.restart()
    kiosk.until(lambda: kiosk.screen.name == "welcome")
    kiosk.wait_input_ready()
    touch = kiosk.press(kiosk.screen.ids.greeting)
    kiosk.idle_time.advance(1.0)
    kiosk.release(touch)
    kiosk.settle()
    assert kiosk.screen.name == "welcome"


def test_a_wrong_pin_is_refused_and_the_right_one_opens_maintenance(kiosk: Driver):
    open_pin_pad(kiosk)
    type_pin(kiosk, "1111")
    kiosk.until(lambda: kiosk.screen.message, what="the refusal")
    assert kiosk.screen.name == "pin"
    type_pin(kiosk, PIN)
    kiosk.until(lambda: kiosk.screen.name == "maintenance", what="the maintenance screen")


def test_maintenance_prints_a_test_slip_and_reports_the_sync(kiosk: Driver):
    if kiosk.screen.name != "maintenance":
        open_pin_pad(kiosk)
        type_pin(kiosk, PIN)
        kiosk.until(lambda: kiosk.screen.name == "maintenance")
    note_before = kiosk.app.state.maintenance_note
    kiosk.tap(kiosk.find("KButton", text=kiosk.app.state.tr("Testdruck")))
    kiosk.until(lambda: kiosk.app.state.maintenance_note != note_before, what="the test print's outcome")
    running = kiosk.app.state.tr("Abgleich läuft …")
    kiosk.tap(kiosk.find("KButton", text=kiosk.app.state.tr("Plan jetzt abgleichen")))
    kiosk.until(lambda: kiosk.app.state.maintenance_note == running, what="the running note")
    kiosk.until(lambda: kiosk.app.state.maintenance_note != running, timeout=60, what="the sync's report")
    # The real `kiosk sync` ran in its own process; this kiosk has no feed
    # configured, and the report says so in a sentence staff can act on.
    assert kiosk.app.state.maintenance_note == kiosk.app.state.tr(NOT_CONFIGURED)


def test_a_call_in_the_web_console_appears_on_the_band(kiosk: Driver):
    web = next(s for s in kiosk.app.services if isinstance(s, WebService))
    kiosk.until(lambda: web.handle is not None, what="the staff web server")
    with Store(kiosk.app.kiosk_config.storage.database, kiosk.app.domain_clock) as store:
        staff.add_account(store, "anna", hash_secret("5791"))
    kiosk.app.flow.restart()
    taken: list = []
    kiosk.app.backend.issue("web-test", "migration", "ar", taken.append)  # as a visitor would
    kiosk.until(lambda: taken, what="the ticket")
    mine = taken[0].issued.ticket.code
    with httpx.Client(base_url=web.handle.url, timeout=10) as http:
        session = http.post("/api/staff/session", json={"account": "anna", "secret": "5791", "desk": 3})
        assert session.status_code == 200, session.text
        headers = {"X-CSRF-Token": session.json()["csrf_token"]}
        chosen = http.put("/api/staff/desk/services", json={"services": ["migration"]}, headers=headers)
        assert chosen.status_code == 200, chosen.text
        called = http.post("/api/staff/call-next", json={"service": "migration"}, headers=headers)
        assert called.status_code == 200, called.text
        assert called.json()["code"] == mine  # nobody else waits for migration in the demo morning
    band = kiosk.app.root.ids.band
    kiosk.until(
        lambda: any(item.code == mine for item in band.ids.codes.children), timeout=5, what="the band"
    )
