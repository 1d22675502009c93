"""Real failing printers for tests: a TCP printer on 127.0.0.1 and a serial one on a pty.

They speak just enough ESC/POS: answer the three ``DLE EOT n`` status
queries with the bytes they are given and keep everything else they
receive. Their faults are the network's and the kernel's own: a refused
port, a peer that stops reading, a reset in the middle of a slip.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import struct
import threading
import time

READY = {1: 0x16, 2: 0x12, 4: 0x12}  # online, no offline cause, paper adequate
PAPER_OUT = {1: 0x1E, 2: 0x32, 4: 0x72}
PAPER_LOW = {1: 0x16, 2: 0x12, 4: 0x1E}
COVER_OPEN = {1: 0x1E, 2: 0x16, 4: 0x12}


class Protocol:
    """Splits a byte stream into status queries (answered) and slip bytes (kept)."""

    def __init__(self, answers: dict[int, int] | None) -> None:
        self.answers = answers
        self.received = bytearray()
        self.queries = 0
        self._tail = b""

    def feed(self, data: bytes) -> bytes:
        data, self._tail, reply = self._tail + data, b"", bytearray()
        i = 0
        while i < len(data):
            if data[i : i + 2] == b"\x10\x04":
                if i + 2 >= len(data):
                    self._tail = data[i:]
                    break
                self.queries += 1
                if self.answers is not None:
                    reply.append(self.answers[data[i + 2]])
                i += 3
            else:
                self.received.append(data[i])
                i += 1
        return bytes(reply)


class TcpPrinter:
    """A printer on 127.0.0.1:port. ``stall_after`` queries: stop reading; ``reset_after`` bytes: RST."""

    def __init__(
        self,
        answers: dict[int, int] | None = READY,
        *,
        stall_after_queries: int | None = None,
        reset_after_bytes: int | None = None,
        port: int = 0,
    ) -> None:
        self.answers = answers
        self.stall_after_queries = stall_after_queries
        self.reset_after_bytes = reset_after_bytes
        self.connections: list[Protocol] = []
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # inherited: a small window
        self._server.bind(("127.0.0.1", port))
        self._server.listen(8)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        return b"".join(bytes(c.received) for c in self.connections)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._server], [], [], 0.05)
            if ready:
                conn, _ = self._server.accept()
                threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        protocol = Protocol(self.answers)
        self.connections.append(protocol)
        with conn:
            while not self._stop.is_set():
                stalled = (
                    self.stall_after_queries is not None and protocol.queries >= self.stall_after_queries
                )
                if stalled:
                    time.sleep(0.02)  # keep the connection, read nothing: a hung printer
                    continue
                if not select.select([conn], [], [], 0.05)[0]:
                    continue
                try:
                    data = conn.recv(512)
                except OSError:
                    return
                if not data:
                    return
                reply = protocol.feed(data)
                if reply:
                    conn.sendall(reply)
                if self.reset_after_bytes is not None and len(protocol.received) >= self.reset_after_bytes:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return  # closing with linger 0 sends a reset: the printer was switched off

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._server.close()


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens (a printer that is switched off)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PtyPrinter:
    """A serial printer on the far side of a pseudo-terminal; ``path`` is the port to open."""

    def __init__(self, answers: dict[int, int] | None = READY) -> None:
        import tty

        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave  # kept open so the port exists until close()
        self.protocol = Protocol(answers)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.master, 1024)
            except OSError:
                return
            reply = self.protocol.feed(data)
            if reply:
                os.write(self.master, reply)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
