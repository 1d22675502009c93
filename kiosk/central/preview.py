"""What an office's kiosk will show on a chosen date: the published feed through the kiosk's own code.

The feed bytes a kiosk would download are parsed by :func:`kiosk.sync.load.build_schedule`
(the nightly sync's path) and shown with :mod:`kiosk.core.schedule`
(``today_view``, ``coming_days``): the preview cannot disagree with a kiosk.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from kiosk.central.db import CentralDB
from kiosk.central.publish import Publisher
from kiosk.core.model import Service, Session
from kiosk.core.schedule import Offer, coming_days, is_open, today_view
from kiosk.core.timekeeping import local_datetime
from kiosk.sync.load import FeedSettings, build_schedule

WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _session(session: Session | None) -> dict[str, Any] | None:
    if session is None:
        return None
    return {
        "date": session.day.isoformat(),
        "weekday": WEEKDAY_NAMES[session.day.weekday()],
        "from": f"{session.start:%H:%M}",
        "until": f"{session.end:%H:%M}",
        "room": session.room,
        "languages": list(session.languages),
    }


def _offer(offer: Offer) -> dict[str, Any]:
    return {
        "service": offer.service_id,
        "name": offer.service.name("de"),
        "prefix": offer.service.prefix,
        "session": _session(offer.session),
    }


def preview(db: CentralDB, publisher: Publisher, office_id: str, day: date, at: time) -> dict[str, Any]:
    """The kiosk's "today" screen and its "next 7 days" list for ``day`` at ``at``."""
    published = publisher.feed(db, office_id)
    loaded = build_schedule(
        published.body, FeedSettings(office_id=office_id), day, f"/feeds/{office_id}.json"
    )
    schedule = loaded.schedule
    now = local_datetime(day, at)
    view = today_view(list(schedule.services), list(schedule.sessions), now)
    names: dict[str, Service] = {s.id: s for s in schedule.services}
    return {
        "office": {"id": schedule.office.id, "name": schedule.office.name},
        "date": day.isoformat(),
        "weekday": WEEKDAY_NAMES[day.weekday()],
        "time": f"{at:%H:%M}",
        "feed_version": published.version,
        "generated_at": published.generated_at,
        "closed_today": day in schedule.office.closures,
        "open_now": is_open(schedule.office, now) if schedule.office.opening_hours else None,
        "on_now": [_offer(o) for o in view.on_now],
        "later_today": [_offer(o) for o in view.later_today],
        "not_today": [_offer(o) for o in view.not_today],
        "coming_days": [
            {
                "date": plan.day.isoformat(),
                "weekday": WEEKDAY_NAMES[plan.day.weekday()],
                "sessions": [
                    {**(_session(s) or {}), "service": s.service_id, "name": names[s.service_id].name("de")}
                    for s in plan.sessions
                ],
            }
            for plan in coming_days(list(schedule.sessions), now)
        ],
    }


def planned_hours(
    db: CentralDB, publisher: Publisher, office_ids: list[str], first: date, last: date
) -> dict[str, dict[str, float]]:
    """Sessions and hours on offer per service from ``first`` to ``last``, as the kiosks unroll them.

    The planners' counterpart to the visits: how much was offered. Read from
    the published feeds with the kiosk's parser, so cancellations, moves and
    closures count as a kiosk counts them.
    """
    from kiosk.central.errors import NoPlanYet

    totals: dict[str, dict[str, float]] = {}
    span = max((last - first).days, 0)
    for office_id in office_ids:
        try:
            body = publisher.feed(db, office_id).body
        except NoPlanYet:
            continue
        settings = FeedSettings(office_id=office_id, horizon_days=span + 1)
        for session in build_schedule(body, settings, first).schedule.sessions:
            if first <= session.day <= last:
                entry = totals.setdefault(session.service_id, {"sessions": 0, "hours": 0.0})
                entry["sessions"] += 1
                entry["hours"] += (session.ends_at - session.starts_at).total_seconds() / 3600
    return dict(sorted(totals.items()))
