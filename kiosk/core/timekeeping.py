"""Local time, office days and a guard against a clock that went backwards.

A Raspberry Pi has no battery clock: after a power cut it may start in 1970 or
at the last saved time until NTP answers. The queue must never use such a
clock to restart numbering, so every operation reads time through
:func:`effective_time`, which never goes behind the last time the store saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from kiosk.core.errors import ClockNotSet

OFFICE_ZONE = ZoneInfo("Europe/Berlin")

# No kiosk of this software ever ran before this instant; a clock showing an
# earlier time has not been set (1970 after a power cut, say).
PLAUSIBLE_AFTER = datetime(2026, 1, 1, tzinfo=UTC)

# NTP may step the clock back by a few seconds; that is not worth a warning.
BACKWARD_TOLERANCE = timedelta(minutes=2)


class Clock(Protocol):
    """Where the current time comes from; injected so tests can move it."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class FixedClock:
    """A clock that stands still until moved: for tests, demos and benchmarks."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at = self.at + timedelta(**delta)
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at


def local_datetime(day: date, at: time) -> datetime:
    """The aware instant of a wall-clock time in the office's zone.

    On the night clocks go back, 02:30 happens twice; the first one is meant.
    On the night they go forward, 02:30 does not exist; zoneinfo maps it to the
    instant an hour later, which is what a person standing at the door sees.

    The result is in UTC on purpose: Python subtracts and compares two
    datetimes that share a tzinfo by wall clock, which is an hour off across
    a DST change. All instants the core handles are UTC; local time is for
    display and for finding the day.
    """
    return datetime.combine(day, at, tzinfo=OFFICE_ZONE).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(OFFICE_ZONE)


def office_day(moment: datetime) -> date:
    """The local date that numbering restarts on."""
    return to_local(moment).date()


@dataclass(frozen=True)
class ClockReading:
    """The time an operation uses, and how far the raw clock was behind it."""

    at: datetime
    behind_by: timedelta | None = None

    @property
    def suspicious(self) -> bool:
        """True when staff should be told that the device clock is wrong."""
        return self.behind_by is not None and self.behind_by > BACKWARD_TOLERANCE


def effective_time(clock_now: datetime, last_known: datetime | None) -> ClockReading:
    """The time to record, never earlier than what the store already saw.

    Raises :class:`ClockNotSet` when the clock shows a time before this
    software existed and the store has no earlier time to hold on to: handing
    out numbers then would start a fake day whose numbers repeat once the
    clock is set.
    """
    if clock_now.tzinfo is None:
        raise ValueError("clock must return timezone-aware datetimes")
    clock_now = clock_now.astimezone(UTC)
    if last_known is not None and clock_now < last_known:
        return ClockReading(at=last_known.astimezone(UTC), behind_by=last_known - clock_now)
    if clock_now < PLAUSIBLE_AFTER:
        raise ClockNotSet(clock=to_local(clock_now).strftime("%d.%m.%Y %H:%M"))
    return ClockReading(at=clock_now)
