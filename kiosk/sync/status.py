"""The sync's record in the store, and how it reads to a person.

Status key ``sync`` is a contract: the staff console and ``kiosk doctor``
read it. It holds exactly::

    {"last_attempt": iso-utc, "last_success": iso-utc | null,
     "last_error": one German sentence | null,
     "feed_version": str | null, "feed_generated_at": iso | null}

``feed_*`` describe the feed in use, so they change only with a success.
The schedule's own age comes from status key ``schedule``. ``sync_cache``
(ETag, Last-Modified, the body's hash) is private to the sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core.timekeeping import to_local
from kiosk.store import Store
from kiosk.store.database import from_text, to_text

STATUS_KEY = "sync"
CACHE_KEY = "sync_cache"


@dataclass(frozen=True)
class SyncStatus:
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    feed_version: str | None = None
    feed_generated_at: datetime | None = None

    def as_record(self) -> dict[str, Any]:
        return {
            "last_attempt": to_text(self.last_attempt),
            "last_success": to_text(self.last_success),
            "last_error": self.last_error,
            "feed_version": self.feed_version,
            "feed_generated_at": self.feed_generated_at.isoformat() if self.feed_generated_at else None,
        }


def read_status(store: Store) -> SyncStatus:
    record = store.get_status(STATUS_KEY) or {}
    return SyncStatus(
        last_attempt=from_text(record.get("last_attempt")),
        last_success=from_text(record.get("last_success")),
        last_error=record.get("last_error"),
        feed_version=record.get("feed_version"),
        feed_generated_at=from_text(record.get("feed_generated_at")),
    )


def ago(moment: datetime, now: datetime) -> str:
    """'vor 3 Tagen', as staff would say it."""
    seconds = max(0.0, (now - moment).total_seconds())
    if seconds < 90:
        return "gerade eben"
    for unit, limit, singular, plural in (
        (60, 90, "Minute", "Minuten"),
        (3600, 36, "Stunde", "Stunden"),
        (86400, None, "Tag", "Tagen"),
    ):
        count = round(seconds / unit)
        if limit is None or count < limit:
            return f"vor {count} {singular if count == 1 else plural}"
    raise AssertionError("unreachable")


def when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "noch nie"
    return f"{to_local(moment):%d.%m.%Y %H:%M} ({ago(moment, now)})"


def status_lines(store: Store, now: datetime) -> list[str]:
    """``kiosk sync --status``: last success, last error (one line), the plan's age, uploads."""
    status = read_status(store)
    lines = [
        f"Letzter Abgleich:  {when(status.last_attempt, now)}",
        f"Letzter Erfolg:    {when(status.last_success, now)}",
        f"Letzter Fehler:    {status.last_error or 'keiner'}",
    ]
    schedule = store.get_status("schedule")
    if schedule:
        loaded = from_text(schedule.get("loaded_at"))
        generated = from_text(schedule.get("generated_at"))
        stand = f", Stand {to_local(generated):%d.%m.%Y %H:%M}" if generated else ""
        lines.append(
            f"Plan in Gebrauch:  Version {schedule.get('version') or '?'}{stand}, "
            f"geladen {when(loaded, now)} aus {schedule.get('source') or '?'}"
        )
    else:
        lines.append("Plan in Gebrauch:  keiner geladen")
    if status.last_error and schedule:
        lines.append("Der bisherige Plan bleibt in Gebrauch, bis ein Abgleich gelingt.")
    uploads = store.get_status("outbox")
    if uploads:
        delivered = when(from_text(uploads["last_delivery"]), now)
        lines.append(
            f"Zählungen:         {uploads['pending']} warten, {uploads['acknowledged']} bestätigt, "
            f"{uploads['refused']} abgelehnt; zuletzt geliefert {delivered}"
        )
        if uploads.get("last_error"):
            lines.append(f"Zählungen-Fehler:  {uploads['last_error']}")
    bookings = store.get_status("outbox_bookings")  # appointment bookings (kiosk.sync.bookings)
    if bookings:
        delivered = when(from_text(bookings["last_delivery"]), now)
        lines.append(
            f"Buchungen:         {bookings['pending']} warten, {bookings['acknowledged']} bestätigt, "
            f"{bookings['refused']} abgelehnt; zuletzt geliefert {delivered}"
        )
        if bookings.get("last_error"):
            lines.append(f"Buchungen-Fehler:  {bookings['last_error']}")
    return lines
