"""``kiosk backup`` and ``kiosk restore`` on real databases and real processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.timekeeping import FixedClock
from kiosk.deploy.backup import backup, backup_into, check_backup_file, holders, restore
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.schedule import replace_schedule
from tests.conftest import THURSDAY, berlin, office_schedule
from tests.deploy.helpers import damage_pages, kiosk, write_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office_db(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    with Store(data / "kiosk.db", FixedClock(berlin(THURSDAY, 9))) as store:
        replace_schedule(store, office_schedule())
        for _ in range(3):
            ops.issue_ticket(store, "jobcenter")
    return data / "kiosk.db"


def ticket_codes(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT code FROM tickets ORDER BY id")]
    finally:
        conn.close()


def test_backup_while_another_process_issues_tickets(office_db: Path, tmp_path: Path):
    """Each snapshot is whole: every ticket in it has its 'issued' event, and none is half there."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.store.crash_worker",
            str(office_db),
            str(time.time()),
            berlin(THURSDAY, 10).isoformat(),
            "jobcenter,schulden",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        sizes = []
        for i in range(5):
            time.sleep(0.2)
            copy = backup(office_db, tmp_path / f"copy-{i}.db")
            assert check_backup_file(copy) == []
            conn = sqlite3.connect(copy)
            tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
            issued = conn.execute("SELECT count(*) FROM events WHERE kind = 'issued'").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            conn.close()
            assert tickets == issued
            assert mode == "delete"  # one self-contained file, no -wal to forget
            sizes.append(tickets)
    finally:
        worker.kill()
        worker.wait()
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0], sizes  # the worker really wrote meanwhile
    assert not list(tmp_path.glob("*.partial"))


def test_backup_into_a_folder_keeps_the_newest(office_db: Path, tmp_path: Path):
    folder = tmp_path / "backups"
    clock = FixedClock(berlin(THURSDAY, 3))
    for _ in range(4):
        backup_into(office_db, folder, clock.now(), keep=2)
        clock.advance(days=1)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["kiosk-20261128-030000.db", "kiosk-20261129-030000.db"]


def test_backup_and_restore_from_the_command_line(office_db: Path, tmp_path: Path):
    config = write_config(tmp_path, office_db.parent)
    clock = FixedClock(berlin(THURSDAY, 11))
    saved = tmp_path / "save" / "kiosk-save.db"
    assert "Sicherung geschrieben" in kiosk(config, "backup", str(saved), clock=clock).output
    kiosk(config, "issue", "schulden", clock=clock)  # the day goes on after the backup
    assert len(ticket_codes(office_db)) == 4

    out = kiosk(config, "restore", str(saved), clock=clock).output
    assert "sudo systemctl start kiosk" in out
    assert ticket_codes(office_db) == ["J-001", "J-002", "J-003"]
    kept = office_db.parent / "kiosk-ersetzt-20261126-110000.db"
    assert len(ticket_codes(kept)) == 4  # the replaced database, WAL included, is whole beside it
    with Store(office_db, clock) as store:  # the app opens the restored file as usual
        assert ops.issue_ticket(store, "jobcenter").ticket.code == "J-004"


def test_restore_refuses_while_a_process_holds_the_database(office_db: Path, tmp_path: Path):
    saved = backup(office_db, tmp_path / "saved.db")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM tickets');"
            " print('open', flush=True); time.sleep(60)",
            str(office_db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        assert holders(office_db) == [holder.pid]
        config = write_config(tmp_path, office_db.parent)
        refused = kiosk(config, "restore", str(saved), expect=1).output
        assert f"Prozess {holder.pid}" in refused and "systemctl stop kiosk" in refused
        assert not list(office_db.parent.glob("kiosk-ersetzt-*"))
    finally:
        holder.kill()
        holder.wait()
    assert holders(office_db) == []
    done = restore(saved, office_db, berlin(THURSDAY, 12))
    assert done.kept_as is not None and done.kept_as.exists()


def test_restore_refuses_a_damaged_or_foreign_or_newer_file(office_db: Path, tmp_path: Path):
    for _ in range(150):
        with Store(office_db, FixedClock(berlin(THURSDAY, 9))) as store:
            ops.issue_ticket(store, "schulden")
    damaged = backup(office_db, tmp_path / "damaged.db")
    damage_pages(damaged, last=1)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\0" + b"\x13" * 5000)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (text)").connection.commit()
    newer = backup(office_db, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        ["kiosk", "0099_future", "x"],
    )
    conn.commit()
    conn.close()

    assert "ist beschädigt: *** in database main ***" in check_backup_file(damaged)[0]
    assert "keine lesbare Datenbank (file is not a database)" in check_backup_file(garbage)[0]
    assert "keine Kiosk-Datenbank" in check_backup_file(foreign)[0]
    assert "neueren Kiosk-Version (0099_future)" in check_backup_file(newer)[0]
    assert "gibt es nicht" in check_backup_file(tmp_path / "missing.db")[0]
    before = office_db.read_bytes()
    config = write_config(tmp_path, office_db.parent)
    for bad in (damaged, garbage, foreign, newer):
        assert "abgelehnt" in kiosk(config, "restore", str(bad), expect=1).output
    assert office_db.read_bytes() == before
