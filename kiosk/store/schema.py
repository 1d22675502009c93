"""The office database schema, as numbered forward migrations.

Migrations run at start, inside ``BEGIN IMMEDIATE`` so that two processes
starting at once (the app and a nightly sync) cannot both apply the same one.
A migration only adds; it never edits data it could not restore. A database
that carries migrations this code does not know was written by a newer
version and is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils
from sqlite_utils.migrations import Migrations

from kiosk.store.errors import StoreTooNew

if TYPE_CHECKING:
    from kiosk.store.database import Store

migrations = Migrations("kiosk")
MIGRATION_NAMES: list[str] = []


def step(name: str) -> Callable[[Callable[[sqlite_utils.Database], None]], object]:
    """Register a migration and remember its name (to spot newer databases)."""
    MIGRATION_NAMES.append(name)
    return migrations(name=name)


def run_statements(db: sqlite_utils.Database, script: str) -> None:
    """Run ``;``-separated DDL inside the current transaction.

    ``executescript`` would COMMIT first and release the migration lock.
    """
    code = "\n".join(ln for ln in script.splitlines() if not ln.strip().startswith("--"))
    for statement in code.split(";"):
        if statement.strip():
            db.execute(statement)


@step("0001_queue_and_schedule")
def _initial(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE office (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            opening_hours TEXT NOT NULL DEFAULT '{}',
            closures TEXT NOT NULL DEFAULT '[]',
            info TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE services (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL DEFAULT 0,
            names TEXT NOT NULL,
            prefix TEXT NOT NULL UNIQUE,
            pictogram TEXT NOT NULL DEFAULT 'generic',
            minutes_per_visit INTEGER NOT NULL DEFAULT 15,
            descriptions TEXT NOT NULL DEFAULT '{}',
            what_to_bring TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            session_key TEXT NOT NULL DEFAULT '',
            service_id TEXT NOT NULL,
            day TEXT NOT NULL,
            start TEXT NOT NULL,
            end TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            languages TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX sessions_by_day ON sessions (day, service_id);
        CREATE TABLE desks (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            paused INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE desk_services (
            desk_id INTEGER NOT NULL REFERENCES desks (id),
            service_id TEXT NOT NULL,
            day TEXT NOT NULL,
            PRIMARY KEY (desk_id, service_id)
        );
        -- Numbers are counted per prefix, not per service id: a code on paper
        -- must never repeat within a day, even if a new feed gives a letter to
        -- another service at noon.
        CREATE TABLE counters (
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (day, prefix)
        );
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            day TEXT NOT NULL,
            service_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            code TEXT NOT NULL,
            state TEXT NOT NULL,
            language TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            called_at TEXT,
            first_called_at TEXT,
            serving_at TEXT,
            finished_at TEXT,
            desk_id INTEGER,
            calls INTEGER NOT NULL DEFAULT 0,
            est_ahead INTEGER,
            est_low INTEGER,
            est_high INTEGER,
            transferred_from TEXT,
            token TEXT NOT NULL UNIQUE,
            appointment_at TEXT,
            UNIQUE (day, code)
        );
        CREATE INDEX tickets_open ON tickets (day, state, service_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            ticket_id INTEGER,
            code TEXT,
            service_id TEXT,
            desk_id INTEGER,
            data TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_by_kind ON events (kind, id);
        CREATE TABLE status (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


@step("0002_print_jobs")
def _print_jobs(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        -- A slip to print. Claimed once ('printing') before any byte is sent,
        -- so a crash or a retry can never print the same job twice; staff
        -- reprint by adding a new job.
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL REFERENCES tickets (id),
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            desk_id INTEGER,
            error TEXT
        );
        CREATE INDEX print_jobs_pending ON print_jobs (state, id)
        """,
    )


@step("0003_outbox")
def _outbox(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        -- Messages for the city's server (anonymous day counts; later also
        -- appointment bookings): sent at least once, acknowledged once. The
        -- idempotency key is fixed when the message is made, so every retry
        -- carries the same one and the server counts it once. A message is
        -- made once per (kind, subject), e.g. ('day_counts', '2026-11-25').
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            last_status INTEGER,
            last_error TEXT,
            done_at TEXT,
            UNIQUE (kind, subject)
        );
        CREATE INDEX outbox_by_state ON outbox (state, id)
        """,
    )


@step("0005_staff")
def _staff(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        -- Staff who sign in to the console: an account per person or per desk.
        -- Only an argon2 hash of the PIN or password is kept.
        CREATE TABLE staff_accounts (
            name TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL,
            desk_id INTEGER,
            created_at TEXT NOT NULL
        );
        -- A signed-in browser. The cookie holds a random token; only its
        -- SHA-256 is stored, so a copy of the database opens no session.
        CREATE TABLE staff_sessions (
            token_hash TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES staff_accounts (name) ON DELETE CASCADE,
            desk_id INTEGER NOT NULL,
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at)
        """,
    )


@step("0006_appointments")
def _appointments(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        -- Feed format 2: a session's appointment slots as JSON (kiosk.store.rows), NULL without.
        ALTER TABLE sessions ADD COLUMN appointments TEXT;
        -- A slot booked at this kiosk (kiosk.core.appointments). The code is
        -- random and the only link to the visitor's paper slip; name is an
        -- optional first name or initials for the staff list, kept on the
        -- kiosk and never sent anywhere.
        CREATE TABLE bookings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            code TEXT NOT NULL UNIQUE,
            service_id TEXT NOT NULL,
            day TEXT NOT NULL,
            start TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            state TEXT NOT NULL,
            via TEXT NOT NULL,
            language TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '',
            booked_at TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets (id),
            checked_in_at TEXT,
            cancelled_at TEXT
        );
        CREATE INDEX bookings_by_slot ON bookings (day, service_id, start);
        -- A print job now prints either a ticket's slip or a booking's
        -- appointment slip, so ticket_id may be NULL. SQLite cannot drop a
        -- NOT NULL, so the table is rebuilt: every row is copied unchanged
        -- and the AUTOINCREMENT counter carried over, so no job id repeats.
        CREATE TABLE print_jobs_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER REFERENCES tickets (id),
            booking_id INTEGER REFERENCES bookings (id),
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            desk_id INTEGER,
            error TEXT,
            CHECK ((ticket_id IS NULL) <> (booking_id IS NULL))
        );
        INSERT INTO print_jobs_new (id, ticket_id, kind, state, created_at, updated_at, desk_id, error)
            SELECT id, ticket_id, kind, state, created_at, updated_at, desk_id, error FROM print_jobs;
        DELETE FROM sqlite_sequence WHERE name = 'print_jobs_new';
        INSERT INTO sqlite_sequence (name, seq)
            SELECT 'print_jobs_new', seq FROM sqlite_sequence WHERE name = 'print_jobs';
        DROP TABLE print_jobs;
        ALTER TABLE print_jobs_new RENAME TO print_jobs;
        CREATE INDEX print_jobs_pending ON print_jobs (state, id)
        """,
    )


@step("0007_queue_indexes")
def _queue_indexes(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        -- "Call next" looks up, per service, the earliest arrival and the
        -- earliest due appointment, and the ticket a desk holds: each an index
        -- lookup, so a desk's click costs the same with 300 people waiting.
        CREATE INDEX tickets_by_arrival ON tickets (day, state, service_id, issued_at, id);
        CREATE INDEX tickets_by_appointment ON tickets (day, state, service_id, appointment_at, id)
            WHERE appointment_at IS NOT NULL;
        CREATE INDEX tickets_at_desk ON tickets (desk_id, state, day)
        """,
    )


def migrate(store: Store) -> None:
    """Apply pending migrations; refuse a database from a newer version."""
    db = store.db
    known = set(MIGRATION_NAMES)
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - known)
    if unknown:
        raise StoreTooNew(path=store.path, found=", ".join(unknown))
    if not migrations.pending(db):
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # re-checks what is pending, now under the lock
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise


def schema_version(store: Store) -> list[str]:
    """Names of the applied migrations, oldest first."""
    return [m.name for m in migrations.applied(store.db)]
