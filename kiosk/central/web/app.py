"""Build the central server's ASGI app: the API, the pages, the static files, the error shape.

The error handlers and security headers are the staff console's
(:mod:`kiosk.web.errors`, :mod:`kiosk.web.middleware`), so both servers
answer alike.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kiosk import __version__
from kiosk.central.calendars import CalendarPoller
from kiosk.central.config import CentralConfig
from kiosk.central.db import DatabasePool
from kiosk.central.fleet import FleetLimits
from kiosk.central.publish import Publisher, load_key
from kiosk.central.relay import RelayHub
from kiosk.central.web import api_kiosk, api_phone, api_plan, pages
from kiosk.central.web import errors as central_errors
from kiosk.central.web.context import CentralContext
from kiosk.core.timekeeping import Clock
from kiosk.web import errors
from kiosk.web import pages as kiosk_pages
from kiosk.web.app import _no_telemetry
from kiosk.web.middleware import SecurityHeaders
from kiosk.web.throttle import SignInThrottle

DESCRIPTION = """
The city's central server for Quartierskiosk (docs/central.md).

* `feeds`: each office's plan as a signed feed (docs/sync.md), with ETag and gzip; no sign-in.
* `kiosks`: enrolment with a one-time code, and the outbox upload with the kiosk's
  Bearer token and an Idempotency-Key (day counts, bookings, heartbeats).
* `relay`: a kiosk's anonymous queue state (docs/relay.md); `phone`: the ticket pages.
* `plan`, `calendars`, `numbers`, `account`: the planners' API; sign in with
  `POST /api/v1/session`; changes need the `X-CSRF-Token` header and the planner role.

Errors are always `{"error": {"code": "...", "message": "German sentence"}}`.
"""


def build_context(config: CentralConfig, clock: Clock, *, poll_calendars: bool = True) -> CentralContext:
    web = config.web
    pool = DatabasePool(config.storage.database, clock)
    fleet = config.fleet
    return CentralContext(
        config=config,
        clock=clock,
        pool=pool,
        publisher=Publisher(load_key(config.key_file), config.city.publisher, config.city.horizon_days),
        hub=RelayHub(),
        throttle=SignInThrottle(clock, web.signin_attempts, timedelta(seconds=web.signin_pause_seconds)),
        enrol_throttle=SignInThrottle(clock, 10, timedelta(seconds=60)),
        poller=CalendarPoller(pool, config.calendars.poll_minutes * 60) if poll_calendars else None,
        limits=FleetLimits(
            silent=timedelta(hours=fleet.silent_hours),
            stale=timedelta(hours=fleet.stale_hours),
            clock_tolerance_seconds=fleet.clock_tolerance_seconds,
        ),
    )


def create_app(ctx: CentralContext) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx.pool.migrate()
        api_kiosk.restore_snapshots(ctx)
        if ctx.poller is not None:
            ctx.poller.start()
        try:
            yield
        finally:
            ctx.hub.close()
            if ctx.poller is not None:
                ctx.poller.stop()
            ctx.pool.close()

    app = FastAPI(
        **_no_telemetry(),
        title="Quartierskiosk – city server",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    errors.install(app)
    central_errors.install(app)
    app.include_router(api_kiosk.router)
    app.include_router(api_plan.router)
    app.include_router(api_phone.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=kiosk_pages.HERE / "static"), name="static")
    app.mount("/assets", StaticFiles(directory=pages.HERE / "static"), name="assets")
    app.add_middleware(SecurityHeaders)
    return app
