"""A visitor's way through the real app, driven by touches at the widgets' positions."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from kiosk.store import Store
from kiosk.store.printjobs import jobs_for_ticket
from kiosk.ui.fonts import ARABIC_BOLD
from tests.ui.harness import Driver

ROOT = Path(__file__).resolve().parents[2]


def committed_tickets(driver: Driver) -> list[tuple]:
    conn = sqlite3.connect(driver.app.kiosk_config.storage.database)
    try:
        return conn.execute("SELECT id, code, service_id, language FROM tickets ORDER BY id").fetchall()
    finally:
        conn.close()


def test_pick_arabic_tap_a_service_take_a_ticket(kiosk: Driver, shots):
    assert kiosk.screen.name == "welcome"
    kiosk.tap(kiosk.find("LanguageButton", code="ar"))
    assert kiosk.screen.name == "today"
    assert kiosk.app.state.language == "ar" and kiosk.app.state.rtl
    row = kiosk.find("ServiceRowView", row=kiosk.until(lambda: _row(kiosk, "schulden")))
    name = next(w for w in row.walk(restrict=True) if type(w).__name__ == "KLabel" and w.text)
    assert name.text == "استشارات الديون" and name.font_name == str(ARABIC_BOLD) and name.halign == "right"
    # mirrored: the pictogram sits at the right end of the row
    pictogram = next(w for w in row.walk(restrict=True) if type(w).__name__ == "Pictogram")
    assert pictogram.center_x > row.center_x
    kiosk.screenshot(shots / "visit-ar-today.png")

    kiosk.tap(row)
    assert kiosk.screen.name == "service"
    kiosk.tap(kiosk.screen.ids.take)
    assert kiosk.screen.name == "confirm"
    before = committed_tickets(kiosk)
    kiosk.tap(kiosk.screen.ids.take)
    assert kiosk.screen.name == "ticket"
    shown = kiosk.until(
        lambda: kiosk.app.state.issued and kiosk.screen.ids.code.text != "…" and kiosk.screen.ids.code.text
    )
    after = committed_tickets(kiosk)
    assert len(after) == len(before) + 1
    _id, code, service, language = after[-1]
    assert shown == code and service == "schulden" and language == "ar"
    kiosk.screenshot(shots / "visit-ar-ticket.png")


def _row(driver: Driver, service_id: str):
    for view in driver.all("ServiceRowView"):
        if view.row and view.row.service_id == service_id:
            return view.row
    return None


def test_a_double_tap_on_take_a_ticket_issues_one(kiosk: Driver):
    kiosk.tap(kiosk.screen.ids.done) if kiosk.screen.name == "ticket" else None
    kiosk.tap(kiosk.find("LanguageButton", code="de"))
    kiosk.tap(kiosk.find("ServiceRowView", row=kiosk.until(lambda: _row(kiosk, "jobcenter"))))
    kiosk.tap(kiosk.screen.ids.take)
    before = committed_tickets(kiosk)
    take = kiosk.screen.ids.take
    kiosk.wait_input_ready()
    # A bouncing finger: down-up-down-up within 40 ms, then an impatient third press.
    first = kiosk.press(take)
    kiosk.release(first)
    second = kiosk.touch(*kiosk.position(take))
    kiosk.loop._dispatch_input("begin", second)
    kiosk.loop._dispatch_input("end", second)
    kiosk.step(2)
    kiosk.app.flow.take_ticket()  # and a press that reached the flow directly
    kiosk.until(lambda: kiosk.app.state.issued is not None)
    kiosk.settle(10)
    after = committed_tickets(kiosk)
    assert len(after) == len(before) + 1
    with Store(kiosk.app.kiosk_config.storage.database, kiosk.app.domain_clock) as store:
        assert len(jobs_for_ticket(store, after[-1][0])) == 1  # one slip queued, never two


def test_idle_minute_returns_to_welcome_in_the_default_language(kiosk: Driver):
    kiosk.tap(kiosk.screen.ids.done) if kiosk.screen.name == "ticket" else None
    kiosk.tap(kiosk.find("LanguageButton", code="uk"))
    kiosk.tap(kiosk.find("BarButton", text="A+"))
    assert kiosk.screen.name == "today" and kiosk.app.theme.large_text
    kiosk.idle_time.advance(kiosk.app.kiosk_config.screen.idle_timeout_s - 5)
    kiosk.step(3)
    kiosk.until(lambda: True)
    assert kiosk.screen.name == "today"  # not yet
    kiosk.idle_time.advance(6)
    kiosk.until(lambda: kiosk.screen.name == "welcome", timeout=5, what="the idle return")
    assert kiosk.app.state.language == "de" and not kiosk.app.theme.large_text


def test_a_schedule_changed_by_another_process_appears(kiosk: Driver, tmp_path):
    kiosk.tap(kiosk.find("LanguageButton", code="de"))
    assert _row(kiosk, "wohngeld") is None
    script = tmp_path / "change.py"
    script.write_text(CHANGE_SCHEDULE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(kiosk.app.kiosk_config.storage.database)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    row = kiosk.until(lambda: _row(kiosk, "wohngeld"), timeout=10, what="the new service on screen")
    assert row.name == "Wohngeldberatung" and row.status == "now"


# Run as a separate process, as `kiosk sync` would: replace the plan with one
# more service that is on now.
CHANGE_SCHEDULE = """
import sys
from dataclasses import replace
from datetime import time
from kiosk.core.model import Service, Session
from kiosk.core.timekeeping import FixedClock
from kiosk.demo import demo_schedule
from kiosk.store import Store
from kiosk.store.schedule import replace_schedule
from tests.conftest import THURSDAY, berlin

now = berlin(THURSDAY, 10)
plan = demo_schedule(now)
extra = Service("wohngeld", {"de": "Wohngeldberatung"}, "W", "generic")
session = Session("wohngeld", THURSDAY, time(9), time(15), "5", ("de",), "t-wohngeld")
plan = replace(plan, services=(*plan.services, extra), sessions=(*plan.sessions, session), version="2")
with Store(sys.argv[1], FixedClock(now)) as store:
    replace_schedule(store, plan)
"""
