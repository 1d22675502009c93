"""Enrolment codes, per-kiosk tokens, revocation and heartbeats.

A planner makes a one-time code for an office (shown once, typed on the Pi
as ``kiosk enrol URL CODE``); the code becomes a kiosk with its own random
token. The server keeps only SHA-256 hashes of codes and tokens, so its
database opens no kiosk's door. A revoked token is refused everywhere
(uploads, heartbeats, relay) with 403.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.central.db import CentralDB, dumps, from_text, to_text
from kiosk.central.errors import CentralError
from kiosk.core.errors import N_

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no O/0, I/1: it is typed from a screen
CODE_LIFETIME = timedelta(days=7)


class EnrolmentRefused(CentralError):
    template = N_("Der Anmeldecode ist unbekannt, schon benutzt oder abgelaufen.")


class UnknownKiosk(CentralError):
    template = N_("Den Kiosk {kiosk} gibt es nicht.")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in CODE_ALPHABET)


def new_code(db: CentralDB, user: str, office_id: str, label: str = "") -> tuple[str, datetime]:
    """A fresh one-time code (``XXXX-XXXX-XXXX``, 60 bits) and when it expires."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    shown = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    from kiosk.central.plan import audit

    with db.write() as tx:
        expires = tx.now + CODE_LIFETIME
        tx.execute(
            "INSERT INTO enrolment_codes (code_hash, office_id, label, created_by, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [_hash(raw), office_id, label, user, to_text(tx.now), to_text(expires)],
        )
        audit(tx, user, "kiosk.code", office_id, {"label": label})
    return shown, expires


@dataclass(frozen=True)
class Enrolled:
    kiosk_id: int
    office_id: str
    token: str
    phone_relay: bool


def enrol(db: CentralDB, code: str, label: str = "") -> Enrolled:
    """Turn a code into a kiosk with its own token; the code is spent."""
    hashed = _hash(normalise_code(code))
    token = secrets.token_urlsafe(32)
    with db.write() as tx:
        row = tx.execute(
            "SELECT c.office_id, c.label, c.expires_at, c.used_at, o.phone_relay FROM enrolment_codes c "
            "JOIN offices o ON o.id = c.office_id WHERE c.code_hash = ?",
            [hashed],
        ).fetchone()
        if row is None or row[3] is not None or (from_text(row[2]) or tx.now) <= tx.now:
            raise EnrolmentRefused()
        office_id = row[0]
        tx.execute("UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ?", [to_text(tx.now), hashed])
        cursor = tx.execute(
            "INSERT INTO kiosks (office_id, label, token_hash, enrolled_at) VALUES (?, ?, ?, ?)",
            [office_id, (label or row[1])[:100], _hash(token), to_text(tx.now)],
        )
    return Enrolled(int(cursor.lastrowid or 0), office_id, token, bool(row[4]))


@dataclass(frozen=True)
class Kiosk:
    id: int
    office_id: str
    revoked: bool


def by_token(db: CentralDB, token: str) -> Kiosk | None:
    """The kiosk behind a bearer token (revoked ones too: they get 403, not 401)."""
    row = db.row("SELECT id, office_id, revoked_at FROM kiosks WHERE token_hash = ?", [_hash(token)])
    return Kiosk(row["id"], row["office_id"], row["revoked_at"] is not None) if row else None


def revoke(db: CentralDB, user: str, kiosk_id: int) -> None:
    from kiosk.central.plan import audit

    with db.write() as tx:
        found = tx.execute("SELECT office_id FROM kiosks WHERE id = ?", [kiosk_id]).fetchone()
        if found is None:
            raise UnknownKiosk(kiosk=kiosk_id)
        tx.execute(
            "UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", [to_text(tx.now), kiosk_id]
        )
        audit(tx, user, "kiosk.revoke", found[0], {"kiosk": kiosk_id})


def record_heartbeat(db: CentralDB, kiosk_id: int, beat: dict[str, Any], user_agent: str) -> float | None:
    """Store the kiosk's report; the clock offset is its clock minus ours at arrival."""
    with db.write() as tx:
        offset = None
        sent = beat.get("clock")
        if sent:
            try:
                offset = round((datetime.fromisoformat(sent) - tx.now).total_seconds(), 1)
            except (TypeError, ValueError):
                offset = None
        tx.execute(
            "UPDATE kiosks SET heartbeat = ?, heartbeat_at = ?, last_seen = ?, user_agent = ?, "
            "clock_offset_seconds = ? WHERE id = ?",
            [dumps(beat), to_text(tx.now), to_text(tx.now), user_agent[:100], offset, kiosk_id],
        )
    return offset


def fleet_rows(db: CentralDB) -> list[dict[str, Any]]:
    rows = db.rows(
        "SELECT k.*, o.name AS office_name, o.revision, o.revised_at FROM kiosks k "
        "JOIN offices o ON o.id = k.office_id ORDER BY o.name, k.id"
    )
    for row in rows:
        row["heartbeat"] = json.loads(row["heartbeat"]) if row["heartbeat"] else None
    return rows
