"""The planners' numbers, from stored day counts: pure, every cell through the small-cell rule.

Kiosks upload per day and service: visits (tickets issued), served,
no-shows, median and 90th-percentile wait, estimate accuracy, visits by
language and by hour. Single waits never leave a kiosk, so waits over
several days are the visit-weighted median of the daily medians (and of the
daily 90th percentiles): an honest summary, not an exact percentile; the
page says so.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.central.anonymity import cell, derived, text


def weighted_median(pairs: Iterable[tuple[float | None, int]]) -> float | None:
    """The median of values each counted ``weight`` times; None without any."""
    values = sorted((v, w) for v, w in pairs if v is not None and w > 0)
    total = sum(w for _v, w in values)
    if not total:
        return None
    half, seen = total / 2, 0
    for value, weight in values:
        seen += weight
        if seen >= half:
            return float(value)
    return float(values[-1][0])


def iso_week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Tally:
    """Sums over some day counts; turned into shown cells by :meth:`shown`."""

    visits: int = 0
    served: int = 0
    no_shows: int = 0
    checked: int = 0
    hit: int = 0
    waits: list[tuple[float | None, int]] = field(default_factory=list)
    p90s: list[tuple[float | None, int]] = field(default_factory=list)
    misses: list[tuple[float | None, int]] = field(default_factory=list)

    def add(self, row: dict[str, Any]) -> None:
        self.visits += row["issued"]
        self.served += row["served"]
        self.no_shows += row["no_shows"]
        self.checked += row["estimates_checked"]
        self.hit += row["estimates_hit"]
        self.waits.append((row["wait_median"], row["served"]))
        self.p90s.append((row["wait_p90"], row["served"]))
        self.misses.append((row["miss_median"], row["estimates_checked"] - row["estimates_hit"]))

    def shown(self) -> dict[str, Any]:
        """Every figure as it may be shown; small cells hide what is derived from them."""
        rate = round(100 * self.hit / self.checked) if self.checked else None
        return {
            "visits": cell(self.visits),
            "served": cell(self.served),
            "no_shows": cell(self.no_shows),
            "wait_median": derived(self.served, weighted_median(self.waits)),
            "wait_p90": derived(self.served, weighted_median(self.p90s)),
            "estimate_hit_percent": derived(self.checked, rate),
            "estimate_miss_minutes": derived(self.checked - self.hit, weighted_median(self.misses)),
        }


@dataclass(frozen=True)
class Filter:
    offices: frozenset[str] = frozenset()  # empty: all
    services: frozenset[str] = frozenset()
    first: str | None = None
    last: str | None = None

    def keeps(self, row: dict[str, Any]) -> bool:
        return (
            (not self.offices or row["office_id"] in self.offices)
            and (not self.services or row["service_id"] in self.services)
            and (self.first is None or row["day"] >= self.first)
            and (self.last is None or row["day"] <= self.last)
        )


def _grouped(rows: Sequence[dict[str, Any]], key: Any) -> dict[Any, Tally]:
    groups: dict[Any, Tally] = defaultdict(Tally)
    for row in rows:
        groups[key(row)].add(row)
    return dict(sorted(groups.items()))


def _spread(rows: Sequence[dict[str, Any]], column: str) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        for key, n in json.loads(row[column]).items():
            totals[key] += n
    return dict(totals)


def summary(rows: Iterable[dict[str, Any]], keep: Filter = Filter()) -> dict[str, Any]:
    """Every table of the dashboard, anonymity applied."""
    chosen = [r for r in rows if keep.keeps(r)]
    total = Tally()
    for row in chosen:
        total.add(row)
    hours = _spread(chosen, "by_hour")
    languages = _spread(chosen, "by_language")
    return {
        "days": len({(r["office_id"], r["day"]) for r in chosen}),
        "total": total.shown(),
        "by_office": {k: t.shown() for k, t in _grouped(chosen, lambda r: r["office_id"]).items()},
        "by_service": {k: t.shown() for k, t in _grouped(chosen, lambda r: r["service_id"]).items()},
        "by_week": {k: t.shown() for k, t in _grouped(chosen, lambda r: iso_week(r["day"])).items()},
        "by_hour": {str(h): cell(hours[str(h)]) for h in sorted(int(h) for h in hours)},
        "by_language": {k: cell(n) for k, n in sorted(languages.items(), key=lambda kv: -kv[1])},
    }


CSV_COLUMNS = [
    ("office", "Büro"),
    ("service", "Dienst"),
    ("week", "Woche"),
    ("visits", "Besuche"),
    ("served", "beraten"),
    ("no_shows", "nicht erschienen"),
    ("wait_median", "Wartezeit Median (Min.)"),
    ("wait_p90", "Wartezeit 90 % (Min.)"),
    ("estimate_hit_percent", "Schätzung getroffen (%)"),
]


def csv_export(rows: Iterable[dict[str, Any]], keep: Filter = Filter()) -> str:
    """One line per office, service and ISO week; small cells as "< 5" like on the page."""
    chosen = [r for r in rows if keep.keeps(r)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _key, label in CSV_COLUMNS])
    groups = _grouped(chosen, lambda r: (r["office_id"], r["service_id"], iso_week(r["day"])))
    for (office, service, week), tally in groups.items():
        shown = tally.shown()
        writer.writerow([office, service, week, *(text(shown[key]) for key, _l in CSV_COLUMNS[3:])])
    return out.getvalue()
