"""The database file itself going wrong: corrupt, read-only, newer, contended."""

import multiprocessing
import os
import sqlite3
import stat
import subprocess
from contextlib import contextmanager

import pytest

from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.errors import StoreCorrupt, StoreReadOnly, StoreTooNew
from kiosk.store.schema import MIGRATION_NAMES, schema_version
from tests.conftest import THURSDAY, berlin


def test_pragmas_are_set_on_every_connection(store):
    db = store.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_schema_version_is_recorded(store):
    assert schema_version(store) == MIGRATION_NAMES


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path, clock):
    path = tmp_path / "kiosk.db"
    path.write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(StoreCorrupt, match=r"beschädigt.*kiosk restore"):
        Store(path, clock)
    assert path.read_bytes().startswith(b"this is a text file")  # not "repaired" by overwriting


def test_a_damaged_page_is_reported_not_crashed_on(store, db_path, clock):
    for _ in range(50):
        ops.issue_ticket(store, "jobcenter")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    raw = bytearray(db_path.read_bytes())
    page = 4096
    raw[page * 2 : page * 6] = b"\xff" * (page * 4)  # wipe pages in the middle of the file
    db_path.write_bytes(bytes(raw))
    with pytest.raises(StoreCorrupt):
        reopened = Store(db_path, clock)
        ops.tickets_of_day(reopened, THURSDAY)


@contextmanager
def read_only(folder):
    """Make a folder read-only the way it happens in the field.

    As root (CI), a read-only bind mount, like a Pi whose data partition fell
    back to read-only; otherwise file permissions.
    """
    if os.geteuid() == 0:
        mount = ["mount", "--bind", str(folder), str(folder)]
        if subprocess.run(mount, capture_output=True).returncode != 0:
            pytest.skip("cannot bind-mount here")
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
            yield
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(stat.S_IRUSR | stat.S_IXUSR if p.is_dir() else stat.S_IRUSR)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)


def test_a_read_only_data_folder_gives_a_clear_error_and_loses_nothing(store, db_path, clock):
    ops.issue_ticket(store, "jobcenter")
    store.close()
    with read_only(db_path.parent), pytest.raises(StoreReadOnly, match="nur lesbar"):
        reopened = Store(db_path, clock)
        try:
            ops.issue_ticket(reopened, "jobcenter")
        finally:
            reopened.close()
    with Store(db_path, clock) as again:
        assert [t.code for t in ops.tickets_of_day(again, THURSDAY)] == ["J-001"]
        assert ops.issue_ticket(again, "jobcenter").ticket.code == "J-002"


def test_a_read_only_database_refuses_writes_with_a_clear_error(store, db_path, clock):
    """Works as root too: SQLite's own read-only mode (as on a read-only mount)."""
    ops.issue_ticket(store, "jobcenter")
    before = ops.tickets_of_day(store, THURSDAY)
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreReadOnly, match="nur lesbar"):
        ops.issue_ticket(store, "jobcenter")
    store.db.execute("PRAGMA query_only = OFF")
    assert ops.tickets_of_day(store, THURSDAY) == before
    assert ops.issue_ticket(store, "jobcenter").ticket.code == "J-002"  # nothing was consumed


def test_a_database_from_a_newer_version_is_refused(store, db_path, clock):
    store.db["_sqlite_migrations"].insert(
        {"migration_set": "kiosk", "name": "9999_future", "applied_at": "x"}
    )
    store.close()
    with pytest.raises(StoreTooNew, match="9999_future"):
        Store(db_path, clock)


def _open(path: str, barrier) -> None:
    barrier.wait()
    Store(path, FixedClock(berlin(THURSDAY, 9))).close()


def test_processes_starting_at_once_migrate_once(tmp_path):
    path = str(tmp_path / "fresh.db")
    barrier = multiprocessing.Barrier(4)
    procs = [multiprocessing.Process(target=_open, args=(path, barrier)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    rows = sqlite3.connect(path).execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert [r[0] for r in rows] == MIGRATION_NAMES
