"""Endpoints without sign-in: the waiting-room display and the phone page.

They only read, and only numbers, services, rooms and times. The phone
endpoints answer for exactly one ticket, found by its unguessable token; a
wrong token and an old one look the same (404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel

from kiosk.core.errors import N_
from kiosk.core.model import Call, Ticket
from kiosk.core.timekeeping import office_day
from kiosk.i18n import translator
from kiosk.store import board
from kiosk.store import queue as ops
from kiosk.web import views
from kiosk.web.context import WebContext, get_ctx
from kiosk.web.errors import ApiError
from kiosk.web.live import stream
from kiosk.web.speech import SpeechUnavailable, announcement_languages, sentence

router = APIRouter(prefix="/api")

Ctx = Annotated[WebContext, Depends(get_ctx)]
Token = Annotated[str, Path(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]

UNKNOWN_TICKET = N_("Diese Nummer gibt es nicht (mehr).")
NO_AUDIO = N_("Für diesen Aufruf gibt es keine Ansage in dieser Sprache.")

SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


class Health(BaseModel):
    ok: bool
    last_event_id: int


@router.get("/health", response_model=Health, tags=["public"])
def health(ctx: Ctx) -> Health:
    """Whether the server can read the office database (for monitoring)."""
    return Health(ok=True, last_event_id=ops.last_event_id(ctx.pool.get()))


def _announce(ctx: WebContext):
    voices = ctx.speaker.voices() if ctx.config.web.speech else set()

    def urls(call: Call) -> list[str]:
        return [
            f"/api/display/audio/{call.event_id}/{lang}.wav" for lang in announcement_languages(call, voices)
        ]

    return urls


def _display_state(ctx: WebContext) -> dict[str, Any]:
    return views.display_state(ctx.pool.get(), ctx.config.web.display_recent, _announce(ctx))


@router.get("/display/state", tags=["display"])
def display_state(ctx: Ctx) -> dict[str, Any]:
    """Current calls, the last calls and what is on now, for the waiting-room display."""
    return _display_state(ctx)


@router.get("/display/stream", tags=["display"], response_class=StreamingResponse)
async def display_stream(ctx: Ctx) -> StreamingResponse:
    """Server-Sent Events: ``state`` (as /display/state) on every change, ``ping`` every 5 s."""

    async def render() -> dict[str, Any]:
        return await run_in_threadpool(_display_state, ctx)

    def ping() -> dict[str, Any]:
        return {"now": views.iso(ctx.clock.now())}

    body = stream(ctx.feed, "state", render, ping)
    return StreamingResponse(body, media_type="text/event-stream", headers=SSE_HEADERS)


@router.get(
    "/display/audio/{event_id}/{language}.wav",
    tags=["display"],
    response_class=FileResponse,
    responses={200: {"content": {"audio/wav": {}}}, 404: {"description": "no such announcement"}},
)
def display_audio(
    ctx: Ctx,
    event_id: Annotated[int, Path(ge=1, le=2**62)],
    language: Annotated[str, Path(pattern=r"^[a-z]{2,3}(-[a-z]{2,8})?$")],
) -> FileResponse:
    """The spoken announcement of one call (WAV), made with espeak-ng and cached."""
    call = board.call_by_event(ctx.pool.get(), event_id)
    voices = ctx.speaker.voices() if ctx.config.web.speech else set()
    if call is None or language not in announcement_languages(call, voices):
        raise ApiError(404, "no_announcement", NO_AUDIO)
    try:
        path = ctx.speaker.audio(sentence(call, translator(language)), language)
    except SpeechUnavailable:
        raise ApiError(404, "no_announcement", NO_AUDIO) from None
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "public, max-age=86400"})


def ticket_for(ctx: WebContext, token: str) -> Ticket:
    """Today's ticket behind a token, else 404; yesterday's tokens are dead."""
    store = ctx.pool.get()
    ticket = ops.ticket_by_token(store, token)
    if ticket is None or ticket.day != office_day(store.now()):
        raise ApiError(404, "unknown_ticket", UNKNOWN_TICKET)
    return ticket


def _phone(ctx: WebContext, token: str) -> dict[str, Any] | None:
    try:
        ticket = ticket_for(ctx, token)
    except ApiError:
        return None
    return views.phone_view(ctx.pool.get(), ticket, translator(ticket.language))


@router.get("/t/{token}", tags=["phone"])
def phone_state(ctx: Ctx, token: Token) -> dict[str, Any]:
    """One ticket's position, wait and, once called, where to go; texts in its language."""
    ticket = ticket_for(ctx, token)
    return views.phone_view(ctx.pool.get(), ticket, translator(ticket.language))


@router.get("/t/{token}/stream", tags=["phone"], response_class=StreamingResponse)
async def phone_stream(ctx: Ctx, token: Token) -> StreamingResponse:
    """Server-Sent Events: ``ticket`` (as /t/{token}) whenever it changes."""
    await run_in_threadpool(ticket_for, ctx, token)  # 404 before the stream starts

    async def render() -> dict[str, Any] | None:
        return await run_in_threadpool(_phone, ctx, token)

    body = stream(ctx.feed, "ticket", render)
    return StreamingResponse(body, media_type="text/event-stream", headers=SSE_HEADERS)
