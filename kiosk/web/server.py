"""Run the web app on uvicorn: in the foreground (``kiosk serve``) or on a thread.

``kiosk run`` starts the Kivy app on the main thread and this server beside
it with :func:`serve_in_thread`; the returned handle stops it again. The
server binds only to the configured LAN address.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import uvicorn

from kiosk.clock import SystemClock
from kiosk.config import Config
from kiosk.core.errors import N_, KioskError
from kiosk.core.timekeeping import Clock
from kiosk.web.app import build_context, create_app
from kiosk.web.context import WebContext

log = logging.getLogger("kiosk.web")

START_TIMEOUT = 15.0
NOT_BOUND = N_("Adresse belegt, nicht auf diesem Gerät oder Datenbank nicht lesbar (siehe Protokoll)")
TIMED_OUT = N_("keine Antwort nach 15 Sekunden")


class ServerDidNotStart(KioskError):
    template = N_("Der Webserver konnte auf {address} nicht starten: {reason}")


@dataclass
class ServerHandle:
    """A running server: its URL and how to stop it."""

    url: str
    host: str
    port: int
    ctx: WebContext
    _server: uvicorn.Server
    _thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        """End the live streams, then the server; returns once it has stopped."""
        self.ctx.feed.close()
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(uvicorn.Server):
    """uvicorn's server, ending the live streams first when a signal asks it to stop.

    uvicorn waits for open connections before it runs the app's shutdown; a
    display's stream never ends by itself, so without this SIGTERM would
    always wait out the graceful-shutdown timeout.
    """

    def __init__(self, config: uvicorn.Config, ctx: WebContext) -> None:
        super().__init__(config)
        self.ctx = ctx

    def handle_exit(self, sig: int, frame: object) -> None:
        self.ctx.feed.close(wait=False)
        super().handle_exit(sig, frame)  # type: ignore[arg-type]


def uvicorn_config(ctx: WebContext, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(ctx),
        host=host,
        port=port,
        loop="asyncio",  # never install uvloop's policy inside the Kivy process
        http="auto",
        lifespan="on",
        access_log=False,  # the access log would hold /t/<token> paths; ours does not
        proxy_headers=False,  # the client address is the throttle's key: never from a header
        server_header=False,
        date_header=True,
        timeout_graceful_shutdown=3,
        log_config=None,  # the app's logging setup applies
    )


def _context(config: Config, clock: Clock | None, sync_argv: list[str] | None) -> WebContext:
    ctx = build_context(config, clock or SystemClock(), sync_argv)
    if config.web.relay.url:
        from kiosk.web.relay import RelayPublisher

        ctx.relay = RelayPublisher(ctx)
    return ctx


def serve_in_thread(
    config: Config,
    clock: Clock | None = None,
    *,
    host: str | None = None,
    port: int | None = None,
    sync_argv: list[str] | None = None,
) -> ServerHandle:
    """Start the server on a daemon thread; returns once it accepts connections.

    ``host`` and ``port`` default to ``[web] bind`` and ``port``; port 0 picks
    a free one (see ``handle.url``). Raises :class:`ServerDidNotStart` when
    the address is taken or not on this machine.
    """
    ctx = _context(config, clock, sync_argv)
    bind = host or config.web.bind
    server = _Server(uvicorn_config(ctx, bind, config.web.port if port is None else port), ctx)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run()
        except BaseException as error:  # SystemExit from uvicorn when the bind fails
            failure.append(error)

    thread = threading.Thread(target=run, name="kiosk-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(2)
            reason = NOT_BOUND if failure or not thread.is_alive() else TIMED_OUT
            raise ServerDidNotStart(
                address=f"{bind}:{port if port is not None else config.web.port}", reason=reason
            )
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    url = f"http://{shown}:{bound[1]}"
    log.info("web server listening on %s", url)
    return ServerHandle(url, bound[0], bound[1], ctx, server, thread)


def run_server(
    config: Config, clock: Clock | None = None, host: str | None = None, port: int | None = None
) -> None:
    """Serve in the foreground until SIGINT/SIGTERM (``kiosk serve``)."""
    ctx = _context(config, clock, None)
    server = _Server(
        uvicorn_config(ctx, host or config.web.bind, config.web.port if port is None else port), ctx
    )
    server.run()
