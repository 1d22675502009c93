"""The small test office of tests/sync/feeds.py with appointment slots: a feed in format 2.

- debt counselling (S) today, Thursday 9–17 in room 2: 30-minute slots, one
  place each, every slot the kiosk's;
- pensions (R) on Friday 9–12 in room 3: 30-minute slots, two places each,
  9:00 and 9:30 the kiosk's, the others only with the city's confirmation;
- the job centre (J) today without appointments.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from typing import Any

from kiosk.core.appointments import SlotKey
from kiosk.core.timekeeping import office_day
from kiosk.store import Store
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.schedule import replace_schedule
from kiosk.sync.load import FeedSettings, build_schedule
from tests.conftest import DESKS, THURSDAY
from tests.sync.feeds import feed_document

FRIDAY = THURSDAY + timedelta(days=1)


def plan_document(
    taken: list[dict[str, Any]] | None = None, generated_at: str | None = None
) -> dict[str, Any]:
    document = feed_document(**({"generated_at": generated_at} if generated_at else {}))
    document["format_version"] = 2
    sessions = {s["id"]: s for s in document["offices"][0]["sessions"]}
    sessions["schulden-do"]["appointments"] = {"minutes": 30, "capacity": 1, "kiosk": "all"}
    sessions["rente-einmal"]["appointments"] = {
        "minutes": 30,
        "capacity": 2,
        "kiosk": ["09:00", "09:30"],
        "taken": taken or [],
    }
    return document


def plan_bytes(**kwargs: Any) -> bytes:
    return json.dumps(plan_document(**kwargs), ensure_ascii=False, indent=1).encode()


def load_plan(store: Store, **kwargs: Any) -> None:
    settings = FeedSettings(office_id="test-office")
    loaded = build_schedule(plan_bytes(**kwargs), settings, office_day(store.now()), "test")
    replace_schedule(store, loaded.schedule)


def open_office(store: Store, **kwargs: Any) -> Store:
    load_plan(store, **kwargs)
    register_desks(store, DESKS)
    set_desk_services(store, 1, ["jobcenter"])
    set_desk_services(store, 2, ["schulden"])
    set_desk_services(store, 3, ["rente"])
    return store


def pension(hour: int, minute: int = 0, day: date = FRIDAY) -> SlotKey:
    return SlotKey("rente", day, time(hour, minute))


def debt(hour: int, minute: int = 0, day: date = THURSDAY) -> SlotKey:
    return SlotKey("schulden", day, time(hour, minute))
