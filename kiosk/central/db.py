"""The one place that opens the central database (``central.db``).

Same habits as the kiosk's store (:mod:`kiosk.store.database`): WAL,
``synchronous=FULL`` and a busy timeout on every connection, and every
write inside ``BEGIN IMMEDIATE`` under a per-file lock, so "count a day
once" can never race. The schema is the central server's own migration set
(:mod:`kiosk.central.schema`), not the kiosk's.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.core.timekeeping import Clock
from kiosk.store.database import from_text, to_text
from kiosk.store.errors import translate

BUSY_TIMEOUT_MS = 5000
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()

__all__ = ["CentralDB", "DatabasePool", "Tx", "from_text", "to_text"]


def _lock_for(path: str) -> threading.Lock:
    key = path if path == ":memory:" else str(Path(path).resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


@dataclass
class Tx:
    """What a write sees: the connection and the one ``now`` of the whole operation."""

    db: sqlite_utils.Database
    now: datetime

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, list(params))


class CentralDB:
    """An open central database plus the clock its operations use."""

    def __init__(self, path: str | Path, clock: Clock, *, migrate: bool = True) -> None:
        self.path = str(path)
        self.clock = clock
        self._lock = threading.Lock() if self.path == ":memory:" else _lock_for(self.path)
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            if self.path != ":memory:" and self.db.journal_mode != "wal":
                self.db.enable_wal()
            if migrate:
                from kiosk.central.schema import migrate as apply

                apply(self)
        except sqlite3.Error as error:
            raise translate(error, self.path) from error

    def now(self) -> datetime:
        return self.clock.now()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One operation, one ``BEGIN IMMEDIATE`` transaction, all or nothing."""
        conn = self.db.conn
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise translate(error, self.path) from error
            try:
                yield Tx(self.db, self.clock.now())
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise translate(error, self.path) from error
                raise

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """A read as dicts (column name -> value)."""
        try:
            cursor = self.db.execute(sql, list(params))
        except sqlite3.Error as error:
            raise translate(error, self.path) from error
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class DatabasePool:
    """One connection per server thread (a sqlite connection is not for two threads at once)."""

    def __init__(self, path: Path | str, clock: Clock) -> None:
        self.path = Path(path)
        self.clock = clock
        self._local = threading.local()
        self._opened: list[CentralDB] = []
        self._guard = threading.Lock()

    def migrate(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        CentralDB(self.path, self.clock).close()

    def get(self) -> CentralDB:
        db: CentralDB | None = getattr(self._local, "db", None)
        if db is None:
            db = CentralDB(self.path, self.clock, migrate=False)
            with self._guard:
                self._opened.append(db)
            self._local.db = db
        return db

    def close(self) -> None:
        with self._guard:
            opened, self._opened = self._opened, []
        for db in opened:
            db.close()
