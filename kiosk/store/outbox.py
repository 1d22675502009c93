"""The outbox: messages for the city's server, kept until the server acknowledged them.

Only the store's side lives here (SQL, states); sending is
:mod:`kiosk.sync.outbox`. A message never changes after it is made: its
body and idempotency key are what every retry sends, so "sent at least
once" on our side and "counted once" on the server's meet.
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.store.database import Store, Transaction, from_text, to_text

# uuid5 namespace of this project's idempotency keys (a fixed random UUID).
KEY_NAMESPACE = uuid.UUID("5b0f6a8e-2f4c-4c5e-9d0b-6f1f4e0c8a71")


def idempotency_key(office_id: str, kind: str, subject: str) -> str:
    """The same message always gets the same key, even if it were made twice."""
    return str(uuid.uuid5(KEY_NAMESPACE, f"{office_id}/{kind}/{subject}"))


class MessageState(enum.StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"  # the server has it (2xx, or 409 "already have it")
    REFUSED = "refused"  # the server said this message is wrong (400/413/422): kept, not resent


@dataclass(frozen=True)
class Message:
    id: int
    kind: str
    subject: str
    idempotency_key: str
    body: str
    state: MessageState
    created_at: datetime
    attempts: int


def enqueue(tx: Transaction, kind: str, subject: str, key: str, body: dict[str, Any]) -> bool:
    """Add a message unless one for (kind, subject) exists; True if added."""
    cursor = tx.db.execute(
        "INSERT OR IGNORE INTO outbox (kind, subject, idempotency_key, body, state, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            kind,
            subject,
            key,
            json.dumps(body, ensure_ascii=False, sort_keys=True),
            MessageState.PENDING,
            to_text(tx.now),
        ],
    )
    return cursor.rowcount == 1


def pending(store: Store, limit: int, kinds: tuple[str, ...] | None = None) -> list[Message]:
    """The oldest pending messages (of ``kinds``, default all) first: they arrive in order."""
    where, params = "state = ?", [MessageState.PENDING.value]
    if kinds is not None:
        where += f" AND kind IN ({','.join('?' * len(kinds)) or 'NULL'})"
        params += list(kinds)
    with store.errors():
        rows = store.db.execute(
            "SELECT id, kind, subject, idempotency_key, body, state, created_at, attempts FROM outbox "
            f"WHERE {where} ORDER BY id LIMIT ?",
            [*params, limit],
        ).fetchall()
    return [
        Message(r[0], r[1], r[2], r[3], r[4], MessageState(r[5]), from_text(r[6]) or datetime.min, r[7])
        for r in rows
    ]


def record_attempt(
    store: Store, message_id: int, state: MessageState, status: int | None, error: str | None
) -> None:
    """After one send: the answer, and the new state (still pending unless the server decided)."""
    with store.write() as tx:
        tx.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_status = ?, "
            "last_error = ?, state = ?, done_at = CASE WHEN ? = 'pending' THEN NULL ELSE ? END "
            "WHERE id = ?",
            [to_text(tx.now), status, error, state, state, to_text(tx.now), message_id],
        )


def state_counts(store: Store, kinds: tuple[str, ...] | None = None) -> dict[str, int]:
    where = f"WHERE kind IN ({','.join('?' * len(kinds)) or 'NULL'})" if kinds is not None else ""
    with store.errors():
        rows = store.db.execute(
            f"SELECT state, count(*) FROM outbox {where} GROUP BY state", list(kinds or ())
        ).fetchall()
    counts = {state.value: 0 for state in MessageState}
    counts.update({state: n for state, n in rows})
    return counts


def subjects(store: Store, kind: str) -> set[str]:
    with store.errors():
        return {r[0] for r in store.db.execute("SELECT subject FROM outbox WHERE kind = ?", [kind])}


def ticket_days_before(store: Store, day: date) -> list[date]:
    """Office days before ``day`` on which tickets were issued: finished days worth counting."""
    with store.errors():
        rows = store.db.execute(
            "SELECT DISTINCT day FROM tickets WHERE day < ? ORDER BY day", [day.isoformat()]
        )
        return [date.fromisoformat(r[0]) for r in rows]
