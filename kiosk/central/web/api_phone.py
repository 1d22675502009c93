"""The phone ticket page served from the city: ``/api/t/{token}`` and its live stream.

Same JSON and same Server-Sent Events as the kiosk's own page
(:mod:`kiosk.web.api_public`), built from the relayed snapshot; the stream
is the kiosk's :func:`kiosk.web.live.stream`, woken when the office's next
snapshot arrives. All lookups are in memory, on the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import StreamingResponse

from kiosk.central.relay import phone_view
from kiosk.central.web.security import Ctx
from kiosk.i18n import translator
from kiosk.web.api_public import SSE_HEADERS, UNKNOWN_TICKET
from kiosk.web.errors import ApiError
from kiosk.web.live import stream

router = APIRouter(prefix="/api")
Token = Annotated[str, Path(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


def view_of(ctx: Any, token: str) -> dict[str, Any] | None:
    now = ctx.clock.now()
    found = ctx.hub.find(token, now)
    if found is None:
        return None
    return phone_view(found, now, translator(found.ticket.language))


@router.get("/t/{token}", tags=["phone"])
async def phone_state(token: Token, ctx: Ctx) -> dict[str, Any]:
    """One ticket's position, wait and, once called, where to go; texts in its language."""
    view = view_of(ctx, token)
    if view is None:
        raise ApiError(404, "unknown_ticket", UNKNOWN_TICKET)
    return view


@router.get("/t/{token}/stream", tags=["phone"], response_class=StreamingResponse)
async def phone_stream(token: Token, ctx: Ctx) -> StreamingResponse:
    """Server-Sent Events: ``ticket`` whenever the view changes, ``ping`` every 5 s."""
    found = ctx.hub.find(token, ctx.clock.now())
    if found is None:
        raise ApiError(404, "unknown_ticket", UNKNOWN_TICKET)
    signal = ctx.hub.signal(found.snapshot.office)

    async def render() -> dict[str, Any] | None:
        return view_of(ctx, token)

    body = stream(signal, "ticket", render)  # type: ignore[arg-type]  # a Signal walks like a LiveFeed
    return StreamingResponse(body, media_type="text/event-stream", headers=SSE_HEADERS)
