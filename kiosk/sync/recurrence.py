"""Weekly and fortnightly sessions of a JSON feed, unrolled into dated ones.

The JSON format only knows "every N weeks on a weekday, from a date, until a
date", with cancelled and moved occurrences; that is all a desk-sharing plan
needs, and it is plain date arithmetic. Calendars with full RRULEs are read
by :mod:`kiosk.sync.calendar` through recurring-ical-events instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class WeeklyRule:
    """Every ``every`` weeks on ``weekday`` (0 = Monday), from ``start`` until ``until``."""

    weekday: int
    start: date
    every: int = 1
    until: date | None = None

    @property
    def first(self) -> date:
        """The first occurrence: the first such weekday on or after ``start``."""
        return self.start + timedelta(days=(self.weekday - self.start.weekday()) % 7)

    @property
    def step(self) -> int:
        return 7 * self.every

    def occurs_on(self, day: date) -> bool:
        offset = (day - self.first).days
        return offset >= 0 and offset % self.step == 0 and (self.until is None or day <= self.until)

    def between(self, first: date, last: date) -> Iterator[date]:
        """The occurrences from ``first`` to ``last`` inclusive, in order."""
        if self.until is not None:
            last = min(last, self.until)
        start = self.first
        if first > start:
            start += timedelta(days=-(-(first - start).days // self.step) * self.step)
        day = start
        while day <= last:
            yield day
            day += timedelta(days=self.step)
