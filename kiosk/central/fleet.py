"""Which kiosks need someone: silent, printer empty, old plan, wrong clock. Pure; the clock is passed in.

A kiosk reports itself with every sync (a heartbeat: version, plan in use,
printer, its clock) and is seen with every upload and relay snapshot. The
fleet page lists the flags this module derives, worst first.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kiosk.core.errors import N_

PRINTER_TROUBLE = frozenset({"paper_out", "paper_low", "cover_open", "offline", "error"})


class Flag(enum.StrEnum):
    SILENT = "silent"
    NEVER_SEEN = "never_seen"
    PRINTER = "printer"
    STALE_PLAN = "stale_plan"
    CLOCK = "clock"
    REVOKED = "revoked"


FLAG_TEXT = {
    Flag.SILENT: N_("meldet sich nicht"),
    Flag.NEVER_SEEN: N_("hat sich noch nie gemeldet"),
    Flag.PRINTER: N_("Drucker: {detail}"),
    Flag.STALE_PLAN: N_("zeigt einen alten Plan"),
    Flag.CLOCK: N_("Uhr geht {seconds} s falsch"),
    Flag.REVOKED: N_("gesperrt"),
}


@dataclass(frozen=True)
class FleetLimits:
    silent: timedelta = timedelta(hours=26)
    stale: timedelta = timedelta(hours=48)
    clock_tolerance_seconds: float = 120.0


@dataclass(frozen=True)
class KioskState:
    """What the server knows of one kiosk (from the kiosks table)."""

    last_seen: datetime | None
    revoked: bool
    heartbeat: dict[str, Any] | None
    clock_offset_seconds: float | None
    published_version: str | None  # the office's feed version as published now
    published_at: datetime | None  # when the office's plan last changed


@dataclass(frozen=True)
class Assessment:
    flags: list[Flag] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags


def assess(state: KioskState, now: datetime, limits: FleetLimits = FleetLimits()) -> Assessment:
    flags: list[Flag] = []
    texts: list[str] = []

    def add(flag: Flag, **params: Any) -> None:
        flags.append(flag)
        texts.append(FLAG_TEXT[flag].format(**params))

    if state.revoked:
        add(Flag.REVOKED)
        return Assessment(flags, texts)
    if state.last_seen is None:
        add(Flag.NEVER_SEEN)
    elif now - state.last_seen > limits.silent:
        add(Flag.SILENT)
    beat = state.heartbeat or {}
    printer = (beat.get("printer") or {}).get("state", "unknown")
    if printer in PRINTER_TROUBLE:
        add(Flag.PRINTER, detail=(beat.get("printer") or {}).get("detail") or printer)
    if (
        state.published_version
        and state.published_at is not None
        and beat.get("feed_version") != state.published_version
        and now - state.published_at > limits.stale
    ):
        add(Flag.STALE_PLAN)
    offset = state.clock_offset_seconds
    if offset is not None and abs(offset) > limits.clock_tolerance_seconds:
        add(Flag.CLOCK, seconds=round(offset))
    return Assessment(flags, texts)
