"""What is on: today's services from the desk-sharing plan.

Sessions are concrete (one date, one window); recurring plans are expanded
into sessions when a feed is loaded. Everything here is a pure function of
the services, the sessions and the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kiosk.core.errors import DomainError, InvalidSchedule, ServiceHasNoDate, ServiceNotOnSite
from kiosk.core.model import Office, Schedule, Service, Session
from kiosk.core.numbering import check_prefixes
from kiosk.core.timekeeping import local_datetime, office_day, to_local

# A visitor may take a number this long before a session starts, so the
# first in line need not stand at the door.
TICKET_LEAD = timedelta(minutes=30)
WEEK = 7


@dataclass(frozen=True)
class Offer:
    """A service and the session that matters for it right now."""

    service: Service
    session: Session | None

    @property
    def service_id(self) -> str:
        return self.service.id


@dataclass(frozen=True)
class TodayView:
    """The kiosk's main screen as data: on now, later today, not today."""

    on_now: list[Offer] = field(default_factory=list)
    later_today: list[Offer] = field(default_factory=list)
    not_today: list[Offer] = field(default_factory=list)  # session = next one, or None

    def offer(self, service_id: str) -> Offer | None:
        for offer in (*self.on_now, *self.later_today, *self.not_today):
            if offer.service_id == service_id:
                return offer
        return None


def _sorted(sessions: Iterable[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.starts_at, s.service_id, s.room))


def sessions_on(sessions: Iterable[Session], day: date) -> list[Session]:
    return _sorted(s for s in sessions if s.day == day)


def is_running(session: Session, now: datetime) -> bool:
    return session.starts_at <= now < session.ends_at


def takes_tickets(session: Session, now: datetime) -> bool:
    """Tickets are given from shortly before the start until the end."""
    return session.starts_at - TICKET_LEAD <= now < session.ends_at


def next_session(service_id: str, sessions: Iterable[Session], now: datetime) -> Session | None:
    """The service's running or next session from now on."""
    upcoming = [s for s in sessions if s.service_id == service_id and s.ends_at > now]
    return min(upcoming, key=lambda s: s.starts_at) if upcoming else None


def today_view(services: Sequence[Service], sessions: Sequence[Session], now: datetime) -> TodayView:
    """Split the services into on now, later today and not today.

    A service with several sessions today appears once, with the session that
    runs now or comes next. A session that has ended is gone; a service whose
    last session today has ended counts as "not today" and shows its next date.
    """
    today = office_day(now)
    view = TodayView()
    by_service: dict[str, list[Session]] = {}
    for session in sessions:  # one pass, not one per service: a year of plan is thousands of sessions
        by_service.setdefault(session.service_id, []).append(session)
    for service in services:
        upcoming = next_session(service.id, by_service.get(service.id, ()), now)
        if upcoming is not None and is_running(upcoming, now):
            view.on_now.append(Offer(service, upcoming))
        elif upcoming is not None and upcoming.day == today:
            view.later_today.append(Offer(service, upcoming))
        else:
            view.not_today.append(Offer(service, upcoming))
    far = local_datetime(date.max - timedelta(days=1), datetime.min.time())
    view.on_now.sort(key=lambda o: (o.session.ends_at if o.session else far, o.service.id))
    view.later_today.sort(key=lambda o: (o.session.starts_at if o.session else far, o.service.id))
    view.not_today.sort(key=lambda o: (o.session.starts_at if o.session else far, o.service.id))
    return view


@dataclass(frozen=True)
class DayPlan:
    """One day of the "next 7 days" list: its sessions, earliest first."""

    day: date
    sessions: list[Session]


def coming_days(sessions: Iterable[Session], now: datetime, days: int = WEEK) -> list[DayPlan]:
    """Today and the following days, without the sessions that have already ended.

    Today's entry drops ended sessions, so the info screen never points a
    visitor to a desk that has closed; days with nothing on stay in the list
    (a visitor asking "and on Monday?" gets an answer: nothing).
    """
    today = office_day(now)
    plan = week_plan((s for s in sessions if s.day != today or s.ends_at > now), today, days)
    return [DayPlan(day, listed) for day, listed in plan.items()]


def without_closures(sessions: Iterable[Session], closures: Iterable[date]) -> list[Session]:
    """Drop sessions on days the office is closed (public holidays, team days).

    A weekly plan is written once a year; the closures are what makes it true
    on Christmas Eve without editing every recurring session.
    """
    closed = frozenset(closures)
    return [s for s in sessions if s.day not in closed]


def week_plan(sessions: Iterable[Session], first_day: date, days: int = WEEK) -> dict[date, list[Session]]:
    """Sessions per day for the info screen's "this week" table."""
    plan: dict[date, list[Session]] = {first_day + timedelta(days=i): [] for i in range(days)}
    for session in _sorted(sessions):
        if session.day in plan:
            plan[session.day].append(session)
    return plan


def session_for_ticket(service: Service, sessions: Iterable[Session], now: datetime) -> Session:
    """The session a ticket taken now belongs to, or ServiceNotOnSite."""
    candidates = [s for s in sessions if s.service_id == service.id and takes_tickets(s, now)]
    if candidates:
        return min(candidates, key=lambda s: s.starts_at)
    upcoming = next_session(service.id, sessions, now)
    if upcoming is None:
        raise ServiceHasNoDate(service=service.name("de"))
    raise ServiceNotOnSite(service=service.name("de"), next=f"{to_local(upcoming.starts_at):%d.%m.%Y %H:%M}")


def is_open(office: Office, now: datetime) -> bool:
    """Whether ``now`` falls in the office's opening hours (and not a closure)."""
    local = to_local(now)
    if local.date() in office.closures:
        return False
    for opens, closes in office.opening_hours.get(local.weekday(), ()):
        if local_datetime(local.date(), opens) <= now < local_datetime(local.date(), closes):
            return True
    return False


def next_opening(office: Office, now: datetime, horizon_days: int = 60) -> datetime | None:
    """When the office opens next (``now`` if it is open); None if never soon."""
    if is_open(office, now):
        return now
    start = office_day(now)
    for offset in range(horizon_days + 1):
        day = start + timedelta(days=offset)
        if day in office.closures:
            continue
        for opens, _closes in sorted(office.opening_hours.get(day.weekday(), ())):
            moment = local_datetime(day, opens)
            if moment > now:
                return moment
    return None


def validate_schedule(schedule: Schedule) -> None:
    """Refuse a plan the kiosk could not honour; raises InvalidSchedule."""
    if not schedule.services:
        raise InvalidSchedule(reason="er enthält keinen Dienst")
    ids = [s.id for s in schedule.services]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InvalidSchedule(reason=f"Dienst doppelt: {', '.join(duplicates)}")
    try:
        check_prefixes((s.id, s.prefix) for s in schedule.services)
    except DomainError as error:
        raise InvalidSchedule(reason=str(error)) from error
    known = set(ids)
    for session in schedule.sessions:
        if session.service_id not in known:
            raise InvalidSchedule(reason=f"Termin für unbekannten Dienst {session.service_id}")
        if session.end <= session.start:
            raise InvalidSchedule(
                reason=f"Termin {session.service_id} am {session.day} endet vor seinem Beginn"
            )
