"""The ``kiosk`` command: thin, and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import EXIT_ERROR, main
from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from kiosk.store.schedule import replace_schedule
from tests.conftest import THURSDAY, berlin, office_schedule


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config with three desks and a database holding the small office."""
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[office]\nid = "test-office"\n[storage]\ndata_dir = "{tmp_path}"\n'
        + "".join(f'[[desks]]\nid = {i}\nname = "Platz {i}"\nroom = "{i}"\n' for i in (1, 2, 3)),
        encoding="utf-8",
    )
    with Store(tmp_path / "kiosk.db", FixedClock(berlin(THURSDAY, 9))) as store:
        replace_schedule(store, office_schedule())
    return path


@pytest.fixture
def kiosk(config):
    clock = FixedClock(berlin(THURSDAY, 10))

    def run(*args: str, expect: int = 0):
        result = CliRunner().invoke(main, ["--config", str(config), *args], obj=clock)
        assert result.exit_code == expect, (result.output, result.exception)
        assert "Traceback" not in result.output
        return result

    run.clock = clock
    return run


def database_rows(config: Path):
    import sqlite3

    conn = sqlite3.connect(config.parent / "kiosk.db")
    return list(conn.execute("SELECT * FROM tickets")), list(conn.execute("SELECT * FROM events"))


def test_a_visit_from_issue_to_stats(kiosk):
    assert kiosk("issue", "schulden", "--lang", "uk").output.startswith("S-001  Schuldnerberatung, Raum 2")
    kiosk("desk", "serve", "2", "schulden")
    assert "S-001 → Platz 2 (Raum 2)" in kiosk("call", "next", "--desk", "2").output
    kiosk("call", "recall", "--desk", "2")
    kiosk.clock.advance(minutes=20)
    kiosk("call", "done", "--desk", "2")
    table = kiosk("stats").output
    assert "Schuldnerberatung" in table and "26.11.2026" in table
    counts = json.loads(kiosk("stats", "--json").output)
    service = counts["services"][0]
    assert (service["issued"], service["served"], service["by_language"]) == (1, 1, {"uk": 1})


def test_queue_and_today_tables(kiosk):
    kiosk("issue", "jobcenter")
    kiosk("issue", "schulden")
    queue = kiosk("queue").output
    assert "J-001" in queue and "S-001" in queue and "wartend" in queue
    today = kiosk("today").output
    assert "jetzt" in today and "Rentenversicherung" in today and "27.11." in today


def test_transfer_and_no_show_from_the_command_line(kiosk):
    kiosk("issue", "schulden")
    kiosk("issue", "schulden")
    kiosk("call", "next", "--desk", "3", "--service", "schulden")
    assert (
        "wartet jetzt bei jobcenter" in kiosk("call", "transfer", "--desk", "3", "--to", "jobcenter").output
    )
    kiosk("call", "next", "--desk", "3", "--service", "schulden")
    assert "nicht erschienen" in kiosk("call", "no-show", "--desk", "3").output
    assert "storniert" in kiosk("call", "cancel", "--ticket", "s1").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["issue", "nope"], "Den Dienst „nope“ gibt es hier nicht"),
        (["issue", "rente"], "nicht vor Ort. Nächster Termin: 27.11.2026 09:00"),
        (["call", "next", "--desk", "9"], "Den Platz 9 gibt es nicht. Eingerichtet sind: 1, 2, 3"),
        (["call", "next", "--desk", "1"], "Platz 1 hat keine Dienste gewählt"),
        (["call", "done", "--desk", "1", "--ticket", "J-001"], "J-001 kann nicht „erledigt“ werden"),
        (["call", "done", "--desk", "1", "--ticket", "J-404"], "Die Nummer J-404 gibt es heute nicht"),
        (["desk", "serve", "1", "nope"], "Den Dienst „nope“ gibt es hier nicht"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(kiosk, config, args, message):
    kiosk("issue", "jobcenter")
    before = database_rows(config)
    result = kiosk(*args, expect=EXIT_ERROR)
    assert result.output.strip().count("\n") == 0
    assert message in result.output
    assert database_rows(config) == before


def test_bad_day_for_stats_is_a_usage_error(kiosk):
    assert "kein Datum" in kiosk("stats", "--day", "2026-13-01", expect=2).output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[office\nid=1", "not valid TOML"),
        ('[office]\nid = "x"\n[pritner]\nbackend = "usb"\n', "pritner: unknown key"),
        ('[[desks]]\nname = "ohne Nummer"\n', "desks.0.id: required key is missing"),
        ("[[desks]]\nid = 1\n[[desks]]\nid = 1\n", "desk id 1 appears twice"),
        ("[storage]\ndata_dir = 5\n", "storage.data_dir"),
    ],
)
def test_config_errors_name_the_key(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(path), "queue"])
    assert result.exit_code == EXIT_ERROR and message in result.output
    assert result.output.startswith(f"kiosk: Konfiguration {path}:")


def test_a_missing_config_file(tmp_path):
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), "queue"])
    assert result.exit_code == EXIT_ERROR and "file not found" in result.output


def test_a_corrupt_database_in_the_real_command(config, tmp_path):
    """Run the installed entry point as a person would: one line on stderr, no traceback."""
    (tmp_path / "kiosk.db").write_bytes(b"\x00garbage" * 512)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"kiosk.db{suffix}").unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "queue"], capture_output=True, text=True
    )
    assert result.returncode == EXIT_ERROR
    assert result.stdout == ""
    assert (
        result.stderr.count("\n") == 1 and "beschädigt" in result.stderr and "Traceback" not in result.stderr
    )


def test_demo_prepares_an_office_with_services_on_now(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo", "--no-ui", "--data-dir", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Quartiersbüro" in result.stdout or "Demo-Büro" in result.stdout
    assert result.stdout.count("jetzt") >= 1 and "Schuldnerberatung" in result.stdout
    assert (tmp_path / "demo" / "kiosk.toml").exists()
    queue = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(tmp_path / "demo" / "kiosk.toml"), "queue"],
        capture_output=True,
        text=True,
    )
    assert queue.returncode == 0 and "wartend" in queue.stdout


def test_every_command_is_listed_in_the_lazy_table_under_its_module():
    """The table that keeps ``kiosk run`` from importing every command must match the modules."""
    import importlib

    from kiosk.cli import COMMAND_MODULES

    modules = set(COMMAND_MODULES.values())
    found = {
        command.name: module
        for module in modules
        for command in importlib.import_module(f"kiosk.cli.{module}").COMMANDS
    }
    assert found == COMMAND_MODULES


def test_starting_the_touchscreen_does_not_import_the_web_stack_or_the_feed_tools():
    script = (
        "import sys; from kiosk.cli import main; main.get_command(None, 'run'); "
        "print(sorted(m for m in ('fastapi', 'jsonschema', 'kiosk.cli.feed', 'kiosk.deploy.doctor') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_demo_pin_hash_verifies_the_published_demo_pin():
    from kiosk.cli.demo import DEMO_PIN, DEMO_PIN_HASH
    from kiosk.passwords import verify_secret

    assert verify_secret(DEMO_PIN_HASH, DEMO_PIN)
    assert not verify_secret(DEMO_PIN_HASH, "4321")
