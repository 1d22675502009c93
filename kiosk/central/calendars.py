"""iCalendar plans: an uploaded file or a subscribed URL (Exchange/Outlook, Nextcloud), mapped to services.

The kiosk's own calendar code reads them (:mod:`kiosk.sync.calendar`:
RRULE, EXDATE, moved and cancelled occurrences, Windows zone names), so a
calendar means the same on the server as in ``kiosk feed check``. A body is
stored only after it parsed; a subscribed URL that fails keeps the last
good body and records why. The poller fetches subscribed calendars with the
kiosk's HTTP code (timeouts, retries, ETag), on a schedule.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import timedelta
from typing import Any

from kiosk.central import plan
from kiosk.central.db import CentralDB, DatabasePool, dumps, to_text
from kiosk.central.errors import PlanInvalid, UnknownCalendar
from kiosk.central.publish import core_services
from kiosk.core.timekeeping import office_day
from kiosk.sync.calendar import calendar_sessions, read_calendar
from kiosk.sync.errors import SyncError
from kiosk.sync.http import HttpPolicy, fetch, make_session

log = logging.getLogger("kiosk.central.calendars")
POLICY = HttpPolicy(
    connect_timeout=10, read_timeout=30, total_timeout=120, retries=2, backoff=1, max_bytes=5 << 20
)


def check_calendar(db: CentralDB, body: bytes, categories: dict[str, str]) -> dict[str, Any]:
    """Parse and unroll a calendar as the feed will; PlanInvalid with the reason if it cannot."""
    today = office_day(db.now())
    try:
        found = calendar_sessions(
            read_calendar(body),
            core_services(plan.services(db)),
            categories,
            today - timedelta(days=7),
            today + timedelta(days=400),
        )
    except SyncError as error:
        raise PlanInvalid(problem=str(error)) from None
    return {"sessions": len(found.sessions), "skipped": found.skipped}


def add_calendar(
    db: CentralDB,
    user: str,
    office_id: str,
    label: str,
    categories: dict[str, str],
    body: bytes | None,
    url: str,
) -> dict[str, Any]:
    """An uploaded file (``body``) or a subscription (``url``, fetched by the poller)."""
    plan.office(db, office_id)
    checked = check_calendar(db, body, categories) if body else {"skipped": []}
    with db.write() as tx:
        cursor = tx.execute(
            "INSERT INTO calendars (office_id, label, url, categories, body, sha256, fetched_at, changed_at, "
            "skipped) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                office_id,
                label,
                url,
                dumps(categories),
                body,
                hashlib.sha256(body).hexdigest() if body else None,
                to_text(tx.now) if body else None,
                to_text(tx.now) if body else None,
                dumps(checked["skipped"][:50]),
            ],
        )
        plan.audit(
            tx, user, "calendar.add", office_id, {"label": label, "url": url, "categories": categories}
        )
    return calendar(db, int(cursor.lastrowid or 0))


def calendar(db: CentralDB, calendar_id: int) -> dict[str, Any]:
    row = db.row(
        "SELECT id, office_id, label, url, categories, sha256, fetched_at, changed_at, last_error, skipped "
        "FROM calendars WHERE id = ?",
        [calendar_id],
    )
    if row is None:
        raise UnknownCalendar(calendar=calendar_id)
    return {**row, "categories": json.loads(row["categories"]), "skipped": json.loads(row["skipped"])}


def calendars(db: CentralDB, office_id: str) -> list[dict[str, Any]]:
    ids = [r["id"] for r in db.rows("SELECT id FROM calendars WHERE office_id = ? ORDER BY id", [office_id])]
    return [calendar(db, i) for i in ids]


def delete_calendar(db: CentralDB, user: str, calendar_id: int) -> None:
    found = calendar(db, calendar_id)
    with db.write() as tx:
        tx.execute("DELETE FROM calendars WHERE id = ?", [calendar_id])
        tx.execute(
            "UPDATE offices SET revision = revision + 1, revised_at = ? WHERE id = ?",
            [to_text(tx.now), found["office_id"]],
        )
        plan.audit(tx, user, "calendar.delete", found["office_id"], {"label": found["label"]})


def refresh(db: CentralDB, calendar_id: int, session: Any = None) -> dict[str, Any]:
    """Fetch a subscribed calendar now; a failure keeps the last good body and says why."""
    row = db.row("SELECT url, etag, sha256, categories FROM calendars WHERE id = ?", [calendar_id])
    if row is None:
        raise UnknownCalendar(calendar=calendar_id)
    if not row["url"]:
        return calendar(db, calendar_id)
    http = session or make_session(POLICY)
    error: str | None = None
    body: bytes | None = None
    etag = row["etag"]
    try:
        headers = {"If-None-Match": row["etag"]} if row["etag"] and row["sha256"] else {}
        fetched = fetch(http, row["url"], POLICY, headers=headers)
        if not fetched.not_modified:
            check_calendar(db, fetched.body, json.loads(row["categories"]))
            body, etag = fetched.body, fetched.etag
    except (SyncError, PlanInvalid) as failure:
        error = str(failure)
        log.warning("calendar %s could not be fetched or read (%s)", calendar_id, type(failure).__name__)
    finally:
        if session is None:
            http.close()
    with db.write() as tx:
        if body is not None and hashlib.sha256(body).hexdigest() != row["sha256"]:
            tx.execute(
                "UPDATE calendars SET body = ?, sha256 = ?, etag = ?, changed_at = ? WHERE id = ?",
                [body, hashlib.sha256(body).hexdigest(), etag, to_text(tx.now), calendar_id],
            )
        tx.execute(
            "UPDATE calendars SET fetched_at = ?, last_error = ? WHERE id = ?",
            [to_text(tx.now), error, calendar_id],
        )
    return calendar(db, calendar_id)


class CalendarPoller:
    """Fetches every subscribed calendar every ``interval`` seconds on a thread of its own."""

    def __init__(self, pool: DatabasePool, interval: float) -> None:
        self.pool = pool
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="central-calendars", daemon=True)
        self._thread.start()

    def poll_once(self) -> None:
        db = self.pool.get()
        for row in db.rows("SELECT id FROM calendars WHERE url != ''"):
            if self._stop.is_set():
                return
            refresh(db, row["id"])

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except Exception:
                log.exception("calendar poll failed")
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
