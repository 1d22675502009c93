"""A printer on the LAN: raw TCP to port 9100 (JetDirect), as Epson, Star and most others speak."""

from __future__ import annotations

import contextlib
import errno
import select
import socket
import time

from kiosk.core.errors import N_
from kiosk.printing.transports.base import EscposStatusTransport, offline

# A small send buffer, so that "written" means "the printer took it" rather
# than "it waits in the kernel": otherwise a hung printer would swallow a
# whole slip without complaint and the write timeout would never fire.
SEND_BUFFER = 8192
CHUNK = 4096

REFUSED = N_(
    "Der Netzwerkdrucker {address} lehnt die Verbindung ab. Bitte prüfen, ob er eingeschaltet ist "
    "und ob Port {port} stimmt (meist 9100)."
)
UNREACHABLE = N_(
    "Der Netzwerkdrucker {address} ist nicht erreichbar ({reason}). Bitte Strom, Netzwerkkabel und "
    "IP-Adresse prüfen (Testseite des Druckers zeigt sie)."
)
CONNECT_TIMEOUT = N_(
    "Der Netzwerkdrucker {address} antwortet nicht (nach {seconds} s). Bitte prüfen, ob er "
    "eingeschaltet und im Netz ist."
)
UNKNOWN_HOST = N_(
    "Den Druckernamen „{host}“ kennt das Netz nicht. "
    "Bitte in [printer.network] host die IP-Adresse eintragen."
)
STALLED = N_(
    "Der Netzwerkdrucker {address} nimmt seit {seconds} s keine Daten mehr an. Bitte Papier und "
    "Klappe prüfen, sonst aus- und wieder einschalten."
)
DROPPED = N_(
    "Die Verbindung zum Netzwerkdrucker {address} brach mitten im Druck ab. Bitte Strom und Kabel "
    "prüfen; der Zettel kann unvollständig sein."
)


class NetworkTransport(EscposStatusTransport):
    def __init__(
        self,
        host: str,
        port: int = 9100,
        *,
        connect_timeout: float = 3.0,
        write_timeout: float = 10.0,
        status_timeout: float = 1.5,
        check_status: bool = True,
    ) -> None:
        super().__init__(check_status, status_timeout)
        self.host, self.port = host, port
        self.connect_timeout, self.write_timeout = connect_timeout, write_timeout
        self.address = f"{host}:{port}"
        self.description = f"Der Netzwerkdrucker {self.address}"
        self._socket: socket.socket | None = None

    def open(self) -> None:
        self.close()
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except socket.gaierror:
            raise offline(UNKNOWN_HOST, host=self.host) from None
        except ConnectionRefusedError:
            raise offline(REFUSED, address=self.address, port=self.port) from None
        except TimeoutError:
            raise offline(CONNECT_TIMEOUT, address=self.address, seconds=self.connect_timeout) from None
        except OSError as error:
            reason = errno.errorcode.get(error.errno or 0, str(error))
            raise offline(UNREACHABLE, address=self.address, reason=reason) from None
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = sock

    def write(self, data: bytes) -> None:
        assert self._socket is not None, "open() first"
        sent = 0
        self._socket.settimeout(self.write_timeout)
        try:
            while sent < len(data):
                sent += self._socket.send(data[sent : sent + CHUNK])
        except TimeoutError:
            raise offline(STALLED, sent, address=self.address, seconds=self.write_timeout) from None
        except OSError:
            raise offline(DROPPED, sent, address=self.address) from None

    def read_byte(self, deadline: float) -> int | None:
        assert self._socket is not None, "open() first"
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        self._socket.settimeout(remaining)
        try:
            data = self._socket.recv(1)
        except TimeoutError:
            return None
        except OSError:
            raise offline(DROPPED, address=self.address) from None
        if not data:
            raise offline(DROPPED, address=self.address)
        return data[0]

    def discard_input(self) -> None:
        assert self._socket is not None, "open() first"
        while select.select([self._socket], [], [], 0)[0]:
            try:
                if not self._socket.recv(256, socket.MSG_DONTWAIT):
                    raise offline(DROPPED, address=self.address)
            except BlockingIOError:
                return
            except OSError:
                raise offline(DROPPED, address=self.address) from None

    def close(self) -> None:
        if self._socket is None:
            return
        with contextlib.suppress(OSError):
            self._socket.close()
        self._socket = None
