"""Everything the screens show, read from the store in one go, off the UI thread.

The UI never talks SQL and never asks the store from the main thread: the
backend thread calls :func:`load_snapshot` and hands the frozen result over.
Screens read only from the latest snapshot, so what they show is always one
consistent moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kiosk.core.appointments import SlotOffer
from kiosk.core.model import Call, Office, Service, Session
from kiosk.core.schedule import TodayView, is_open, next_opening, today_view, week_plan
from kiosk.core.timekeeping import office_day
from kiosk.store import Store, bookings
from kiosk.store import queue as ops
from kiosk.store.schedule import load_office, load_services, schedule_info, sessions_around

CALLS_SHOWN = 4


@dataclass(frozen=True)
class Snapshot:
    """One consistent reading of the office: plan, queues, calls, status."""

    now: datetime
    event_id: int
    office: Office | None = None
    services: dict[str, Service] = field(default_factory=dict)
    view: TodayView = field(default_factory=TodayView)
    queues: dict[str, ops.ServiceQueue] = field(default_factory=dict)
    calls: tuple[Call, ...] = ()
    week: dict[date, list[Session]] = field(default_factory=dict)
    open_now: bool = False
    opens_next: datetime | None = None
    printer: dict[str, Any] | None = None  # the printing worker's last report in the store
    schedule: dict[str, Any] | None = None
    offers: tuple[SlotOffer, ...] = ()  # appointment slots this kiosk may book now
    has_slots: bool = False  # the plan has appointments at all (check-in is offered then)

    @property
    def has_plan(self) -> bool:
        return bool(self.services)


def load_snapshot(store: Store, online_booking: bool = False) -> Snapshot:
    """Read the whole screen state; the event id is read first, so a change
    that lands while reading shows up again on the next poll.

    ``online_booking``: the city's server can confirm slots not assigned to
    this kiosk, so those are offered too.
    """
    event_id = ops.last_event_id(store)
    now = store.now()
    services = load_services(store)
    sessions = sessions_around(store, now)
    office = load_office(store)
    today = office_day(now)
    calls = tuple(c for c in ops.recent_calls(store, CALLS_SHOWN * 3) if office_day(c.at) == today)
    return Snapshot(
        now=now,
        event_id=event_id,
        office=office,
        services={s.id: s for s in services},
        view=today_view(services, sessions, now),
        queues=ops.queue_snapshot(store),
        calls=calls[:CALLS_SHOWN],
        week=week_plan(sessions, today),
        open_now=is_open(office, now) if office else False,
        opens_next=next_opening(office, now) if office else None,
        printer=store.get_status("printer"),
        schedule=schedule_info(store),
        offers=tuple(bookings.open_offers(store, online=online_booking, now=now)),
        has_slots=bookings.has_slots(store, now),
    )
