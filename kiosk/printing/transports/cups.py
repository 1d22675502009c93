"""A raw CUPS queue, through the ``lp`` and ``lpstat`` commands of cups-client.

The commands instead of pycups: nothing to compile on the Pi, and the same
behaviour an admin sees in a shell. CUPS hands the bytes on unchanged
(``-o raw``), so the queue must be a raw one. CUPS knows whether its queue
runs, not whether the printer has paper: a running queue is "unknown".
"""

from __future__ import annotations

import os
import shutil
import subprocess

from kiosk.core.errors import N_
from kiosk.printing.transports.base import Transport, offline
from kiosk.printing.types import PrinterState, PrinterStatus

NO_CLIENT = N_("Für CUPS fehlen die Befehle lp und lpstat. Bitte das Debian-Paket cups-client installieren.")
NOT_RUNNING = N_("CUPS läuft nicht ({server}). Bitte starten: sudo systemctl start cups.")
NO_DEFAULT = N_(
    "CUPS hat keinen Standarddrucker. Bitte in [printer.cups] queue den Namen eintragen (lpstat -p)."
)
NO_QUEUE = N_(
    "Die CUPS-Warteschlange „{queue}“ gibt es nicht. Bitte den Namen prüfen (lpstat -p zeigt alle)."
)
DISABLED = N_("Die CUPS-Warteschlange „{queue}“ ist angehalten. Bitte freigeben: sudo cupsenable {queue}.")
READY = N_("Die CUPS-Warteschlange „{queue}“ läuft; Papier und Klappe kann CUPS nicht melden.")
REJECTED = N_("CUPS hat den Zettel nicht angenommen ({reason}). Bitte die Warteschlange „{queue}“ prüfen.")
SLOW = N_("CUPS antwortet nicht (nach {seconds} s). Bitte sudo systemctl restart cups.")


class CupsTransport(Transport):
    def __init__(
        self, queue: str = "", server: str = "", *, status_timeout: float = 1.5, write_timeout: float = 10.0
    ) -> None:
        self.queue, self.server = queue, server
        self.status_timeout, self.write_timeout = status_timeout, write_timeout
        self.description = f"Die CUPS-Warteschlange „{queue or 'Standard'}“"

    def _run(self, command: str, *args: str, data: bytes | None = None, timeout: float) -> tuple[int, str]:
        program = shutil.which(command)
        if program is None:
            raise offline(NO_CLIENT)
        server = ["-h", self.server] if self.server else []
        try:
            done = subprocess.run(
                [program, *server, *args],
                input=data,
                capture_output=True,
                timeout=timeout,
                env={**os.environ, "LC_ALL": "C"},
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise offline(SLOW, seconds=timeout) from None
        return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace").strip()

    def _queue(self) -> str:
        _, running = self._run("lpstat", "-r", timeout=self.status_timeout)
        if "not running" in running:
            raise offline(NOT_RUNNING, server=self.server or "localhost")
        if self.queue:
            return self.queue
        _, default = self._run("lpstat", "-d", timeout=self.status_timeout)
        if ":" not in default:
            raise offline(NO_DEFAULT)
        return default.rsplit(":", 1)[1].strip()

    def open(self) -> None:
        pass  # each slip is one `lp` call in write()

    def status(self) -> PrinterStatus:
        queue = self._queue()
        code, text = self._run("lpstat", "-p", queue, timeout=self.status_timeout)
        if code != 0 or not text.startswith("printer"):
            raise offline(NO_QUEUE, queue=queue)
        if " disabled" in text.splitlines()[0]:
            raise offline(DISABLED, queue=queue)
        return PrinterStatus(PrinterState.UNKNOWN, READY.format(queue=queue))

    def write(self, data: bytes) -> None:
        # One CUPS job per slip: status queries never reach the printer anyway.
        queue = self._queue()
        code, text = self._run(
            "lp", "-d", queue, "-o", "raw", "-t", self.label, "-", data=data, timeout=self.write_timeout
        )
        if code != 0:
            raise offline(REJECTED, queue=queue, reason=text.splitlines()[0] if text else f"exit {code}")

    def close(self) -> None:
        pass
