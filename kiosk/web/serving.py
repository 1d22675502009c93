"""uvicorn on a thread of its own, for the kiosk's staff server and the city's server alike.

Both servers hold live streams (the waiting-room display, phones) that never
end by themselves. uvicorn waits for open connections before it runs the
app's shutdown, so each server ends its streams first, whether a signal or
:meth:`ServerThread.stop` asks it to stop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import uvicorn

from kiosk.core.errors import N_, KioskError

log = logging.getLogger("kiosk.web")

START_TIMEOUT = 15.0
NOT_BOUND = N_("Adresse belegt, nicht auf diesem Gerät oder Datenbank nicht lesbar (siehe Protokoll)")
TIMED_OUT = N_("keine Antwort nach 15 Sekunden")

Context = TypeVar("Context")


class ServerDidNotStart(KioskError):
    template = N_("Der Webserver konnte auf {address} nicht starten: {reason}")


class StreamingServer(uvicorn.Server):
    """uvicorn's server, ending the app's live streams first when a signal asks it to stop.

    Without this, SIGTERM would always wait out the graceful-shutdown timeout.
    """

    def __init__(self, config: uvicorn.Config, end_streams: Callable[[], None]) -> None:
        super().__init__(config)
        self.end_streams = end_streams

    def handle_exit(self, sig: int, frame: object) -> None:
        self.end_streams()
        super().handle_exit(sig, frame)  # type: ignore[arg-type]


@dataclass
class ServerThread(Generic[Context]):
    """A server running on a daemon thread: where it listens, its app's context, how to stop it."""

    url: str
    host: str
    port: int
    ctx: Context
    _server: uvicorn.Server
    _thread: threading.Thread
    _end_streams: Callable[[], None]

    def stop(self, timeout: float = 10.0) -> None:
        """End the live streams, then the server; returns once it has stopped."""
        self._end_streams()
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)

    def __enter__(self) -> ServerThread[Context]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_in_thread(
    server: uvicorn.Server, ctx: Context, *, name: str, end_streams: Callable[[], None]
) -> ServerThread[Context]:
    """Run ``server`` on a daemon thread; returns once it accepts connections.

    Raises :class:`ServerDidNotStart` when the address is taken or not on
    this machine (uvicorn then exits its thread) or nothing happens for
    START_TIMEOUT seconds.
    """
    config = server.config
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run()
        except BaseException as error:  # SystemExit from uvicorn when the bind fails
            failure.append(error)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(2)
            reason = NOT_BOUND if failure or not thread.is_alive() else TIMED_OUT
            raise ServerDidNotStart(address=f"{config.host}:{config.port}", reason=reason)
        time.sleep(0.01)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return ServerThread(f"http://{shown}:{port}", host, port, ctx, server, thread, end_streams)
