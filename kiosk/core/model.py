"""The domain's nouns: office, service, session, ticket, desk, call.

Plain frozen dataclasses with no I/O. Times are timezone-aware datetimes;
a ticket's day is the local (Europe/Berlin) date it was issued on.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from kiosk.core.timekeeping import local_datetime

FALLBACK_LANGUAGE = "de"


def localized(texts: Mapping[str, str], language: str) -> str:
    """The text in ``language``, else German, else any; '' when there is none.

    German is the fallback because the feeds are written by German city staff
    and every service has at least a German name.
    """
    return written_in(texts, language)[1]


def written_in(texts: Mapping[str, str], language: str) -> tuple[str, str]:
    """(language the text is written in, text) for what :func:`localized` picks.

    A screen needs the first part to tell a German fallback from a
    translation: to mark it and to lay it out left to right on an Arabic screen.
    """
    for lang in (language, language.split("-")[0], FALLBACK_LANGUAGE):
        if texts.get(lang):
            return lang, texts[lang]
    return next(((lang, text) for lang, text in texts.items() if text), (FALLBACK_LANGUAGE, ""))


def has_translation(texts: Mapping[str, str], language: str) -> bool:
    """Whether ``texts`` holds ``language`` itself rather than a fallback."""
    return bool(texts.get(language) or texts.get(language.split("-")[0]))


@dataclass(frozen=True)
class Office:
    """A storefront office ("Quartiersbüro") whose kiosk this is."""

    id: str
    name: str
    address: str = ""
    # weekday (0 = Monday) -> list of (opens, closes)
    opening_hours: Mapping[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    closures: frozenset[date] = frozenset()
    info: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Service:
    """An agency's offer at the office, with its own queue and ticket prefix."""

    id: str
    names: Mapping[str, str]
    prefix: str
    pictogram: str = "generic"
    minutes_per_visit: int = 15
    descriptions: Mapping[str, str] = field(default_factory=dict)
    what_to_bring: Mapping[str, str] = field(default_factory=dict)

    def name(self, language: str) -> str:
        return localized(self.names, language) or self.id


@dataclass(frozen=True)
class Taken:
    """Places in one slot booked elsewhere (by phone at the agency, at the city's server).

    ``code`` is set when a kiosk made the booking: a kiosk recognises its own
    bookings coming back in the feed and does not count them twice.
    """

    start: time
    count: int = 1
    code: str = ""


@dataclass(frozen=True)
class SlotPlan:
    """A session's appointment slots (feed format 2): see :mod:`kiosk.core.appointments`.

    Slots run from the session's start in steps of ``minutes``; each holds
    ``capacity`` visitors. The kiosk may book only the slots the feed assigns
    to it (``kiosk``, or every slot with ``kiosk_all``), so two places never
    sell the same place; others need the city's server to confirm online.
    """

    minutes: int
    capacity: int = 1
    kiosk: frozenset[time] = frozenset()
    kiosk_all: bool = False
    taken: tuple[Taken, ...] = ()


@dataclass(frozen=True)
class Session:
    """A service's time window on site: one date, one room."""

    service_id: str
    day: date
    start: time
    end: time
    room: str = ""
    languages: tuple[str, ...] = ()
    id: str = ""
    appointments: SlotPlan | None = None  # bookable slots, when the feed offers them

    @property
    def starts_at(self) -> datetime:
        return local_datetime(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        return local_datetime(self.day, self.end)


@dataclass(frozen=True)
class Desk:
    """A staff member's place; calls name its room so visitors find it."""

    id: int
    name: str
    room: str = ""


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Still in the building's flow (not finished one way or another)."""
        return self in (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)

    @property
    def at_desk(self) -> bool:
        return self in (TicketState.CALLED, TicketState.SERVING)


@dataclass(frozen=True)
class WaitEstimate:
    """People ahead and a wait range in whole minutes; ``None`` means unknown.

    Unknown is a real answer: when no desk serves the service now, any figure
    would be invented.
    """

    people_ahead: int
    low_minutes: int | None
    high_minutes: int | None

    @property
    def known(self) -> bool:
        return self.low_minutes is not None and self.high_minutes is not None


@dataclass(frozen=True)
class Ticket:
    """A visitor's place in a service's queue. Holds no personal data."""

    day: date
    service_id: str
    number: int
    code: str
    state: TicketState
    issued_at: datetime
    language: str = FALLBACK_LANGUAGE
    id: int | None = None
    called_at: datetime | None = None  # first call at the current service
    first_called_at: datetime | None = None  # first call ever: ends the wait
    serving_at: datetime | None = None
    finished_at: datetime | None = None
    desk_id: int | None = None
    calls: int = 0
    estimate: WaitEstimate | None = None
    transferred_from: str | None = None  # the service it was issued for, once moved
    token: str = ""
    appointment_at: datetime | None = None

    @property
    def waited_minutes(self) -> float | None:
        """Real wait from issue to first call, for stats and estimate accuracy."""
        if self.first_called_at is None:
            return None
        return (self.first_called_at - self.issued_at).total_seconds() / 60

    @property
    def visit_minutes(self) -> float | None:
        """Time the last service's desk spent on the visit (its first call to finish)."""
        if self.called_at is None or self.finished_at is None or self.state != TicketState.DONE:
            return None
        return (self.finished_at - self.called_at).total_seconds() / 60


class CallKind(enum.StrEnum):
    CALL = "call"
    RECALL = "recall"


@dataclass(frozen=True)
class Call:
    """A number called to a desk: what the waiting room shows and announces."""

    ticket_id: int
    code: str
    service_id: str
    desk_id: int
    desk_name: str
    room: str
    at: datetime
    kind: CallKind = CallKind.CALL
    language: str = FALLBACK_LANGUAGE
    event_id: int = 0


@dataclass(frozen=True)
class Schedule:
    """One office's plan as delivered by a feed: replaced only as a whole."""

    office: Office
    services: tuple[Service, ...]
    sessions: tuple[Session, ...]
    version: str = ""
    generated_at: datetime | None = None
    source: str = ""
