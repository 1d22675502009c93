"""The real clock, for the edges. The core only ever receives one."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """The device's clock; may be wrong on a Pi until NTP has answered."""

    def now(self) -> datetime:
        return datetime.now(UTC)
