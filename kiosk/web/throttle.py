"""Sign-in throttling per client: guessing a four-digit PIN must take years.

After ``attempts`` failed sign-ins from one client address, that client must
pause; each further failure doubles the pause, up to a quarter of an hour.
During a pause even the right PIN is refused, or the pause would be
pointless. A successful sign-in clears the client's record. State is kept
in memory: a restart forgives, which costs an attacker a power cut per pause.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.timekeeping import Clock

MAX_PAUSE = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)
MAX_CLIENTS = 10_000  # bounded memory even if someone walks through addresses


@dataclass
class _Record:
    failures: int
    last_failure: datetime
    blocked_until: datetime | None = None


class SignInThrottle:
    def __init__(self, clock: Clock, attempts: int = 5, pause: timedelta = timedelta(seconds=30)) -> None:
        self.clock = clock
        self.attempts = attempts
        self.pause = pause
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """Seconds the client must still wait (0: it may try now)."""
        with self._lock:
            record = self._records.get(client)
            now = self.clock.now()
            if record is None or record.blocked_until is None or record.blocked_until <= now:
                return 0
            return max(1, int((record.blocked_until - now).total_seconds() + 0.999))

    def failed(self, client: str) -> int:
        """Record a failed sign-in; returns the pause that now applies in seconds."""
        now = self.clock.now()
        with self._lock:
            self._forget_old(now)
            record = self._records.get(client)
            if record is None:
                record = self._records[client] = _Record(0, now)
            record.failures += 1
            record.last_failure = now
            over = record.failures - self.attempts
            if over < 0:
                return 0
            pause = min(self.pause * (2 ** min(over, 20)), MAX_PAUSE)
            record.blocked_until = now + pause
            return int(pause.total_seconds())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._records.pop(client, None)

    def _forget_old(self, now: datetime) -> None:
        if len(self._records) < MAX_CLIENTS:
            stale = [k for k, r in self._records.items() if now - r.last_failure > FORGET_AFTER]
        else:
            stale = sorted(self._records, key=lambda k: self._records[k].last_failure)[: MAX_CLIENTS // 2]
        for key in stale:
            del self._records[key]
