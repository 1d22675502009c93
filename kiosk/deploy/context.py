"""What every health check may look at: config, clock, database, the system.

The system's /sys, /dev and /proc are paths here, not constants, so a check
can be pointed at another root; the database is opened read-only, because a
doctor must never be what changes the patient.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.config import Config, parse_config
from kiosk.core.timekeeping import Clock

READ_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class SystemPaths:
    sys: Path = Path("/sys")
    dev: Path = Path("/dev")
    proc: Path = Path("/proc")


@dataclass
class Context:
    config: Config
    clock: Clock
    config_error: str | None = None
    system: SystemPaths = field(default_factory=SystemPaths)
    _conn: sqlite3.Connection | None = None

    @classmethod
    def broken_config(cls, error: str, clock: Clock) -> Context:
        """Checks still run on defaults when the config file is unreadable."""
        return cls(parse_config({}), clock, config_error=error)

    @property
    def database(self) -> Path:
        return self.config.storage.database

    @property
    def backup_dir(self) -> Path:
        return self.config.deploy.backup_dir or self.config.storage.data_dir / "backups"

    def connection(self) -> sqlite3.Connection | None:
        """A read-only connection, or None if there is no readable database."""
        if self._conn is None and self.database.is_file():
            try:
                conn = sqlite3.connect(
                    f"file:{self.database}?mode=ro", uri=True, timeout=READ_TIMEOUT_S, check_same_thread=False
                )
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error:
                return None
            self._conn = conn
        return self._conn

    def status(self, key: str) -> Any:
        """A value from the store's status table; None if absent or unreadable."""
        conn = self.connection()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT value FROM status WHERE key = ?", [key]).fetchone()
        except sqlite3.Error:
            return None
        return json.loads(row[0]) if row else None

    def last_known_time(self) -> datetime | None:
        """The newest event's time: the clock must never be behind it."""
        conn = self.connection()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT at FROM events ORDER BY id DESC LIMIT 1").fetchone()
        except sqlite3.Error:
            return None
        return datetime.fromisoformat(row[0]) if row else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
