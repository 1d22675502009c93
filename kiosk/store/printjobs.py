"""Print jobs: the durable hand-over from "ticket committed" to "slip printed".

A job is created in the same transaction as its ticket (or later, by staff,
as a reprint). The printing worker claims one job at a time, which marks it
``printing`` before any byte goes to the printer, and then marks it ``done``
or ``failed``. A claimed job is never claimed again: after a crash or a
timeout mid-job nobody can tell whether the paper came out, and a second slip
with the same number is worse than none (staff can reprint). The web console
and the CLI only add jobs; the process that owns the printer prints them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core.errors import N_, DomainError
from kiosk.core.timekeeping import office_day
from kiosk.store.database import Store, Transaction, from_text, to_text


class JobKind(enum.StrEnum):
    TICKET = "ticket"  # the slip for a ticket just issued at the kiosk
    REPRINT = "reprint"  # asked for by staff
    APPOINTMENT = "appointment"  # the appointment slip of a booking (booking_id, no ticket)


class JobState(enum.StrEnum):
    PENDING = "pending"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"


class NotPrintable(DomainError):
    template = N_("{code} kann nicht gedruckt werden: {reason}")


@dataclass(frozen=True)
class PrintJob:
    id: int
    ticket_id: int | None  # None for an appointment slip
    kind: JobKind
    state: JobState
    created_at: datetime
    updated_at: datetime
    desk_id: int | None = None
    error: str | None = None
    booking_id: int | None = None  # set for an appointment slip


def _job(row: tuple[Any, ...]) -> PrintJob:
    id_, ticket_id, kind, state, created, updated, desk_id, error, booking_id = row
    created_at, updated_at = from_text(created), from_text(updated)
    assert created_at is not None and updated_at is not None
    return PrintJob(
        id_, ticket_id, JobKind(kind), JobState(state), created_at, updated_at, desk_id, error, booking_id
    )


COLUMNS = "id, ticket_id, kind, state, created_at, updated_at, desk_id, error, booking_id"


def add_job(tx: Transaction, ticket_id: int, kind: JobKind, desk_id: int | None = None) -> int:
    """Queue a slip inside the caller's transaction; returns the job id."""
    cursor = tx.db.execute(
        "INSERT INTO print_jobs (ticket_id, kind, state, created_at, updated_at, desk_id) "
        "VALUES (?, ?, 'pending', ?, ?, ?)",
        [ticket_id, kind.value, to_text(tx.now), to_text(tx.now), desk_id],
    )
    tx.event(
        "print_queued", ticket_id=ticket_id, desk_id=desk_id, job_id=cursor.lastrowid, job_kind=kind.value
    )
    return int(cursor.lastrowid or 0)


def add_booking_job(tx: Transaction, booking_id: int) -> int:
    """Queue a booking's appointment slip inside the caller's transaction; returns the job id."""
    cursor = tx.db.execute(
        "INSERT INTO print_jobs (booking_id, kind, state, created_at, updated_at) "
        "VALUES (?, ?, 'pending', ?, ?)",
        [booking_id, JobKind.APPOINTMENT.value, to_text(tx.now), to_text(tx.now)],
    )
    tx.event(
        "print_queued", job_id=cursor.lastrowid, job_kind=JobKind.APPOINTMENT.value, booking_id=booking_id
    )
    return int(cursor.lastrowid or 0)


def request_reprint(store: Store, code: str, desk_id: int | None = None) -> PrintJob:
    """Staff ask for another slip of one of today's tickets."""
    from kiosk.store.queue import find_ticket

    with store.write() as tx:
        ticket = find_ticket(tx, code, office_day(tx.now))
        if not ticket.state.is_open:
            raise NotPrintable(code=ticket.code, reason=N_("die Nummer ist schon abgeschlossen"))
        assert ticket.id is not None
        job_id = add_job(tx, ticket.id, JobKind.REPRINT, desk_id)
        return _job(tx.db.execute(f"SELECT {COLUMNS} FROM print_jobs WHERE id = ?", [job_id]).fetchone())


def claim_next(store: Store) -> PrintJob | None:
    """Take the oldest pending job and mark it ``printing``; None if there is none."""
    with store.write() as tx:
        row = tx.db.execute(
            f"SELECT {COLUMNS} FROM print_jobs WHERE state = 'pending' ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        job = _job(row)
        tx.db.execute(
            "UPDATE print_jobs SET state = 'printing', updated_at = ? WHERE id = ?", [to_text(tx.now), job.id]
        )
        return PrintJob(**{**job.__dict__, "state": JobState.PRINTING, "updated_at": tx.now})


def finish_job(store: Store, job_id: int, error: str | None = None) -> None:
    """Record how a claimed job ended: ``done`` without an error, else ``failed``."""
    state = JobState.FAILED if error else JobState.DONE
    with store.write() as tx:
        row = tx.db.execute("SELECT ticket_id, booking_id FROM print_jobs WHERE id = ?", [job_id]).fetchone()
        tx.db.execute(
            "UPDATE print_jobs SET state = ?, updated_at = ?, error = ? WHERE id = ?",
            [state.value, to_text(tx.now), error, job_id],
        )
        extra = {"booking_id": row[1]} if row and row[1] is not None else {}
        tx.event(
            "printed" if not error else "print_failed",
            ticket_id=row[0] if row else None,
            job_id=job_id,
            error=error,
            **extra,
        )


def get_job(store: Store, job_id: int) -> PrintJob | None:
    with store.errors():
        row = store.db.execute(f"SELECT {COLUMNS} FROM print_jobs WHERE id = ?", [job_id]).fetchone()
    return _job(row) if row else None


def jobs_for_ticket(store: Store, ticket_id: int) -> list[PrintJob]:
    with store.errors():
        rows = store.db.execute(
            f"SELECT {COLUMNS} FROM print_jobs WHERE ticket_id = ? ORDER BY id", [ticket_id]
        ).fetchall()
    return [_job(r) for r in rows]
