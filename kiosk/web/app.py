"""Build the web app: API routers, pages, static files, live feed, error shape."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator
from datetime import timedelta

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kiosk import __version__
from kiosk.config import Config
from kiosk.core.timekeeping import Clock
from kiosk.store.desks import register_desks
from kiosk.sync.runner import SyncRunner, sync_command
from kiosk.web import api_appointments, api_public, api_staff, errors, pages
from kiosk.web.context import WebContext
from kiosk.web.live import LiveFeed
from kiosk.web.middleware import SecurityHeaders
from kiosk.web.pool import StorePool
from kiosk.web.speech import Speaker
from kiosk.web.throttle import SignInThrottle

DESCRIPTION = """
The Quartierskiosk's API on the office LAN, used by its own pages.

* `display` and `phone`: read-only, no sign-in; numbers, services, rooms and times only.
* `staff`: needs the session cookie from `POST /api/staff/session`; every changing
  request also needs the `X-CSRF-Token` header (from the sign-in answer or `GET /api/staff/session`).

Errors are always `{"error": {"code": "...", "message": "German sentence"}}`.
Live updates: `GET /api/display/stream`, `/api/t/{token}/stream`, `/api/staff/stream` (Server-Sent Events).
"""


def build_context(config: Config, clock: Clock, sync_argv: list[str] | None = None) -> WebContext:
    pool = StorePool(config.storage.database, clock)
    web = config.web
    return WebContext(
        config=config,
        clock=clock,
        pool=pool,
        feed=LiveFeed(pool, interval=web.live_poll_ms / 1000),
        throttle=SignInThrottle(clock, web.signin_attempts, timedelta(seconds=web.signin_pause_seconds)),
        speaker=Speaker(config.storage.data_dir / "speech"),
        sync=SyncRunner(sync_argv or sync_command(config.source), clock),
    )


def _no_telemetry() -> dict:
    """Switch off FastAPI's built-in OpenTelemetry (in versions that have it).

    The kiosk runs on an office LAN and must never export anything on its own
    (an environment variable could turn on OTLP exporters); it also saves
    work on every request.
    """
    if "telemetry" not in inspect.signature(FastAPI).parameters:
        return {}
    parts = ("tracing", "metrics", "logs", "operation_spans", "auto_configure")
    return {"telemetry": dict.fromkeys(parts, False)}


def create_app(ctx: WebContext) -> FastAPI:
    """The ASGI app for one office database; ``ctx`` holds its parts."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx.pool.migrate()
        if ctx.config.desks:
            register_desks(ctx.pool.get(), ctx.config.desk_list())
        ctx.feed.start()
        if ctx.relay is not None:
            ctx.relay.start(ctx.feed)
        try:
            yield
        finally:
            if ctx.relay is not None:
                ctx.relay.stop()
            ctx.feed.close()
            ctx.pool.close()

    app = FastAPI(
        **_no_telemetry(),
        title="Quartierskiosk",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN, and the LAN may have no internet
        redoc_url=None,
    )
    app.state.ctx = ctx
    errors.install(app)
    app.include_router(api_public.router)
    app.include_router(api_staff.router)
    app.include_router(api_appointments.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app
