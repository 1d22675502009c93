"""What every printer connection offers: open, write, close, and a status.

Like python-escpos's printer classes, a transport knows nothing about
slips; unlike them it has explicit timeouts everywhere and raises one error
type that already says, in German, what staff should do.
"""

from __future__ import annotations

import abc
import time
from pathlib import Path

from kiosk.core.errors import N_
from kiosk.printing import status as escpos_status
from kiosk.printing.types import PrinterState, PrinterStatus

STATUS_DISABLED = N_("Die Statusabfrage ist abgeschaltet (check_status = false); Papierstand unbekannt.")
NO_STATUS_ANSWER = N_(
    "{printer} antwortet nicht auf die Statusabfrage. Bitte Drucker aus- und wieder einschalten. "
    "Kann das Modell keine Statusabfrage, in [printer] check_status = false setzen."
)


class TransportError(Exception):
    """The connection failed; ``status`` is what staff see, ``sent`` how far the slip got."""

    def __init__(self, status: PrinterStatus, sent: int = 0) -> None:
        super().__init__(status.detail)
        self.status = status
        self.sent = sent


def offline(detail: str, sent: int = 0, **params: object) -> TransportError:
    """A TransportError for an unreachable printer; ``detail`` is a gettext msgid."""
    return TransportError(PrinterStatus(PrinterState.OFFLINE, detail.format(**params)), sent)


class Transport(abc.ABC):
    """One printer connection; ``open`` before and ``close`` after each slip."""

    #: a German noun phrase naming the printer, for staff messages
    description: str = "Der Drucker"
    #: whether ``status`` asks the printer itself (so a second query after a slip means something)
    asks_printer: bool = False
    #: the slip being sent, e.g. "2026-11-26-S-007-job12": a file name or a CUPS job title
    label: str = "slip"

    @abc.abstractmethod
    def open(self) -> None: ...

    @abc.abstractmethod
    def write(self, data: bytes) -> None:
        """Send all of ``data`` or raise TransportError (with ``sent`` so far)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the device; never raises."""

    @abc.abstractmethod
    def status(self) -> PrinterStatus:
        """Paper, cover and readiness as far as this connection can tell (while open)."""

    def output_png(self) -> Path | None:
        """Where the last slip can be seen as a picture, for backends that make one."""
        return None


class EscposStatusTransport(Transport):
    """A two-way connection whose printer answers ``DLE EOT`` status queries."""

    def __init__(self, check_status: bool, status_timeout: float) -> None:
        self.check_status = check_status
        self.status_timeout = status_timeout
        self.asks_printer = check_status

    @abc.abstractmethod
    def read_byte(self, deadline: float) -> int | None:
        """One byte from the printer, or None at ``deadline`` (time.monotonic())."""

    @abc.abstractmethod
    def discard_input(self) -> None:
        """Drop bytes the printer sent unasked, so answers line up with queries."""

    def status(self) -> PrinterStatus:
        if not self.check_status:
            return PrinterStatus(PrinterState.UNKNOWN, STATUS_DISABLED)
        self.discard_input()
        answers = []
        for query in escpos_status.QUERIES:
            self.write(query)
            answer = self.read_byte(time.monotonic() + self.status_timeout)
            if answer is None:
                raise offline(NO_STATUS_ANSWER, printer=self.description)
            answers.append(answer)
        return escpos_status.decode(*answers)
