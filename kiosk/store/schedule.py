"""The office's plan in the database: replaced whole, read often."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from kiosk.core.model import Office, Schedule, Service, Session
from kiosk.core.schedule import TodayView, today_view, validate_schedule
from kiosk.core.timekeeping import office_day
from kiosk.store.database import Store, Transaction, to_text
from kiosk.store.rows import (
    office_from_row,
    office_to_row,
    service_from_row,
    service_to_row,
    session_from_row,
    session_to_row,
)

LOOKAHEAD_DAYS = 62  # far enough to say "next on ..." for a fortnightly service


def replace_schedule(store: Store, schedule: Schedule) -> int:
    """Swap in a new plan in one transaction; returns the event id.

    The plan is validated first; a plan that fails leaves the old one in use.
    Tickets already issued keep their codes: numbering is by prefix and day.
    """
    validate_schedule(schedule)
    with store.write() as tx:
        return write_schedule(tx, store, schedule)


def write_schedule(tx: Transaction, store: Store, schedule: Schedule) -> int:
    """The body of :func:`replace_schedule`, inside a transaction the caller holds.

    For callers that must commit more in the same transaction (the sync
    records which feed the plan came from): a crash between the plan and
    that record would otherwise leave them disagreeing. Validate first.
    """
    db = tx.db
    db.execute("DELETE FROM sessions")
    db.execute("DELETE FROM services")
    db.execute("DELETE FROM office")
    db["office"].insert(office_to_row(schedule.office))
    db["services"].insert_all(service_to_row(s, i) for i, s in enumerate(schedule.services))
    db["sessions"].insert_all(session_to_row(s) for s in schedule.sessions)
    meta = {
        "office_id": schedule.office.id,
        "version": schedule.version,
        "generated_at": to_text(schedule.generated_at),
        "source": schedule.source,
        "loaded_at": to_text(tx.now),
        "services": len(schedule.services),
        "sessions": len(schedule.sessions),
    }
    store.set_status("schedule", meta, tx.now)
    return tx.event("schedule_replaced", **meta)


def schedule_info(store: Store) -> dict[str, Any] | None:
    """Version, source and load time of the plan in use (None before the first)."""
    return store.get_status("schedule")


def load_office(store: Store) -> Office | None:
    with store.errors():
        rows = list(store.db["office"].rows)
    return office_from_row(rows[0]) if rows else None


def load_services(store: Store) -> list[Service]:
    with store.errors():
        return [service_from_row(r) for r in store.db["services"].rows_where(order_by="position, id")]


def load_sessions(store: Store, first: date, last: date) -> list[Session]:
    """Sessions on days from ``first`` to ``last`` inclusive."""
    with store.errors():
        rows = store.db["sessions"].rows_where(
            "day >= ? AND day <= ?", [first.isoformat(), last.isoformat()], order_by="day, start"
        )
        return [session_from_row(r) for r in rows]


def sessions_around(store: Store, now: datetime, days: int = LOOKAHEAD_DAYS) -> list[Session]:
    today = office_day(now)
    return load_sessions(store, today, today + timedelta(days=days))


def current_view(store: Store, now: datetime | None = None) -> TodayView:
    """Today's view from the stored plan at ``now`` (default: the store's time)."""
    moment = now or store.now()
    return today_view(load_services(store), sessions_around(store, moment), moment)
