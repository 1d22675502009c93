"""Each office's feed as published: bytes, detached Ed25519 signature, ETag, gzip.

The bytes are made once per plan revision (and per day while calendar
imports are unrolled) and kept in memory; every kiosk of a city asking at
02:00 then costs a dictionary lookup, and an unchanged plan answers 304.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.central import feedgen, plan
from kiosk.central.db import CentralDB, from_text
from kiosk.central.errors import NoPlanYet, SigningKeyMissing
from kiosk.core.model import Service
from kiosk.core.timekeeping import office_day
from kiosk.sync import signing
from kiosk.sync.calendar import calendar_sessions, read_calendar
from kiosk.sync.errors import SyncError
from kiosk.sync.feed import DAYS_BEHIND

CALENDAR_HORIZON_DAYS = 400


def core_services(rows: list[dict[str, Any]]) -> list[Service]:
    return [
        Service(r["id"], r["names"], r["prefix"], r["pictogram"] or "generic", r["minutes_per_visit"])
        for r in rows
    ]


def calendar_entries(
    db: CentralDB, office_id: str, now: datetime, horizon: int
) -> tuple[list[dict], list[dict]]:
    """Sessions from the office's imported and subscribed calendars, and the calendar rows."""
    rows = db.rows(
        "SELECT * FROM calendars WHERE office_id = ? AND body IS NOT NULL ORDER BY id", [office_id]
    )
    if not rows:
        return [], []
    catalogue = core_services(plan.services(db))
    today = office_day(now)
    first, last = today - timedelta(days=DAYS_BEHIND), today + timedelta(days=horizon)
    entries: list[dict] = []
    for row in rows:
        try:
            found = calendar_sessions(
                read_calendar(row["body"]), catalogue, json.loads(row["categories"]), first, last
            )
        except SyncError:
            continue  # refused at import; a stored body is always one that parsed
        entries += [feedgen.calendar_entry(s, row["id"], n) for n, s in enumerate(found.sessions, 1)]
    return entries, rows


def office_document(
    db: CentralDB,
    office_id: str,
    now: datetime,
    publisher: str,
    *,
    with_calendars: bool = True,
    horizon: int = CALENDAR_HORIZON_DAYS,
) -> dict[str, Any] | None:
    """The office's feed document, or None while it has no session at all."""
    office = db.row("SELECT * FROM offices WHERE id = ?", [office_id])
    if office is None:
        plan.office(db, office_id)  # raises UnknownOffice
        return None
    own = [
        feedgen.session_entry(r)
        for r in db.rows("SELECT * FROM sessions WHERE office_id = ? ORDER BY id", [office_id])
    ]
    imported, calendars = calendar_entries(db, office_id, now, horizon) if with_calendars else ([], [])
    sessions = own + imported
    if not sessions:
        return None
    generated = max(
        [from_text(office["revised_at"])] + [from_text(c["changed_at"]) for c in calendars if c["changed_at"]]
    )
    version = f"{office_id}.r{office['revision']}"
    if calendars:
        version += (
            "." + hashlib.sha256("".join(c["sha256"] or "" for c in calendars).encode()).hexdigest()[:6]
        )
    services = db.rows("SELECT * FROM services ORDER BY position, id")
    assert generated is not None
    return feedgen.feed_document(office, services, sessions, generated, version, publisher)


@dataclass(frozen=True)
class Published:
    body: bytes
    gzipped: bytes
    signature: str  # base64, one line, as `kiosk feed sign` writes it
    etag: str
    generated_at: str
    version: str


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The city's signing key; made on first start (``kiosk central init``) with mode 0600."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        signing.write_private_key(signing.generate_key(), path)
    return load_key(path)


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        return signing.load_private_key(path)
    except (OSError, SyncError, ValueError):
        raise SigningKeyMissing(path=str(path)) from None


class Publisher:
    """Makes, signs and caches the feeds; one per server."""

    def __init__(self, key: Ed25519PrivateKey, publisher: str, horizon: int = CALENDAR_HORIZON_DAYS) -> None:
        self.key = key
        self.public_key = signing.public_key_text(key)
        self.publisher = publisher
        self.horizon = horizon
        self._cache: dict[str, tuple[tuple, Published]] = {}
        self._lock = threading.Lock()

    def _stamp(self, db: CentralDB, office_id: str, now: datetime) -> tuple:
        office = db.row("SELECT revision FROM offices WHERE id = ?", [office_id])
        if office is None:
            plan.office(db, office_id)
        calendars = db.rows("SELECT sha256 FROM calendars WHERE office_id = ? ORDER BY id", [office_id])
        services = db.row(
            "SELECT count(*) AS n, group_concat(id || prefix || names || minutes_per_visit) AS s "
            "FROM services"
        )
        has_calendars = any(c["sha256"] for c in calendars)
        return (
            office["revision"] if office else 0,
            tuple(c["sha256"] for c in calendars),
            hash(str(services)),
            office_day(now) if has_calendars else None,
        )

    def feed(self, db: CentralDB, office_id: str) -> Published:
        """The office's current feed; NoPlanYet while it has no sessions."""
        now = db.now()
        stamp = self._stamp(db, office_id, now)
        with self._lock:
            cached = self._cache.get(office_id)
        if cached and cached[0] == stamp:
            return cached[1]
        document = office_document(db, office_id, now, self.publisher, horizon=self.horizon)
        if document is None:
            raise NoPlanYet(office=office_id)
        body = feedgen.feed_bytes(document)
        made = Published(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            signature=signing.sign(self.key, body),
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            generated_at=document["generated_at"],
            version=document["feed_version"],
        )
        with self._lock:
            self._cache[office_id] = (stamp, made)
        return made
