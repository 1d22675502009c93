"""Run the web app on uvicorn: in the foreground (``kiosk serve``) or on a thread.

``kiosk run`` starts the Kivy app on the main thread and this server beside
it with :func:`serve_in_thread`; the returned handle stops it again. The
server binds only to the configured LAN address.
"""

from __future__ import annotations

import logging

import uvicorn

from kiosk.clock import SystemClock
from kiosk.config import Config
from kiosk.core.timekeeping import Clock
from kiosk.web.app import build_context, create_app
from kiosk.web.context import WebContext
from kiosk.web.serving import ServerDidNotStart, ServerThread, StreamingServer, start_in_thread

log = logging.getLogger("kiosk.web")

__all__ = ["ServerDidNotStart", "ServerHandle", "run_server", "serve_in_thread"]

ServerHandle = ServerThread[WebContext]


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
    config_ = uvicorn_config(ctx, host or config.web.bind, config.web.port if port is None else port)
    server = StreamingServer(config_, lambda: ctx.feed.close(wait=False))
    handle = start_in_thread(server, ctx, name="kiosk-web", end_streams=ctx.feed.close)
    log.info("web server listening on %s", handle.url)
    return handle


def run_server(
    config: Config, clock: Clock | None = None, host: str | None = None, port: int | None = None
) -> None:
    """Serve in the foreground until SIGINT/SIGTERM (``kiosk serve``)."""
    ctx = _context(config, clock, None)
    config_ = uvicorn_config(ctx, host or config.web.bind, config.web.port if port is None else port)
    StreamingServer(config_, lambda: ctx.feed.close(wait=False)).run()
