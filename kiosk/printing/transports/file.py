"""A device node: the kernel's usblp driver gives a USB printer as /dev/usb/lp0.

This is the way around "Resource busy" on a Raspberry Pi: usblp claims every
USB printer, and then libusb cannot. It works with the driver instead. usblp
gives no paper status, so the state is "unknown" while the node is there.
The node is opened non-blocking and written with a timeout, because a
printer out of paper makes a blocking write hang forever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import time
from pathlib import Path

from kiosk.core.errors import N_
from kiosk.printing.transports.base import Transport, TransportError, offline
from kiosk.printing.types import PrinterState, PrinterStatus

CHUNK = 4096

MISSING = N_(
    "Das Druckergerät {path} gibt es nicht: der Drucker ist aus oder das USB-Kabel steckt nicht. "
    "Bitte einschalten und einstecken; gedruckt wird dann ohne Neustart."
)
NOT_READY = N_(
    "Das Druckergerät {path} ist da, aber der Drucker antwortet nicht. Bitte aus- und wieder einschalten."
)
BUSY = N_(
    "Das Druckergerät {path} ist belegt: ein anderes Programm druckt gerade (CUPS oder ein zweiter "
    "„kiosk“-Prozess). Bitte dieses Programm beenden."
)
NO_ACCESS = N_(
    "Keine Berechtigung für {path}. Bitte den Kiosk-Benutzer in die Gruppe „lp“ aufnehmen "
    "(sudo usermod -aG lp BENUTZER) und neu anmelden."
)
STALLED = N_(
    "Der Drucker an {path} nimmt seit {seconds} s keine Daten an. Bitte Papier und Klappe prüfen, "
    "sonst aus- und wieder einschalten."
)
DROPPED = N_(
    "Der Drucker an {path} verschwand mitten im Druck (Kabel gezogen oder ausgeschaltet). "
    "Der Zettel kann unvollständig sein."
)
PRESENT = N_("Das Druckergerät {path} ist angeschlossen; Papier und Klappe kann es nicht melden.")


class FileTransport(Transport):
    def __init__(self, path: Path, *, write_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.write_timeout = write_timeout
        self.description = f"Der Drucker an {self.path}"
        self._fd: int | None = None

    def open(self) -> None:
        self.close()
        try:
            # No O_CREAT: a missing node means "unplugged", never "make a file".
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as error:
            raise self._error(error, opening=True) from None

    def _error(self, error: OSError, opening: bool, sent: int = 0) -> TransportError:
        code = error.errno
        if code == errno.ENOENT:
            return offline(MISSING, sent, path=self.path)
        if code == errno.EBUSY:
            return offline(BUSY, sent, path=self.path)
        if code in (errno.EACCES, errno.EPERM):
            return offline(NO_ACCESS, sent, path=self.path)
        if opening and code in (errno.ENXIO, errno.ENODEV, errno.EIO):
            return offline(NOT_READY, sent, path=self.path)
        return offline(DROPPED, sent, path=self.path)

    def write(self, data: bytes) -> None:
        assert self._fd is not None, "open() first"
        sent = 0
        view = memoryview(data)
        deadline = time.monotonic() + self.write_timeout
        while sent < len(data):
            try:
                written = os.write(self._fd, view[sent : sent + CHUNK])
            except BlockingIOError:
                written = 0
            except OSError as error:
                raise self._error(error, opening=False, sent=sent) from None
            if written:
                sent += written
                deadline = time.monotonic() + self.write_timeout  # progress: a slow printer is fine
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [self._fd], [], remaining)[1]:
                raise offline(STALLED, sent, path=self.path, seconds=self.write_timeout)

    def status(self) -> PrinterStatus:
        return PrinterStatus(PrinterState.UNKNOWN, PRESENT.format(path=self.path))

    def close(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None
