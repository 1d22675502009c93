"""The one place that opens the office database.

Every connection gets WAL, ``synchronous=FULL`` (a committed ticket survives a
power cut) and a busy timeout, because those PRAGMAs are per connection. Writes
go through :meth:`Store.write`, which holds ``BEGIN IMMEDIATE`` for the whole
operation: reading the last number and writing the next one can then never
interleave with another process doing the same.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.core.timekeeping import Clock, ClockReading, effective_time
from kiosk.store.errors import translate

BUSY_TIMEOUT_MS = 5000

# Writers in one process (UI worker, web threads, printer worker) queue on a
# lock per database file before asking SQLite. SQLite's busy handler polls
# with growing sleeps and is not fair: a busy thread can starve another past
# its timeout. Other processes (a nightly sync) still meet the busy timeout.
_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _write_lock(path: str) -> threading.Lock:
    key = path if path == ":memory:" else str(Path(path).resolve())
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.Lock())


def to_text(moment: datetime | None) -> str | None:
    """Stored times are UTC ISO strings with microseconds: they sort as text."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass
class Transaction:
    """What an operation sees inside :meth:`Store.write`."""

    db: sqlite_utils.Database
    reading: ClockReading

    @property
    def now(self) -> datetime:
        return self.reading.at

    def event(self, kind: str, **data: Any) -> int:
        """Append to the event log; the id only ever grows (AUTOINCREMENT)."""
        columns = {k: data.pop(k, None) for k in ("ticket_id", "code", "service_id", "desk_id")}
        cursor = self.db.execute(
            "INSERT INTO events (at, kind, ticket_id, code, service_id, desk_id, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                to_text(self.now),
                kind,
                columns["ticket_id"],
                columns["code"],
                columns["service_id"],
                columns["desk_id"],
                json.dumps(data, ensure_ascii=False, default=str),
            ],
        )
        return int(cursor.lastrowid or 0)


class Store:
    """An open office database plus the clock its operations use."""

    def __init__(self, path: str | Path, clock: Clock, *, migrate: bool = True) -> None:
        self.path = str(path)
        self.clock = clock
        # ":memory:" is private to each connection, so it gets a lock of its own.
        self._write_lock = threading.Lock() if self.path == ":memory:" else _write_lock(self.path)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            if self.path != ":memory:" and self.db.journal_mode != "wal":
                self._enable_wal()
            if migrate:
                from kiosk.store.schema import migrate as apply_migrations

                apply_migrations(self)
        except BaseException as error:
            if conn is not None:
                conn.close()  # an open handle would keep a failed mount busy
            if isinstance(error, sqlite3.Error):
                raise translate(error, self.path) from error
            raise

    def _enable_wal(self) -> None:
        """Switch a new file to WAL, even while another process is creating it too.

        Changing the journal mode answers "locked" at once, without the busy
        timeout, while a second process starting at the same instant holds
        the file to migrate it; that process switches the file to WAL itself,
        so look again before giving up.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.db.enable_wal()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error).lower() or time.monotonic() > deadline:
                    raise
            if self.db.journal_mode == "wal":
                return
            time.sleep(0.01)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Translate sqlite3 errors raised in the block into StoreErrors."""
        try:
            yield
        except sqlite3.Error as error:
            raise translate(error, self.path) from error

    def last_known_time(self) -> datetime | None:
        """The time of the newest event: the clock must never go behind it."""
        row = self.db.execute("SELECT at FROM events ORDER BY id DESC LIMIT 1").fetchone()
        return from_text(row[0]) if row else None

    def now(self) -> datetime:
        """The time reads should use (never behind what is stored)."""
        with self.errors():
            return effective_time(self.clock.now(), self.last_known_time()).at

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """One operation, one ``BEGIN IMMEDIATE`` transaction, all or nothing.

        A clock found behind the stored time is recorded once as a
        ``clock_behind`` event, so staff are told; the operation itself uses
        the stored time and numbering carries on where it was.
        """
        conn = self.db.conn
        with self._write_lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise translate(error, self.path) from error
            try:
                reading = effective_time(self.clock.now(), self.last_known_time())
                tx = Transaction(self.db, reading)
                self._note_clock(tx)
                yield tx
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise translate(error, self.path) from error
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the original error is the one worth reporting

    def _note_clock(self, tx: Transaction) -> None:
        was = self.get_status("clock")
        behind = tx.reading.suspicious
        if behind and not (was or {}).get("behind"):
            seconds = tx.reading.behind_by.total_seconds() if tx.reading.behind_by else 0
            tx.event("clock_behind", behind_seconds=round(seconds))
            self.set_status("clock", {"behind": True, "behind_seconds": round(seconds)}, tx.now)
        elif not behind and (was or {}).get("behind"):
            tx.event("clock_ok")
            self.set_status("clock", {"behind": False}, tx.now)

    def get_status(self, key: str) -> Any:
        """A small piece of shared state (printer, clock, sync), or None."""
        row = self.db.execute("SELECT value FROM status WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else None

    def set_status(self, key: str, value: Any, at: datetime) -> None:
        self.db.execute(
            "INSERT INTO status (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [key, json.dumps(value, ensure_ascii=False, default=str), to_text(at)],
        )
