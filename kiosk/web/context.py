"""What every request handler needs, built once per server: the app's parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from kiosk.config import Config
from kiosk.core.timekeeping import Clock
from kiosk.sync.runner import SyncRunner
from kiosk.web.live import LiveFeed
from kiosk.web.pool import StorePool
from kiosk.web.speech import Speaker
from kiosk.web.throttle import SignInThrottle

if TYPE_CHECKING:
    from kiosk.web.relay import RelayPublisher


@dataclass
class WebContext:
    config: Config
    clock: Clock
    pool: StorePool
    feed: LiveFeed
    throttle: SignInThrottle
    speaker: Speaker
    sync: SyncRunner
    relay: RelayPublisher | None = None


async def get_ctx(request: Request) -> WebContext:
    """Async on purpose: FastAPI runs sync dependencies on a worker thread, a hop this needs not."""
    return request.app.state.ctx
