"""'Sync now' from a staff button: one ``kiosk sync`` process at a time.

The staff console and the touchscreen's maintenance screen both use this.
The sync runs as a separate short process (as the nightly timer runs it), so
a slow city server never blocks the web server or the touchscreen. Presses
while one runs are ignored (the same job is reported), which is the debounce
staff need when they press three times because nothing seemed to happen.
The result is read from the exit code ``kiosk sync`` documents, plus its
last line, which says what happened in German.
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
from kiosk.sync.errors import (
    EXIT_BUSY,
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNAVAILABLE,
    EXIT_UPLOAD_PENDING,
)

log = logging.getLogger("kiosk.sync")

TIMEOUT_SECONDS = 600.0
EXIT_USAGE = 2  # click's exit code for an unknown command or bad option

MISSING = N_("Der Befehl „kiosk sync“ ist in dieser Version nicht vorhanden; es wurde nichts abgeglichen.")
FAILED = N_("Abgleich fehlgeschlagen (Code {code}): {detail}")
UNAVAILABLE = N_("Der Plan der Stadt war nicht zu bekommen; der bisherige bleibt in Gebrauch. {detail}")
REFUSED = N_("Der Plan der Stadt wurde abgelehnt; der bisherige bleibt in Gebrauch. {detail}")
PENDING = N_("Plan aktuell; die Zahlen für die Stadt werden beim nächsten Abgleich gesendet.")
NOT_CONFIGURED = N_("Kein Abgleich eingerichtet: in der Konfiguration fehlt [sync] feed_url.")
BUSY = N_("Ein Abgleich läuft gerade schon (z. B. der nächtliche). Bitte gleich noch einmal versuchen.")
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


def judge(code: int, stdout: str, stderr: str) -> tuple[str, int, str]:
    """(state, exit code, German message) for a finished ``kiosk sync``."""
    said = _last_line(stdout)
    detail = _last_line(stderr) or said or "keine Meldung"
    if code == EXIT_OK:
        return "succeeded", code, said or SUCCEEDED
    if code == EXIT_UPLOAD_PENDING:
        return "succeeded", code, PENDING
    if code == EXIT_NOT_CONFIGURED:
        return "failed", code, NOT_CONFIGURED
    if code == EXIT_BUSY:
        return "failed", code, BUSY
    if code == EXIT_UNAVAILABLE:
        return "failed", code, UNAVAILABLE.format(detail=detail)
    if code == EXIT_REFUSED:
        return "failed", code, REFUSED.format(detail=detail)
    if code == EXIT_USAGE and "No such command" in stderr:
        return "missing", code, MISSING
    return "failed", code, FAILED.format(code=code, detail=detail)


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
        self._end(*judge(done.returncode, done.stdout, done.stderr))

    def _end(self, state: str, code: int | None, message: str) -> None:
        log.info("sync from the staff console ended: %s (exit %s)", state, code)
        with self._lock:
            self._job = replace(
                self._job, state=state, finished_at=self.clock.now(), exit_code=code, message=message
            )
