"""Run the central server on uvicorn: in the foreground (``kiosk central serve``) or on a thread (tests)."""

from __future__ import annotations

import logging

import uvicorn

from kiosk.central.config import CentralConfig
from kiosk.central.web.app import build_context, create_app
from kiosk.central.web.context import CentralContext
from kiosk.clock import SystemClock
from kiosk.core.timekeeping import Clock
from kiosk.web.serving import ServerThread, StreamingServer, start_in_thread

log = logging.getLogger("kiosk.central")

CentralHandle = ServerThread[CentralContext]


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


def serve_in_thread(
    config: CentralConfig, clock: Clock | None = None, *, port: int | None = None, poll_calendars: bool = True
) -> CentralHandle:
    """Start on a daemon thread; returns once it accepts connections (port 0: a free one)."""
    ctx = build_context(config, clock or SystemClock(), poll_calendars=poll_calendars)
    chosen = config.server.port if port is None else port
    server = StreamingServer(uvicorn_config(ctx, config.server.bind, chosen), ctx.hub.close)
    handle = start_in_thread(server, ctx, name="central-web", end_streams=ctx.hub.close_from_another_thread)
    ctx.bound_url = handle.url
    log.info("central server listening on %s", ctx.bound_url)
    return handle


def run_server(config: CentralConfig, clock: Clock | None = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM."""
    ctx = build_context(config, clock or SystemClock())
    StreamingServer(uvicorn_config(ctx, config.server.bind, config.server.port), ctx.hub.close).run()
