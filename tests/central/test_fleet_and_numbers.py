"""Heartbeats on the fleet page, and the kiosks' day counts on the dashboard and in the CSV export."""

from __future__ import annotations

from datetime import timedelta

from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from tests.central.conftest import Kiosk, enrol, seed_plan
from tests.central.test_uploads import ready_kiosk


def test_each_sync_reports_to_the_fleet_page_which_flags_printer_clock_and_silence(
    central, planner, sign_in, tmp_path, clock
):
    seed_plan(planner)
    kiosk_clock = FixedClock(clock.now() + timedelta(minutes=10))  # this Pi's clock runs ten minutes ahead
    kiosk = Kiosk(tmp_path / "pi", kiosk_clock)
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    [seen] = planner.ok("GET", "/api/v1/kiosks")
    assert seen["version"] == "0.1.0" and seen["label"] == "Eingang"
    assert seen["feed_version"] == seen["published_version"] == "nordstadt.r4"
    assert seen["clock_offset_seconds"] == 600.0
    assert seen["flags"] == ["clock"] and seen["problems"] == ["Uhr geht 600 s falsch"]

    kiosk_clock.set(clock.now())
    with Store(kiosk.folder / "kiosk.db", kiosk_clock) as store, store.write() as tx:
        store.set_status("printer", {"state": "paper_out", "detail": "Papier ist leer"}, tx.now)
    assert kiosk.run("sync").exit_code == 0
    [seen] = planner.ok("GET", "/api/v1/kiosks")
    assert seen["flags"] == ["printer"] and seen["problems"] == ["Drucker: Papier ist leer"]

    clock.advance(hours=27)
    planner = sign_in()  # the planner's own session ended meanwhile
    [seen] = planner.ok("GET", "/api/v1/kiosks")
    assert seen["flags"][0] == "silent"
    page = planner.get("/fleet")
    assert "meldet sich nicht" in page.text and "Drucker: Papier ist leer" in page.text


def test_the_dashboard_counts_each_days_visits_and_hides_small_cells(central, planner, make_kiosk, clock):
    kiosk = ready_kiosk(central, planner, make_kiosk, clock)
    assert kiosk.run("sync").exit_code == 0
    numbers = planner.ok("GET", "/api/v1/dashboard")
    assert numbers["days"] == 3
    assert numbers["total"]["visits"] == 18
    assert numbers["total"]["no_shows"] == "< 5"  # three people who did not come are a small cell too
    assert numbers["by_language"] == {"de": 6, "tr": 6, "ar": 6}
    assert numbers["by_hour"] == {"9": 18}
    assert set(numbers["by_week"]) == {"2026-W45", "2026-W46", "2026-W47"}
    one_day = planner.ok("GET", "/api/v1/dashboard?from=2026-11-05&until=2026-11-05")
    assert one_day["total"]["visits"] == 6
    assert one_day["total"]["no_shows"] == "< 5"
    assert one_day["by_language"] == {"de": "< 5", "tr": "< 5", "ar": "< 5"}
    csv = planner.get("/api/v1/dashboard.csv", **{"from": "2026-11-05", "until": "2026-11-05"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[1].split(";")[:6] == ["nordstadt", "jobcenter", "2026-W45", "6", "5", "< 5"]
    page = planner.get("/dashboard", first="2026-11-05", last="2026-11-05")
    assert "&lt; 5" in page.text and "Besuche" in page.text
