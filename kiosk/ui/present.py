"""The words on the screens, worked out from a snapshot in one language.

Pure functions (no Kivy): they take a snapshot and a gettext translation and
return plain data, so the screens only lay things out and the wording is
tested without a window. Every German msgid here is looked up at display
time, so a language switch re-renders in the new language.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kiosk.core.model import Service, Session, WaitEstimate, written_in
from kiosk.core.schedule import Offer
from kiosk.core.timekeeping import office_day
from kiosk.i18n import wait_text
from kiosk.i18n.formatting import capitalized, clock_time, day_and_month, number, time_span, weekday
from kiosk.ui.snapshot import Snapshot

Translation = gettext.NullTranslations

NOW, LATER, NOT_TODAY = "now", "later", "not_today"


def feed_text(texts: Mapping[str, str], language: str) -> tuple[str, str]:
    """(text, "" or the language it is written in when that is not the visitor's).

    A feed text (service name, description, what to bring) falls back to
    German when the city wrote none in the visitor's language. The screens
    must not pass that off as a translation: the second part tells them to
    lay it out in its own direction and mark it. Easy German falling back
    to German is the same language and is not marked.
    """
    lang, text = written_in(texts, language)
    same = lang.split("-")[0] == language.split("-")[0]
    return text, "" if same or not text else lang


def day_name(day: date, today: date, t: Translation, language: str) -> str:
    """'heute', 'morgen', or 'Donnerstag, 26. November' in the visitor's language."""
    delta = (day - today).days
    if delta == 0:
        # Translators: fills {day} in "{day} um {time} Uhr", like "morgen" and "{weekday}, {date}".
        return t.gettext("heute")
    if delta == 1:
        # Translators: fills {day} in "{day} um {time} Uhr", like "heute" and "{weekday}, {date}".
        return t.gettext("morgen")
    # Translators: {weekday} "Donnerstag", {date} "26. November"; both come in your language.
    return t.gettext("{weekday}, {date}").format(
        weekday=weekday(day, language), date=day_and_month(day, language)
    )


def heading(text: str) -> str:
    """A day name as a heading: 'Heute', 'Четвер, 26 листопада'."""
    return capitalized(text)


def when_next(session: Session, today: date, t: Translation, language: str) -> str:
    # Translators: {day} is "heute", "morgen" or "Donnerstag, 26. November"; {time} is "09:00".
    return t.gettext("{day} um {time} Uhr").format(
        day=day_name(session.day, today, t, language), time=clock_time(session.starts_at, language)
    )


def room_text(session: Session | None, t: Translation) -> str:
    if session is None or not session.room:
        return ""
    return t.gettext("Raum {room}").format(room=session.room)


def waiting_text(count: int, t: Translation, language: str) -> str:
    if count == 0:
        return t.gettext("Niemand wartet")
    return t.ngettext("{n} Person wartet", "{n} Personen warten", count).format(n=number(count, language))


def ahead_text(estimate: WaitEstimate, t: Translation, language: str) -> str:
    ahead = estimate.people_ahead
    if ahead == 0:
        return t.gettext("Sie sind als Nächste dran")
    return t.ngettext("{n} Person vor Ihnen", "{n} Personen vor Ihnen", ahead).format(
        n=number(ahead, language)
    )


def estimated_wait(estimate: WaitEstimate, t: Translation) -> str:
    if not estimate.known:
        return wait_text(estimate, t.gettext)  # "Wartezeit unbekannt" says it all
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
    name_language: str = ""  # "" or the language of a name the visitor's language lacks (see feed_text)


def _row(offer: Offer, status: str, snapshot: Snapshot, language: str, t: Translation) -> ServiceRow:
    session, today = offer.session, office_day(snapshot.now)
    waiting = wait = ""
    if status == NOW and session is not None:
        when = t.gettext("bis {time} Uhr").format(time=clock_time(session.ends_at, language))
        queue = snapshot.queues.get(offer.service_id)
        if queue is not None:
            waiting = waiting_text(queue.waiting, t, language)
            wait = estimated_wait(queue.newcomer, t)
    elif status == LATER and session is not None:
        when = t.gettext("ab {time} Uhr").format(time=clock_time(session.starts_at, language))
    elif session is not None:
        when = t.gettext("Nicht heute. Wieder: {when}").format(when=when_next(session, today, t, language))
    else:
        when = t.gettext("Zurzeit kein Termin")
    name, name_language = feed_text(offer.service.names, language)
    return ServiceRow(
        service_id=offer.service_id,
        name=name or offer.service.id,
        name_language=name_language,
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


def closed_text(snapshot: Snapshot, t: Translation, language: str) -> str:
    """What the welcome screen says outside opening hours; '' while open."""
    if snapshot.open_now or snapshot.office is None:
        return ""
    if snapshot.opens_next is None:
        return t.gettext("Das Büro ist jetzt geschlossen.")
    today = office_day(snapshot.now)
    when = t.gettext("{day} um {time} Uhr").format(
        day=day_name(office_day(snapshot.opens_next), today, t, language),
        time=clock_time(snapshot.opens_next, language),
    )
    return t.gettext("Das Büro ist jetzt geschlossen. Wir öffnen wieder {when}.").format(when=when)


def opening_hours_lines(snapshot: Snapshot, language: str) -> list[tuple[str, str]]:
    """(weekday, '09:00–17:00') for each day with hours, Monday first."""
    office = snapshot.office
    if office is None:
        return []
    lines = []
    for day in range(7):
        spans = office.opening_hours.get(day, ())
        if spans:
            text = ", ".join(time_span(a, b, language) for a, b in spans)
            lines.append((capitalized(weekday(day, language)), text))
    return lines


@dataclass(frozen=True)
class PlanLine:
    time: str
    name: str
    room: str
    name_language: str = ""  # as in ServiceRow


def _plan_line(session: Session, services: Mapping[str, Service], language: str, t: Translation) -> PlanLine:
    service = services.get(session.service_id)
    name, name_language = feed_text(service.names, language) if service else (session.service_id, "")
    return PlanLine(
        time=time_span(session.starts_at, session.ends_at, language),
        name=name or session.service_id,
        room=room_text(session, t),
        name_language=name_language,
    )


def week_lines(snapshot: Snapshot, services: Mapping[str, Service], language: str, t: Translation):
    """[(day heading, [PlanLine, ...]), ...] for the info screen's week plan."""
    today = office_day(snapshot.now)
    days = []
    for day, sessions in snapshot.week.items():
        if not sessions:
            continue
        lines = [_plan_line(s, services, language, t) for s in sessions]
        days.append((heading(day_name(day, today, t, language)), lines))
    return days
