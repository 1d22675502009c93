"""What every request handler of the central server needs, built once per server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from fastapi import Request

from kiosk.central.config import CentralConfig
from kiosk.central.db import DatabasePool
from kiosk.central.fleet import FleetLimits
from kiosk.central.publish import Publisher
from kiosk.central.relay import RelayHub
from kiosk.core.timekeeping import Clock
from kiosk.web.throttle import SignInThrottle

if TYPE_CHECKING:
    from kiosk.central.calendars import CalendarPoller


@dataclass
class CentralContext:
    config: CentralConfig
    clock: Clock
    pool: DatabasePool
    publisher: Publisher
    hub: RelayHub
    throttle: SignInThrottle  # planners' sign-in, per client address
    enrol_throttle: SignInThrottle  # guessing enrolment codes, per client address
    poller: CalendarPoller | None = None
    limits: FleetLimits = field(default_factory=FleetLimits)
    bound_url: str = ""  # where the server listens, known once it is bound

    @property
    def public_url(self) -> str:
        """How kiosks and phones reach this server: ``[server] public_url``, else the bound address."""
        return self.config.server.public_url or self.bound_url or self.config.public_url

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.config.web.session_hours)

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.config.web.idle_minutes)


async def get_ctx(request: Request) -> CentralContext:
    return request.app.state.ctx
