"""The staff console's "sync now" button: one ``kiosk sync`` at a time.

The sync is a separate short process (as the nightly timer runs it), so a
slow city server never blocks the web server. Presses while one runs are
ignored (the same job is reported), which is the debounce staff need when
they press three times because nothing seemed to happen.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.core.errors import N_
from kiosk.core.timekeeping import Clock

log = logging.getLogger("kiosk.web")

TIMEOUT_SECONDS = 600.0
EXIT_USAGE = 2  # click's exit code for an unknown command or bad option

MISSING = N_("Der Befehl „kiosk sync“ ist in dieser Version nicht vorhanden; es wurde nichts abgeglichen.")
FAILED = N_("Abgleich fehlgeschlagen (Code {code}): {detail}")
TIMED_OUT = N_("Abgleich abgebrochen: er dauerte länger als {minutes} Minuten.")
SUCCEEDED = N_("Abgleich erfolgreich.")
NOT_STARTED = N_("Abgleich konnte nicht gestartet werden: {detail}")


@dataclass(frozen=True)
class SyncJob:
    state: str  # idle | running | succeeded | failed | missing
    started_at: datetime | None = None
    finished_at: datetime | None = None
    exit_code: int | None = None
    message: str = ""


def sync_command(config_source: str) -> list[str]:
    """``python -m kiosk [--config FILE] sync`` with the same interpreter and config."""
    command = [sys.executable, "-m", "kiosk"]
    if config_source and not config_source.startswith("("):  # "(built-in defaults)" is no file
        command += ["--config", config_source]
    return [*command, "sync"]


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    line = lines[-1] if lines else ""
    return line.removeprefix("kiosk: ")[:300]


class SyncRunner:
    def __init__(self, command: list[str], clock: Clock, timeout: float = TIMEOUT_SECONDS) -> None:
        self.command = command
        self.clock = clock
        self.timeout = timeout
        self._job = SyncJob("idle")
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def job(self) -> SyncJob:
        with self._lock:
            return self._job

    def start(self) -> tuple[SyncJob, bool]:
        """Start a sync unless one runs; returns the job and whether this press started it."""
        with self._lock:
            if self._job.state == "running":
                return self._job, False
            self._job = SyncJob("running", started_at=self.clock.now())
            self._thread = threading.Thread(target=self._run, name="kiosk-web-sync", daemon=True)
            self._thread.start()
            return self._job, True

    def wait(self, timeout: float | None = None) -> SyncJob:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.job

    def _run(self) -> None:
        log.info("sync started from the staff console")
        try:
            done = subprocess.run(
                self.command, capture_output=True, text=True, timeout=self.timeout, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            self._end("failed", None, TIMED_OUT.format(minutes=int(self.timeout // 60)))
            return
        except OSError as error:
            self._end("failed", None, NOT_STARTED.format(detail=error.strerror or str(error)))
            return
        if done.returncode == 0:
            self._end("succeeded", 0, SUCCEEDED)
        elif done.returncode == EXIT_USAGE and "No such command" in done.stderr:
            self._end("missing", done.returncode, MISSING)
        else:
            detail = _last_line(done.stderr) or _last_line(done.stdout) or "keine Meldung"
            self._end("failed", done.returncode, FAILED.format(code=done.returncode, detail=detail))

    def _end(self, state: str, code: int | None, message: str) -> None:
        log.info("sync from the staff console ended: %s (exit %s)", state, code)
        with self._lock:
            self._job = replace(
                self._job, state=state, finished_at=self.clock.now(), exit_code=code, message=message
            )
