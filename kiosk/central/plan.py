"""The plan: offices, services, sessions; every change recorded with who and when.

Each change runs in one write transaction that also checks the result the
way a kiosk will: the affected offices' feeds are generated and parsed with
the kiosk's own parser (:mod:`kiosk.sync.feed`). A change that would give a
kiosk an invalid feed is refused with the kiosk's own German sentence, so a
planner can never publish what a kiosk would refuse.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import date, datetime
from typing import Any

from kiosk.central import feedgen
from kiosk.central.db import CentralDB, Tx, dumps, to_text
from kiosk.central.errors import (
    InvalidName,
    PlanInvalid,
    ServiceInUse,
    UnknownOffice,
    UnknownServiceId,
    UnknownSession,
)
from kiosk.core.timekeeping import office_day
from kiosk.sync.errors import SyncError
from kiosk.sync.feed import read_json_feed

ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
OFFICE_FIELDS = ("name", "address", "opening_hours", "closures", "info", "phone_relay")
SERVICE_FIELDS = (
    "prefix",
    "names",
    "descriptions",
    "what_to_bring",
    "pictogram",
    "minutes_per_visit",
    "slot_minutes",
    "position",
)
SESSION_FIELDS = (
    "service_id",
    "start",
    "end",
    "room",
    "languages",
    "date",
    "weekday",
    "valid_from",
    "valid_until",
    "every",
    "cancelled",
    "moved",
)
JSON_FIELDS = frozenset(
    {
        "opening_hours",
        "closures",
        "info",
        "names",
        "descriptions",
        "what_to_bring",
        "languages",
        "cancelled",
        "moved",
    }
)


def check_id(value: str) -> str:
    if not ID.match(value or ""):
        raise InvalidName(name=value)
    return value


def _stored(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: (dumps(v) if k in JSON_FIELDS else v) for k, v in data.items() if k in fields}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.loads(v) if k in JSON_FIELDS and isinstance(v, str) else v) for k, v in row.items()}


def audit(tx: Tx, user: str, action: str, subject: str, detail: dict[str, Any] | None = None) -> None:
    """Who changed what, when: kept for good (plans are public; nothing personal in it)."""
    tx.execute(
        "INSERT INTO changes (at, user_name, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        [to_text(tx.now), user, action, subject, dumps(detail or {})],
    )


def changes(db: CentralDB, limit: int = 200) -> list[dict[str, Any]]:
    return [
        {**r, "detail": json.loads(r["detail"])}
        for r in db.rows("SELECT * FROM changes ORDER BY id DESC LIMIT ?", [limit])
    ]


# --- reads ---------------------------------------------------------------------------------------


def offices(db: CentralDB) -> list[dict[str, Any]]:
    return [_plain(r) for r in db.rows("SELECT * FROM offices ORDER BY name, id")]


def office(db: CentralDB, office_id: str) -> dict[str, Any]:
    row = db.row("SELECT * FROM offices WHERE id = ?", [office_id])
    if row is None:
        raise UnknownOffice(office=office_id)
    return _plain(row)


def services(db: CentralDB) -> list[dict[str, Any]]:
    return [_plain(r) for r in db.rows("SELECT * FROM services ORDER BY position, id")]


def service(db: CentralDB, service_id: str) -> dict[str, Any]:
    row = db.row("SELECT * FROM services WHERE id = ?", [service_id])
    if row is None:
        raise UnknownServiceId(service=service_id)
    return _plain(row)


def sessions(db: CentralDB, office_id: str) -> list[dict[str, Any]]:
    return [
        _plain(r)
        for r in db.rows(
            "SELECT * FROM sessions WHERE office_id = ? ORDER BY "
            "CASE weekday WHEN 'mon' THEN 1 WHEN 'tue' THEN 2 WHEN 'wed' THEN 3 WHEN 'thu' THEN 4 "
            "WHEN 'fri' THEN 5 WHEN 'sat' THEN 6 WHEN 'sun' THEN 7 ELSE 8 END, date, start, id",
            [office_id],
        )
    ]


def session(db: CentralDB, session_id: str) -> dict[str, Any]:
    row = db.row("SELECT * FROM sessions WHERE id = ?", [session_id])
    if row is None:
        raise UnknownSession(session=session_id)
    return _plain(row)


# --- validation --------------------------------------------------------------------------------


def validate_offices(db: CentralDB, office_ids: set[str], now: datetime) -> None:
    """Parse each office's feed as its kiosk would; PlanInvalid with the kiosk's sentence if not."""
    from kiosk.central.publish import office_document  # the feed as it will be published

    today = office_day(now)
    for office_id in sorted(office_ids):
        document = office_document(db, office_id, now, publisher="Prüfung", with_calendars=False)
        if document is None:
            continue  # no sessions yet: nothing is published, nothing to check
        try:
            read_json_feed(feedgen.feed_bytes(document)).schedule(office_id, today, 400)
        except SyncError as error:
            raise PlanInvalid(problem=str(error)) from None


def _touch(tx: Tx, office_ids: set[str]) -> None:
    """A new revision for each office whose feed changes: kiosks then load it."""
    for office_id in office_ids:
        tx.execute(
            "UPDATE offices SET revision = revision + 1, revised_at = ? WHERE id = ?",
            [to_text(tx.now), office_id],
        )


def _commit_check(db: CentralDB, tx: Tx, office_ids: set[str]) -> None:
    _touch(tx, office_ids)
    validate_offices(db, office_ids, tx.now)


# --- offices -----------------------------------------------------------------------------------


def put_office(db: CentralDB, user: str, office_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create or change an office (name, address, opening hours, closures, info, phone relay)."""
    check_id(office_id)
    fields = _stored(data, OFFICE_FIELDS)
    with db.write() as tx:
        exists = tx.execute("SELECT 1 FROM offices WHERE id = ?", [office_id]).fetchone()
        if exists:
            if fields:
                assignments = ", ".join(f"{k} = ?" for k in fields)
                tx.execute(f"UPDATE offices SET {assignments} WHERE id = ?", [*fields.values(), office_id])
            audit(tx, user, "office.change", office_id, data)
        else:
            tx.db["offices"].insert({"id": office_id, **fields, "revised_at": to_text(tx.now)})
            audit(tx, user, "office.add", office_id, data)
        _commit_check(db, tx, {office_id})
    return office(db, office_id)


def delete_office(db: CentralDB, user: str, office_id: str) -> None:
    office(db, office_id)
    with db.write() as tx:
        tx.execute("DELETE FROM offices WHERE id = ?", [office_id])
        audit(tx, user, "office.delete", office_id)


def add_closures(db: CentralDB, user: str, office_id: str, closures: list[dict[str, str]]) -> dict[str, Any]:
    """Add closure days (public holidays, say), leaving out the ones already there."""
    current = office(db, office_id)["closures"]
    known = {json.dumps(c, sort_keys=True) for c in current}
    new = [c for c in closures if json.dumps(c, sort_keys=True) not in known]
    if not new:
        return office(db, office_id)
    merged = sorted([*current, *new], key=lambda c: c.get("date") or c.get("from") or "")
    return put_office(db, user, office_id, {"closures": merged})


# --- services ----------------------------------------------------------------------------------


def _offices_using(tx: Tx, service_id: str) -> set[str]:
    return {
        r[0] for r in tx.execute("SELECT DISTINCT office_id FROM sessions WHERE service_id = ?", [service_id])
    }


def put_service(db: CentralDB, user: str, service_id: str, data: dict[str, Any]) -> dict[str, Any]:
    check_id(service_id)
    fields = _stored(data, SERVICE_FIELDS)
    with db.write() as tx:
        exists = tx.execute("SELECT 1 FROM services WHERE id = ?", [service_id]).fetchone()
        if exists:
            if fields:
                assignments = ", ".join(f"{k} = ?" for k in fields)
                tx.execute(f"UPDATE services SET {assignments} WHERE id = ?", [*fields.values(), service_id])
            audit(tx, user, "service.change", service_id, data)
        else:
            tx.db["services"].insert({"id": service_id, **fields})
            audit(tx, user, "service.add", service_id, data)
        _commit_check(db, tx, _offices_using(tx, service_id))
    return service(db, service_id)


def delete_service(db: CentralDB, user: str, service_id: str) -> None:
    service(db, service_id)
    with db.write() as tx:
        used = _offices_using(tx, service_id)
        if used:
            raise ServiceInUse(service=service_id, offices=", ".join(sorted(used)))
        tx.execute("DELETE FROM services WHERE id = ?", [service_id])
        audit(tx, user, "service.delete", service_id)


# --- sessions ----------------------------------------------------------------------------------


def _new_session_id(data: dict[str, Any]) -> str:
    when = data.get("weekday") or (data.get("date") or "").replace("-", "")
    return f"{data['service_id']}-{when}-{secrets.token_hex(3)}"[:64]


def add_session(db: CentralDB, user: str, office_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """A weekly, every-other-week or one-off session of a service at an office."""
    office(db, office_id)
    service(db, data["service_id"])
    session_id = _new_session_id(data)
    with db.write() as tx:
        tx.db["sessions"].insert({"id": session_id, "office_id": office_id, **_stored(data, SESSION_FIELDS)})
        audit(tx, user, "session.add", f"{office_id}/{session_id}", data)
        _commit_check(db, tx, {office_id})
    return session(db, session_id)


def change_session(db: CentralDB, user: str, session_id: str, data: dict[str, Any]) -> dict[str, Any]:
    before = session(db, session_id)
    if "service_id" in data:
        service(db, data["service_id"])
    fields = _stored(data, SESSION_FIELDS)
    with db.write() as tx:
        if fields:
            assignments = ", ".join(f'"{k}" = ?' for k in fields)
            tx.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", [*fields.values(), session_id])
        audit(tx, user, "session.change", f"{before['office_id']}/{session_id}", data)
        _commit_check(db, tx, {before["office_id"]})
    return session(db, session_id)


def delete_session(db: CentralDB, user: str, session_id: str) -> None:
    before = session(db, session_id)
    with db.write() as tx:
        tx.execute("DELETE FROM sessions WHERE id = ?", [session_id])
        audit(tx, user, "session.delete", f"{before['office_id']}/{session_id}")
        _commit_check(db, tx, {before["office_id"]})


def cancel_date(db: CentralDB, user: str, session_id: str, day: date) -> dict[str, Any]:
    """One occurrence of a weekly session does not take place."""
    found = session(db, session_id)
    cancelled = sorted({*found["cancelled"], day.isoformat()})
    return change_session(db, user, session_id, {"cancelled": cancelled})


def move_date(db: CentralDB, user: str, session_id: str, move: dict[str, Any]) -> dict[str, Any]:
    """One occurrence held on another day, time or room (replaces an earlier move of that date)."""
    found = session(db, session_id)
    moved = [m for m in found["moved"] if m["date"] != move["date"]] + [move]
    return change_session(db, user, session_id, {"moved": moved})
