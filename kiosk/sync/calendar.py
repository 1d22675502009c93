"""iCalendar feeds: a desk-sharing plan kept in Exchange/Outlook, Nextcloud or Google.

A calendar holds only the dates; the office and its services (names per
language, ticket letters) come from a JSON feed file on the kiosk
(``[sync] office_file``). Recurrence (RRULE, EXDATE, RDATE, moved and
cancelled occurrences via RECURRENCE-ID, time zones including Outlook's
Windows names and X-WR-TIMEZONE) is left to icalendar and
recurring-ical-events, which have met far more real calendars than we will.

An event becomes a session of the service its CATEGORIES or its title
names: first through ``[sync.categories]``, then by service id, then by
the service's German name, all without regard to case. Other events (team
meetings, all-day notes) are skipped and listed, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import icalendar
import recurring_ical_events

from kiosk.core.model import Service, Session
from kiosk.core.timekeeping import OFFICE_ZONE
from kiosk.sync.errors import FeedInvalid, FeedUnreadable

LANGUAGE_LINE = re.compile(r"^\s*(?:Sprachen|Languages)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
ROOM_WORD = re.compile(r"^\s*(?:Raum|Room|Zimmer)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class CalendarImport:
    """The sessions found, and what was skipped (for ``kiosk feed check`` and the log)."""

    sessions: list[Session]
    skipped: list[str] = field(default_factory=list)
    generated_at: datetime | None = None


def read_calendar(data: bytes) -> icalendar.Calendar:
    """Parse an iCalendar file; FeedUnreadable when it is none."""
    try:
        calendar = icalendar.Calendar.from_ical(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedUnreadable(format="iCalendar", detail=f"kein UTF-8 ab Byte {error.start}") from None
    except Exception as error:  # a parser meeting hostile bytes may raise anything
        raise FeedUnreadable(
            format="iCalendar", detail=f"{type(error).__name__}: {str(error)[:120]}"
        ) from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise FeedUnreadable(format="iCalendar", detail="kein VCALENDAR")
    return calendar


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class ServiceMatcher:
    """Which service an event belongs to, from its categories or its title."""

    def __init__(self, services: Sequence[Service], categories: Mapping[str, str]) -> None:
        known = {s.id for s in services}
        unknown = sorted(v for v in categories.values() if v not in known)
        if unknown:
            raise FeedInvalid(
                problem=f"[sync.categories] nennt unbekannte Dienste: {', '.join(unknown)} "
                f"(bekannt: {', '.join(sorted(known))})"
            )
        self._names: dict[str, str] = {}
        for service in services:
            self._names[_fold(service.id)] = service.id
            self._names[_fold(service.name("de"))] = service.id
        self._names.update({_fold(label): service_id for label, service_id in categories.items()})

    def match(self, labels: Iterable[str]) -> str | None:
        for label in labels:
            found = self._names.get(_fold(label))
            if found:
                return found
        return None


def _labels(event: icalendar.Event) -> list[str]:
    """Categories first (they are meant for this), then the title."""
    labels = [str(c) for c in event.categories]
    summary = str(event.get("SUMMARY", "")).strip()
    return [*labels, summary] if summary else labels


def _local(moment: date | datetime) -> datetime | None:
    """An event time as a Berlin wall-clock datetime; None for an all-day date."""
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is None:  # a "floating" time means local time at the office
        return moment.replace(tzinfo=OFFICE_ZONE)
    return moment.astimezone(OFFICE_ZONE)


def _languages(event: icalendar.Event) -> tuple[str, ...]:
    """'Sprachen: de, tr, ar' in the description: what a planner can type in Outlook."""
    found = LANGUAGE_LINE.search(str(event.get("DESCRIPTION", "")))
    if not found:
        return ()
    codes = [c.strip().lower() for c in re.split(r"[,;/ ]+", found.group(1)) if c.strip()]
    return tuple(dict.fromkeys(c for c in codes if LANGUAGE_CODE.match(c)))


def _generated_at(calendar: icalendar.Calendar) -> datetime | None:
    """RFC 7986 LAST-MODIFIED of the calendar itself, when the publisher states it.

    Event DTSTAMPs are no substitute: deleting the newest event would make
    the calendar look older and trip the replay guard.
    """
    value = calendar.get("LAST-MODIFIED")
    moment = getattr(value, "dt", None)
    return moment if isinstance(moment, datetime) and moment.tzinfo is not None else None


def calendar_sessions(
    calendar: icalendar.Calendar,
    services: Sequence[Service],
    categories: Mapping[str, str],
    first: date,
    last: date,
) -> CalendarImport:
    """The sessions of the calendar's events on days ``first`` to ``last`` (inclusive)."""
    matcher = ServiceMatcher(services, categories)
    start = datetime.combine(first, time(0), tzinfo=OFFICE_ZONE)
    stop = datetime.combine(last + timedelta(days=1), time(0), tzinfo=OFFICE_ZONE)
    try:
        occurrences = list(recurring_ical_events.of(calendar).between(start, stop))
    except Exception as error:  # the library's errors share no base class but Exception
        raise FeedInvalid(problem=f"Kalender: {type(error).__name__}: {str(error)[:120]}") from None
    sessions: list[Session] = []
    skipped: list[str] = []
    for event in occurrences:
        try:
            outcome = _session(event, matcher)
        except Exception as error:  # an event too broken to read refuses the calendar, as a bad rule does
            title = str(event.get("SUMMARY", "")) or "(ohne Titel)"
            raise FeedInvalid(
                problem=f"Kalender: „{title}“ ist nicht lesbar ({type(error).__name__})"
            ) from None
        if isinstance(outcome, Session):
            if first <= outcome.day <= last:
                sessions.append(outcome)
        elif outcome:
            skipped.append(outcome)
    sessions.sort(key=lambda s: (s.day, s.start, s.service_id))
    return CalendarImport(sessions, sorted(set(skipped)), _generated_at(calendar))


def _session(event: Any, matcher: ServiceMatcher) -> Session | str:
    """The session an occurrence stands for, or why it was skipped ('' = not worth saying)."""
    title = str(event.get("SUMMARY", "")).strip() or "(ohne Titel)"
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return ""  # a cancelled occurrence is meant to vanish
    service_id = matcher.match(_labels(event))
    if service_id is None:
        return f"„{title}“: keinem Dienst zugeordnet"
    begins, ends = _local(event.start), _local(event.end)
    if begins is None or ends is None:
        return f"„{title}“: ganztägig, kein Zeitfenster"
    if ends.date() != begins.date() or ends.time() <= begins.time():
        return f"„{title}“ am {begins:%d.%m.%Y}: geht über Mitternacht oder hat keine Dauer"
    room = ROOM_WORD.sub("", str(event.get("LOCATION", ""))).strip()
    return Session(
        service_id=service_id,
        day=begins.date(),
        start=begins.time().replace(second=0, microsecond=0, tzinfo=None),
        end=ends.time().replace(second=0, microsecond=0, tzinfo=None),
        room=room[:40],
        languages=_languages(event),
        id=f"{event.get('UID', title)}@{begins:%Y-%m-%dT%H:%M}",
    )
