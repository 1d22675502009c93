"""A printer on a serial port (RS-232, or a USB-serial adapter such as /dev/ttyUSB0), via pyserial."""

from __future__ import annotations

import contextlib
import errno
import time
from pathlib import Path
from typing import Any

from kiosk.core.errors import N_
from kiosk.printing.transports.base import EscposStatusTransport, offline

CHUNK = 1024

NO_PYSERIAL = N_(
    "Für einen seriellen Drucker fehlt pyserial. Bitte installieren: pip install 'quartierskiosk[serial]'."
)
MISSING = N_(
    "Den seriellen Anschluss {path} gibt es nicht. "
    "Bitte Adapter einstecken und in [printer.serial] device prüfen."
)
BUSY = N_(
    "Der serielle Anschluss {path} ist belegt. "
    "Bitte das andere Programm beenden (etwa eine Konsole auf dem Port)."
)
NO_ACCESS = N_(
    "Keine Berechtigung für {path}. Bitte den Kiosk-Benutzer in die Gruppe „dialout“ aufnehmen "
    "(sudo usermod -aG dialout BENUTZER) und neu anmelden."
)
FAILED = N_("Der serielle Anschluss {path} lässt sich nicht öffnen ({reason}).")
STALLED = N_(
    "Der Drucker an {path} nimmt seit {seconds} s keine Daten an. Bitte Papier, Klappe und "
    "Baudrate ({baudrate}) prüfen."
)
DROPPED = N_(
    "Die Verbindung zum Drucker an {path} brach mitten im Druck ab. Der Zettel kann unvollständig sein."
)

FLOW = {"none": {}, "rtscts": {"rtscts": True}, "dsrdtr": {"dsrdtr": True}, "xonxoff": {"xonxoff": True}}


def _pyserial() -> Any:
    try:
        import serial
    except ImportError:
        raise offline(NO_PYSERIAL) from None
    return serial


class SerialTransport(EscposStatusTransport):
    def __init__(
        self,
        path: Path,
        baudrate: int = 19200,
        flow_control: str = "dsrdtr",
        *,
        write_timeout: float = 10.0,
        status_timeout: float = 1.5,
        check_status: bool = True,
    ) -> None:
        super().__init__(check_status, status_timeout)
        self.path, self.baudrate, self.flow_control = Path(path), baudrate, flow_control
        self.write_timeout = write_timeout
        self.description = f"Der Drucker an {self.path}"
        self._port: Any = None

    def open(self) -> None:
        self.close()
        serial = _pyserial()
        try:
            self._port = serial.Serial(
                str(self.path),
                self.baudrate,
                timeout=self.status_timeout,
                write_timeout=self.write_timeout,
                exclusive=True,
                **FLOW[self.flow_control],
            )
        except (serial.SerialException, OSError) as error:
            code = getattr(error, "errno", None)
            if code == errno.ENOENT:
                raise offline(MISSING, path=self.path) from None
            if code in (errno.EACCES, errno.EPERM):
                raise offline(NO_ACCESS, path=self.path) from None
            if code in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK):
                raise offline(BUSY, path=self.path) from None
            raise offline(FAILED, path=self.path, reason=str(error)) from None

    def write(self, data: bytes) -> None:
        assert self._port is not None, "open() first"
        serial = _pyserial()
        sent = 0
        try:
            while sent < len(data):
                sent += self._port.write(data[sent : sent + CHUNK]) or 0
            self._port.flush()
        except serial.SerialTimeoutException:
            raise offline(
                STALLED, sent, path=self.path, seconds=self.write_timeout, baudrate=self.baudrate
            ) from None
        except (serial.SerialException, OSError):
            raise offline(DROPPED, sent, path=self.path) from None

    def read_byte(self, deadline: float) -> int | None:
        assert self._port is not None, "open() first"
        serial = _pyserial()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        self._port.timeout = remaining
        try:
            data = self._port.read(1)
        except (serial.SerialException, OSError):
            raise offline(DROPPED, path=self.path) from None
        return data[0] if data else None

    def discard_input(self) -> None:
        assert self._port is not None, "open() first"
        self._port.reset_input_buffer()

    def close(self) -> None:
        if self._port is None:
            return
        with contextlib.suppress(Exception):
            self._port.close()
        self._port = None
