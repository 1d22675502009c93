"""The central database schema: its own migration set, forward only.

Nothing personal has a column here: offices, services and sessions of the
plan; planner accounts (argon2 hashes) and the audit trail of their changes;
kiosks known by the SHA-256 of their token; anonymous day counts as the
kiosks sent them; the newest anonymous queue snapshot per relaying office.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils
from sqlite_utils.migrations import Migrations

from kiosk.store.errors import StoreTooNew

if TYPE_CHECKING:
    from kiosk.central.db import CentralDB

migrations = Migrations("central")
NAMES: list[str] = []


def step(name: str) -> Callable[[Callable[[sqlite_utils.Database], None]], object]:
    NAMES.append(name)
    return migrations(name=name)


def _run(db: sqlite_utils.Database, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@step("0001_central")
def _initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE offices (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            opening_hours TEXT NOT NULL DEFAULT '{}',
            closures TEXT NOT NULL DEFAULT '[]',
            info TEXT NOT NULL DEFAULT '{}',
            phone_relay INTEGER NOT NULL DEFAULT 0,
            revision INTEGER NOT NULL DEFAULT 1,
            revised_at TEXT NOT NULL
        );
        CREATE TABLE services (
            id TEXT PRIMARY KEY,
            prefix TEXT NOT NULL,
            names TEXT NOT NULL,
            descriptions TEXT NOT NULL DEFAULT '{}',
            what_to_bring TEXT NOT NULL DEFAULT '{}',
            pictogram TEXT NOT NULL DEFAULT '',
            minutes_per_visit INTEGER NOT NULL DEFAULT 15,
            slot_minutes INTEGER,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
            service_id TEXT NOT NULL REFERENCES services(id),
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            languages TEXT NOT NULL DEFAULT '[]',
            date TEXT,
            weekday TEXT,
            valid_from TEXT,
            valid_until TEXT,
            every INTEGER NOT NULL DEFAULT 1,
            cancelled TEXT NOT NULL DEFAULT '[]',
            moved TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX sessions_office ON sessions(office_id);
        CREATE TABLE calendars (
            id INTEGER PRIMARY KEY,
            office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '{}',
            body BLOB,
            sha256 TEXT,
            etag TEXT,
            fetched_at TEXT,
            changed_at TEXT,
            last_error TEXT,
            skipped TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('planner', 'viewer')),
            secret_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE user_sessions (
            token_hash TEXT PRIMARY KEY,
            user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_name TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE enrolment_codes (
            code_hash TEXT PRIMARY KEY,
            office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
            label TEXT NOT NULL DEFAULT '',
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        );
        CREATE TABLE kiosks (
            id INTEGER PRIMARY KEY,
            office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
            label TEXT NOT NULL DEFAULT '',
            token_hash TEXT NOT NULL UNIQUE,
            enrolled_at TEXT NOT NULL,
            revoked_at TEXT,
            last_seen TEXT,
            user_agent TEXT NOT NULL DEFAULT '',
            heartbeat TEXT,
            heartbeat_at TEXT,
            clock_offset_seconds REAL
        );
        CREATE TABLE messages (
            idempotency_key TEXT PRIMARY KEY,
            kiosk_id INTEGER NOT NULL REFERENCES kiosks(id),
            kind TEXT NOT NULL,
            office_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE TABLE day_counts (
            office_id TEXT NOT NULL,
            day TEXT NOT NULL,
            service_id TEXT NOT NULL,
            issued INTEGER NOT NULL,
            served INTEGER NOT NULL,
            no_shows INTEGER NOT NULL,
            cancelled INTEGER NOT NULL,
            open INTEGER NOT NULL,
            wait_median REAL,
            wait_p90 REAL,
            visit_median REAL,
            estimates_checked INTEGER NOT NULL,
            estimates_hit INTEGER NOT NULL,
            miss_median REAL,
            by_language TEXT NOT NULL,
            by_hour TEXT NOT NULL,
            idempotency_key TEXT NOT NULL REFERENCES messages(idempotency_key),
            PRIMARY KEY (office_id, day, service_id)
        );
        CREATE TABLE relay_snapshots (
            office_id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            body TEXT NOT NULL,
            received_at TEXT NOT NULL
        )
        """,
    )


def migrate(database: CentralDB) -> None:
    """Apply pending migrations under ``BEGIN IMMEDIATE``; refuse a newer database."""
    db = database.db
    unknown = sorted({m.name for m in migrations.applied(db)} - set(NAMES))
    if unknown:
        raise StoreTooNew(path=database.path, found=", ".join(unknown))
    if not migrations.pending(db):
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
