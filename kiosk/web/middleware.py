"""Security headers on every response, and a request log without paths.

A plain ASGI middleware (not Starlette's BaseHTTPMiddleware) so streaming
responses pass through untouched and the hot path stays cheap.

The log names the route's template (``/t/{token}``), never the raw path:
the phone page's path is a capability, and logs hold codes and desks only.
"""

from __future__ import annotations

import logging
import time
from typing import Any

log = logging.getLogger("kiosk.web.requests")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # The phone page's URL is its token: never send it on as a referrer.
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_with_headers(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _value in headers}
                headers += [(k, v) for k, v in HEADERS if k not in present]
                if b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            where = getattr(route, "path", None) or (
                "/static" if scope["path"].startswith("/static/") else "?"
            )
            level = logging.INFO if status >= 400 or status == 0 else logging.DEBUG
            log.log(
                level,
                "%s %s %s %.1fms",
                scope["method"],
                where,
                status,
                (time.perf_counter() - started) * 1e3,
            )
