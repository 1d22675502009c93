"""Wait estimates as a range people can read.

The method follows the public queue system of Berlin and Munich (ZMS): a slot
is the visit duration divided by the desks serving the service, and the wait
is walked through the queue ahead, once with an optimistic and once with a
pessimistic duration. Durations come from today's finished visits of the
service; with few of those, the service's default visit length fills in.

A wait is "unknown" when no desk serves the service now. Showing "0 min" or
the default there is the lie that makes visitors distrust these machines.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from kiosk.core.model import WaitEstimate

RECENT_VISITS = 10  # how many of today's last visits shape the estimate
MIN_SAMPLES = 3  # fewer real visits than this get topped up with the default
SPREAD_LOW, SPREAD_HIGH = 0.8, 1.25  # the narrowest range we claim


def visit_durations(recent: Sequence[float], default_minutes: float) -> tuple[float, float]:
    """Optimistic and pessimistic visit length in minutes."""
    samples = [m for m in recent[-RECENT_VISITS:] if m > 0]
    samples += [default_minutes] * max(0, MIN_SAMPLES - len(samples))
    base = statistics.median(samples)
    quartiles = statistics.quantiles(samples, n=4, method="inclusive")
    return min(quartiles[0], base * SPREAD_LOW), max(quartiles[2], base * SPREAD_HIGH)


def estimate_wait(
    people_ahead: int,
    desks_serving: int,
    recent_visits: Sequence[float],
    default_minutes: float,
    busy_elapsed: Sequence[float] = (),
) -> WaitEstimate:
    """Estimate the wait of a visitor with ``people_ahead`` before them.

    ``busy_elapsed`` holds, for each visit of this service now at a desk, the
    minutes it has already taken: the pessimistic walk lets those finish
    first, the optimistic one assumes they are about to.
    """
    if desks_serving <= 0:
        return WaitEstimate(people_ahead=people_ahead, low_minutes=None, high_minutes=None)
    short, long = visit_durations(recent_visits, default_minutes)
    low = people_ahead * short / desks_serving
    still_busy = sum(max(long - elapsed, 0.0) for elapsed in busy_elapsed)
    high = (people_ahead * long + still_busy) / desks_serving
    low_rounded, high_rounded = round_for_people(low, high)
    return WaitEstimate(people_ahead=people_ahead, low_minutes=low_rounded, high_minutes=high_rounded)


def _step(minutes: float) -> int:
    return 5 if minutes <= 60 else 15


def round_for_people(low: float, high: float) -> tuple[int, int]:
    """Round a range the way people say it: "0–5", "10–20", "60–90" minutes.

    Steps of 5 minutes up to an hour, 15 beyond. The lower bound rounds down
    and the upper up, so the true estimate always lies inside the range.
    """
    low, high = max(0.0, min(low, high)), max(0.0, low, high)
    low_step, high_step = _step(low), _step(high)
    low_r = int(math.floor(low / low_step) * low_step)
    high_r = int(math.ceil(high / high_step) * high_step)
    if high_r <= low_r:
        high_r = low_r + _step(low_r + 1)
    return low_r, high_r


def estimate_hit(estimate_low: int | None, estimate_high: int | None, waited: float) -> bool | None:
    """Whether a real wait fell inside the range given at issue; None if unknown."""
    if estimate_low is None or estimate_high is None:
        return None
    return estimate_low <= waited <= estimate_high
