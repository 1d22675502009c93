"""Run the central server on uvicorn: in the foreground (``kiosk central serve``) or on a thread (tests)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import uvicorn

from kiosk.central.config import CentralConfig
from kiosk.central.web.app import build_context, create_app
from kiosk.central.web.context import CentralContext
from kiosk.clock import SystemClock
from kiosk.core.timekeeping import Clock
from kiosk.web.server import NOT_BOUND, TIMED_OUT, ServerDidNotStart

log = logging.getLogger("kiosk.central")
START_TIMEOUT = 15.0


class _Server(uvicorn.Server):
    """Ends the phones' streams first when asked to stop, or shutdown would wait for every phone."""

    def __init__(self, config: uvicorn.Config, ctx: CentralContext) -> None:
        super().__init__(config)
        self.ctx = ctx

    def handle_exit(self, sig: int, frame: object) -> None:
        self.ctx.hub.close()
        super().handle_exit(sig, frame)  # type: ignore[arg-type]


def uvicorn_config(ctx: CentralContext, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(ctx),
        host=host,
        port=port,
        loop="asyncio",
        http="auto",
        lifespan="on",
        access_log=False,  # it would log /t/<token>; the app's own log names route templates only
        proxy_headers=False,  # the client address is the throttles' key; a TLS proxy in front is fine
        server_header=False,
        timeout_graceful_shutdown=3,
        backlog=4096,
        log_config=None,
    )


@dataclass
class CentralHandle:
    url: str
    ctx: CentralContext
    _server: _Server
    _thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        """Stop; open phone streams notice within one ping (5 s) or are cut at the grace timeout."""
        self.ctx.hub.closed = True
        for signal in list(self.ctx.hub.signals.values()):
            signal.closed = True
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)

    def __enter__(self) -> CentralHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(
    config: CentralConfig, clock: Clock | None = None, *, port: int | None = None, poll_calendars: bool = True
) -> CentralHandle:
    """Start on a daemon thread; returns once it accepts connections (port 0: a free one)."""
    ctx = build_context(config, clock or SystemClock(), poll_calendars=poll_calendars)
    bind = config.server.bind
    chosen = config.server.port if port is None else port
    server = _Server(uvicorn_config(ctx, bind, chosen), ctx)
    thread = threading.Thread(target=server.run, name="central-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(2)
            reason = NOT_BOUND if not thread.is_alive() else TIMED_OUT
            raise ServerDidNotStart(address=f"{bind}:{chosen}", reason=reason)
        time.sleep(0.01)
    host, bound = server.servers[0].sockets[0].getsockname()[:2]
    ctx.bound_url = f"http://{host}:{bound}"
    log.info("central server listening on %s", ctx.bound_url)
    return CentralHandle(ctx.bound_url, ctx, server, thread)


def run_server(config: CentralConfig, clock: Clock | None = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM."""
    ctx = build_context(config, clock or SystemClock())
    _Server(uvicorn_config(ctx, config.server.bind, config.server.port), ctx).run()
