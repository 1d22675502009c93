"""Times and sizes as office staff read them (German, local time)."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.timekeeping import to_local


def local(moment: datetime) -> str:
    return f"{to_local(moment):%d.%m.%Y %H:%M}"


def age(delta: timedelta) -> str:
    """ "vor 3 Stunden", "vor 2 Tagen": rough on purpose."""
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"vor {max(0, round(hours * 60))} Minuten"
    if hours < 48:
        return f"vor {round(hours)} Stunden"
    return f"vor {round(hours / 24)} Tagen"


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"
