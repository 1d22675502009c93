"""Anonymous daily counts: what social planning needs and staff look at.

Computed from tickets alone (no person is ever in them): per service, how many
tickets were issued, served, missed; how long people waited; how good the
estimates were; which languages and which hours.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kiosk.core.model import Ticket, TicketState
from kiosk.core.timekeeping import to_local
from kiosk.core.waits import estimate_hit


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values.

    Nearest rank, because it reports a wait somebody really had.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class ServiceCounts:
    service_id: str
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    cancelled: int = 0
    open: int = 0
    wait_median: float | None = None
    wait_p90: float | None = None
    visit_median: float | None = None
    estimates_checked: int = 0
    estimates_hit: int = 0
    estimate_error_median: float | None = None
    by_language: dict[str, int] = field(default_factory=dict)
    by_hour: dict[int, int] = field(default_factory=dict)

    @property
    def estimate_hit_rate(self) -> float | None:
        return self.estimates_hit / self.estimates_checked if self.estimates_checked else None


@dataclass(frozen=True)
class DayCounts:
    day: date
    services: list[ServiceCounts]

    @property
    def issued(self) -> int:
        return sum(s.issued for s in self.services)


def _miss(ticket: Ticket, waited: float) -> float:
    """Minutes the real wait lay outside the promised range (0 inside)."""
    est = ticket.estimate
    assert est is not None and est.low_minutes is not None and est.high_minutes is not None
    return max(est.low_minutes - waited, waited - est.high_minutes, 0.0)


def service_counts(service_id: str, tickets: list[Ticket]) -> ServiceCounts:
    """Counts for tickets that were issued for ``service_id`` (where they arrived)."""
    states = Counter(t.state for t in tickets)
    waits = [w for t in tickets if (w := t.waited_minutes) is not None]
    visits = [v for t in tickets if (v := t.visit_minutes) is not None]
    checked = [
        (t, w)
        for t in tickets
        if (w := t.waited_minutes) is not None and t.estimate is not None and t.estimate.known
    ]
    hits = sum(
        1
        for t, w in checked
        if estimate_hit(t.estimate.low_minutes, t.estimate.high_minutes, w)  # type: ignore[union-attr]
    )
    return ServiceCounts(
        service_id=service_id,
        issued=len(tickets),
        served=states[TicketState.DONE],
        no_shows=states[TicketState.NO_SHOW],
        cancelled=states[TicketState.CANCELLED],
        open=sum(n for state, n in states.items() if state.is_open),
        wait_median=percentile(waits, 50),
        wait_p90=percentile(waits, 90),
        visit_median=percentile(visits, 50),
        estimates_checked=len(checked),
        estimates_hit=hits,
        estimate_error_median=percentile([_miss(t, w) for t, w in checked], 50),
        by_language=dict(sorted(Counter(t.language for t in tickets).items())),
        by_hour=dict(sorted(Counter(to_local(t.issued_at).hour for t in tickets).items())),
    )


def day_counts(day: date, tickets: Iterable[Ticket]) -> DayCounts:
    """Counts per service for one office day, by the service a ticket was issued for."""
    by_service: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        if ticket.day == day:
            by_service.setdefault(ticket.transferred_from or ticket.service_id, []).append(ticket)
    return DayCounts(day, [service_counts(sid, ts) for sid, ts in sorted(by_service.items())])
