"""``kiosk doctor`` finds real causes: a full disk, a damaged file, a dead server, a clock gone back."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import kiosk.printing
from kiosk.core.timekeeping import FixedClock
from kiosk.deploy.backup import backup
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.schedule import replace_schedule
from tests.conftest import THURSDAY, berlin, office_schedule
from tests.deploy.helpers import damage_pages, doctor, ext4_image, fill, needs_root, write_config

ROOT = Path(__file__).resolve().parents[2]


def make_office(data: Path, at: datetime, tickets: int = 3) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    with Store(data / "kiosk.db", FixedClock(at)) as store:
        replace_schedule(store, office_schedule())
        for _ in range(tickets):
            ops.issue_ticket(store, "jobcenter")
    return data / "kiosk.db"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A data dir with a database holding today's plan and three tickets."""
    make_office(tmp_path / "data", berlin(THURSDAY, 9))
    return tmp_path / "data"


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that answers 404 to everything, as a feed path might."""

    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed/test-office.json"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@needs_root
def test_a_full_data_disk_fails_and_says_how_to_make_room(tmp_path: Path):
    with ext4_image(tmp_path, 8) as disk:
        make_office(disk / "kiosk", berlin(THURSDAY, 9))
        config = write_config(tmp_path, disk / "kiosk", min_free_mb=1)
        assert doctor(config)["Speicherplatz"]["level"] == "ok"
        assert "ext4" in doctor(config)["Datenspeicher"]["finding"]

        fill(disk)
        found = doctor(config, expect=1)
    disk_row = found["Speicherplatz"]
    assert disk_row["level"] == "fail"
    assert "ist voll" in disk_row["finding"]
    assert "journalctl --vacuum-size" in disk_row["fix"] and "kiosk-*.db" in disk_row["fix"]
    assert found["Datenbank"]["level"] == "ok"  # reading still works; only writing cannot


@needs_root
def test_little_free_space_fails_before_the_disk_is_full(tmp_path: Path):
    with ext4_image(tmp_path, 8) as disk:
        make_office(disk / "kiosk", berlin(THURSDAY, 9))
        found = doctor(write_config(tmp_path, disk / "kiosk", min_free_mb=50), expect=1)
    assert found["Speicherplatz"]["level"] == "fail"
    assert "mindestens 50 MB nötig" in found["Speicherplatz"]["finding"]


def test_a_damaged_database_fails_and_names_the_newest_backup(office: Path, tmp_path: Path):
    with Store(office / "kiosk.db", FixedClock(berlin(THURSDAY, 9))) as store:
        for _ in range(150):
            ops.issue_ticket(store, "schulden")
    newest = backup(office / "kiosk.db", office / "backups" / "kiosk-20261126-030000.db")
    backup(office / "kiosk.db", office / "backups" / "kiosk-20261125-030000.db")
    config = write_config(tmp_path, office)
    assert doctor(config)["Datenbank"]["level"] == "ok"

    damage_pages(office / "kiosk.db", last=1)
    row = doctor(config, expect=1)["Datenbank"]
    assert row["level"] == "fail"
    assert "ist beschädigt: *** in database main ***" in row["finding"]
    assert (
        row["fix"]
        == f"sudo systemctl stop kiosk && sudo kiosk restore {newest} && sudo systemctl start kiosk"
    )


def test_a_file_that_is_no_database_fails(office: Path, tmp_path: Path):
    (office / "kiosk.db").write_bytes(b"\0" * 8192)
    for side in office.glob("kiosk.db-*"):
        side.unlink()
    row = doctor(write_config(tmp_path, office), expect=1)["Datenbank"]
    assert row["level"] == "fail" and "beschädigt" in row["finding"]
    assert "Keine Sicherung" in row["fix"]


def test_an_unreachable_server_fails(office: Path, tmp_path: Path):
    url = f"http://127.0.0.1:{closed_port()}/feed"
    row = doctor(write_config(tmp_path, office, server_url=url), expect=1)["Zentraler Server"]
    assert row["level"] == "fail"
    assert row["finding"] == f"{url}: Verbindung abgelehnt (Server aus oder falscher Port)"
    assert "Netzwerkkabel" in row["fix"]


def test_a_reachable_server_is_ok_and_its_clock_is_compared(office: Path, tmp_path: Path, feed_server: str):
    config = write_config(tmp_path, office, server_url=feed_server)
    now = datetime.now(UTC)
    assert doctor(config, clock=FixedClock(now))["Zentraler Server"] == {
        "name": "Zentraler Server",
        "level": "ok",
        "finding": f"{feed_server} antwortet (HTTP 404)",
        "fix": "",
    }
    drifted = doctor(config, clock=FixedClock(now - timedelta(hours=3)))["Zentraler Server"]
    assert drifted["level"] == "warn" and "die Uhr weicht ab" in drifted["finding"]


def test_a_clock_behind_the_last_recorded_time_fails(office: Path, tmp_path: Path):
    config = write_config(tmp_path, office)
    assert doctor(config, clock=FixedClock(berlin(THURSDAY, 10)))["Uhrzeit"]["level"] == "ok"
    row = doctor(config, clock=FixedClock(berlin(THURSDAY, 8)), expect=1)["Uhrzeit"]
    assert row["level"] == "fail"
    assert "(26.11.2026 08:00) steht vor der letzten gespeicherten Zeit (26.11.2026 09:00)" in row["finding"]
    assert "timedatectl" in row["fix"]


def test_the_real_system_clock_behind_the_database_fails_in_a_separate_process(tmp_path: Path):
    """No injected clock: the database was written 'tomorrow', the real clock says today."""
    data = tmp_path / "data"
    make_office(data, datetime.now(UTC) + timedelta(days=1), tickets=0)  # the plan's load is an event
    config = write_config(tmp_path, data)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "doctor", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    rows = {f["name"]: f for f in json.loads(done.stdout)}
    assert rows["Uhrzeit"]["level"] == "fail" and "steht vor der letzten" in rows["Uhrzeit"]["finding"]


def test_a_clock_that_was_never_set_fails(office: Path, tmp_path: Path):
    row = doctor(write_config(tmp_path, office), clock=FixedClock(datetime(1970, 1, 1, tzinfo=UTC)), expect=1)
    assert row["Uhrzeit"]["level"] == "fail" and "nicht gestellt" in row["Uhrzeit"]["finding"]


def test_a_broken_config_fails_but_the_other_checks_still_run(tmp_path: Path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[office]\nid = "x"\n[pritner]\nbackend = "usb"\n', encoding="utf-8")
    found = doctor(config, expect=1)
    assert found["Konfiguration"]["level"] == "fail"
    assert "pritner: unknown key (typo?)" in found["Konfiguration"]["finding"]
    assert "sudo nano /etc/kiosk/kiosk.toml" in found["Konfiguration"]["fix"]
    assert {"Speicherplatz", "Uhrzeit", "Zentraler Server", "Touch"} <= set(found)


def test_a_stale_sync_and_missing_paper_fail(office: Path, tmp_path: Path):
    clock = FixedClock(berlin(THURSDAY, 10))
    with Store(office / "kiosk.db", clock) as store, store.write() as tx:
        last = berlin(THURSDAY, 10) - timedelta(days=3)
        sync = {
            "last_attempt": tx.now.isoformat(),
            "last_success": last.isoformat(),
            "last_error": "HTTP 503",
        }
        store.set_status("sync", sync, tx.now)
        paper = {"state": "paper_out", "detail": "Rolle leer.", "at": tx.now.isoformat()}
        store.set_status("printer", paper, tx.now)
    found = doctor(write_config(tmp_path, office), clock=clock, expect=1)
    assert found["Letzter Abgleich"]["level"] == "fail"
    assert (
        found["Letzter Abgleich"]["finding"]
        == "Zuletzt erfolgreich 23.11.2026 10:00 (vor 3 Tagen); letzter Fehler: HTTP 503"
    )
    assert found["Drucker (gemeldet)"]["level"] == "fail"
    assert found["Drucker (gemeldet)"]["finding"].startswith("kein Papier: Rolle leer.")
    assert "Papierrolle" in found["Drucker (gemeldet)"]["fix"]
    assert found["Plan"]["level"] == "ok"


def test_the_live_printer_probe_says_clearly_when_printing_is_not_installed(office: Path, tmp_path: Path):
    row = doctor(write_config(tmp_path, office))["Drucker (jetzt)"]
    if hasattr(kiosk.printing, "make_printer"):  # after the printing branch is merged
        assert row["level"] in ("ok", "warn", "fail") and row["finding"]
    else:
        assert row["level"] == "warn"
        assert "Druckerunterstützung ist in dieser Version nicht installiert" in row["finding"]


def test_the_table_has_a_fix_for_every_failure(office: Path, tmp_path: Path):
    from click.testing import CliRunner

    from kiosk.cli import main

    url = f"http://127.0.0.1:{closed_port()}/"
    config = write_config(tmp_path, office, server_url=url)
    result = CliRunner().invoke(
        main, ["--config", str(config), "doctor"], obj=FixedClock(berlin(THURSDAY, 8))
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["Prüfung", "Befund", "Abhilfe"]
    failed = [line for line in lines if line.startswith("FEHLER")]
    assert any("Uhrzeit" in line for line in failed) and any("Zentraler Server" in line for line in failed)
    assert "Fehler" in lines[-1] and "Abhilfe" in lines[-1]
