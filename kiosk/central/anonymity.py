"""The small-cell rule: a count under five is shown as "< 5", everywhere.

A table cell with two visits to debt counselling on a Tuesday morning in a
small office may point at a person. Every view and every export of the
central server passes its counts through :func:`cell`; figures derived from
such a cell (a median wait over three visits) are hidden with it, through
:func:`derived`. Pure: no I/O, tested on its own.
"""

from __future__ import annotations

MIN_CELL = 5
SMALL = "< 5"


def is_small(visits: int) -> bool:
    """True for 1-4 visits. Zero is no one and may be shown."""
    return 0 < visits < MIN_CELL


def cell(visits: int) -> int | str:
    """A visit count as it may be shown: the number, or "< 5"."""
    return SMALL if is_small(visits) else visits


def derived(visits: int, value: float | None) -> float | str | None:
    """A figure computed from ``visits`` visits (a wait, a rate): hidden with a small cell."""
    if is_small(visits):
        return SMALL
    return value


def text(value: int | float | str | None, unit: str = "") -> str:
    """A cell for a page or a CSV file: "< 5", "–" for nothing measured, else the number."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        value = round(value, 1)
        shown = f"{value:g}"
    else:
        shown = str(value)
    return f"{shown}{unit}"
