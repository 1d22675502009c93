"""The words on the screens, worked out from a snapshot in one language.

Pure functions (no Kivy): they take a snapshot and a gettext translation and
return plain data, so the screens only lay things out and the wording is
tested without a window. Every German msgid here is looked up at display
time, so a language switch re-renders in the new language.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.core.errors import N_
from kiosk.core.model import Service, Session, WaitEstimate
from kiosk.core.schedule import Offer
from kiosk.core.timekeeping import office_day, to_local
from kiosk.i18n import wait_text
from kiosk.ui.snapshot import Snapshot

Translation = gettext.NullTranslations

WEEKDAYS = (
    N_("Montag"),
    N_("Dienstag"),
    N_("Mittwoch"),
    N_("Donnerstag"),
    N_("Freitag"),
    N_("Samstag"),
    N_("Sonntag"),
)

NOW, LATER, NOT_TODAY = "now", "later", "not_today"


def clock_time(moment: datetime) -> str:
    """24-hour time with Western digits, as on the printed ticket: '9:00'."""
    local = to_local(moment)
    return f"{local.hour}:{local.minute:02d}"


def day_name(day: date, today: date, t: Translation) -> str:
    """'heute', 'morgen', or 'Donnerstag, 27.11.'."""
    delta = (day - today).days
    if delta == 0:
        return t.gettext("heute")
    if delta == 1:
        return t.gettext("morgen")
    return t.gettext("{weekday}, {date}").format(
        weekday=t.gettext(WEEKDAYS[day.weekday()]), date=f"{day.day}.{day.month}."
    )


def when_next(session: Session, today: date, t: Translation) -> str:
    return t.gettext("{day} um {time} Uhr").format(
        day=day_name(session.day, today, t), time=clock_time(session.starts_at)
    )


def room_text(session: Session | None, t: Translation) -> str:
    if session is None or not session.room:
        return ""
    return t.gettext("Raum {room}").format(room=session.room)


def waiting_text(count: int, t: Translation) -> str:
    if count == 0:
        return t.gettext("Niemand wartet")
    return t.ngettext("{n} Person wartet", "{n} Personen warten", count).format(n=count)


def ahead_text(estimate: WaitEstimate, t: Translation) -> str:
    if estimate.people_ahead == 0:
        return t.gettext("Sie sind als Nächste dran")
    return t.ngettext("{n} Person vor Ihnen", "{n} Personen vor Ihnen", estimate.people_ahead).format(
        n=estimate.people_ahead
    )


def estimated_wait(estimate: WaitEstimate, t: Translation) -> str:
    return t.gettext("Wartezeit: {wait}").format(wait=wait_text(estimate, t.gettext))


@dataclass(frozen=True)
class ServiceRow:
    """One line of the "here today" list."""

    service_id: str
    name: str
    pictogram: str
    status: str  # NOW, LATER or NOT_TODAY
    when: str  # "bis 14:00 Uhr", "ab 13:00 Uhr", "wieder Donnerstag, 27.11. um 9:00 Uhr"
    room: str
    waiting: str  # only for NOW
    wait: str  # only for NOW


def _row(offer: Offer, status: str, snapshot: Snapshot, language: str, t: Translation) -> ServiceRow:
    session, today = offer.session, office_day(snapshot.now)
    waiting = wait = ""
    if status == NOW and session is not None:
        when = t.gettext("bis {time} Uhr").format(time=clock_time(session.ends_at))
        queue = snapshot.queues.get(offer.service_id)
        if queue is not None:
            waiting = waiting_text(queue.waiting, t)
            wait = estimated_wait(queue.newcomer, t)
    elif status == LATER and session is not None:
        when = t.gettext("ab {time} Uhr").format(time=clock_time(session.starts_at))
    elif session is not None:
        when = t.gettext("Nicht heute. Wieder: {when}").format(when=when_next(session, today, t))
    else:
        when = t.gettext("Zurzeit kein Termin")
    return ServiceRow(
        service_id=offer.service_id,
        name=offer.service.name(language),
        pictogram=offer.service.pictogram,
        status=status,
        when=when,
        room=room_text(session, t) if status != NOT_TODAY else "",
        waiting=waiting,
        wait=wait,
    )


def today_rows(snapshot: Snapshot, language: str, t: Translation) -> list[ServiceRow]:
    """On now, then later today, then not today: the order a visitor needs."""
    view = snapshot.view
    return [
        *(_row(o, NOW, snapshot, language, t) for o in view.on_now),
        *(_row(o, LATER, snapshot, language, t) for o in view.later_today),
        *(_row(o, NOT_TODAY, snapshot, language, t) for o in view.not_today),
    ]


def status_of(snapshot: Snapshot, service_id: str) -> str:
    view = snapshot.view
    if any(o.service_id == service_id for o in view.on_now):
        return NOW
    if any(o.service_id == service_id for o in view.later_today):
        return LATER
    return NOT_TODAY


def service_row(snapshot: Snapshot, service_id: str, language: str, t: Translation) -> ServiceRow | None:
    offer = snapshot.view.offer(service_id)
    if offer is None:
        return None
    return _row(offer, status_of(snapshot, service_id), snapshot, language, t)


def takes_tickets_now(snapshot: Snapshot, service_id: str) -> bool:
    """Whether the take-a-ticket button is offered (the store decides for real)."""
    from kiosk.core.schedule import takes_tickets

    offer = snapshot.view.offer(service_id)
    if offer is None or offer.session is None:
        return False
    return takes_tickets(offer.session, snapshot.now)


def closed_text(snapshot: Snapshot, t: Translation) -> str:
    """What the welcome screen says outside opening hours; '' while open."""
    if snapshot.open_now or snapshot.office is None:
        return ""
    if snapshot.opens_next is None:
        return t.gettext("Das Büro ist jetzt geschlossen.")
    today = office_day(snapshot.now)
    when = t.gettext("{day} um {time} Uhr").format(
        day=day_name(office_day(snapshot.opens_next), today, t), time=clock_time(snapshot.opens_next)
    )
    return t.gettext("Das Büro ist jetzt geschlossen. Wir öffnen wieder {when}.").format(when=when)


def opening_hours_lines(snapshot: Snapshot, t: Translation) -> list[tuple[str, str]]:
    """(weekday, '9:00–17:00') for each day with hours, Monday first."""
    office = snapshot.office
    if office is None:
        return []
    lines = []
    for weekday in range(7):
        spans = office.opening_hours.get(weekday, ())
        if spans:
            text = ", ".join(f"{a.hour}:{a.minute:02d}–{b.hour}:{b.minute:02d}" for a, b in spans)
            lines.append((t.gettext(WEEKDAYS[weekday]), text))
    return lines


@dataclass(frozen=True)
class PlanLine:
    time: str
    name: str
    room: str


def week_lines(snapshot: Snapshot, services: dict[str, Service], language: str, t: Translation):
    """[(day heading, [PlanLine, ...]), ...] for the info screen's week plan."""
    today = office_day(snapshot.now)
    days = []
    for day, sessions in snapshot.week.items():
        if not sessions:
            continue
        lines = [
            PlanLine(
                time=f"{clock_time(s.starts_at)}–{clock_time(s.ends_at)}",
                name=services[s.service_id].name(language) if s.service_id in services else s.service_id,
                room=room_text(s, t),
            )
            for s in sessions
        ]
        days.append((day_name(day, today, t), lines))
    return days
