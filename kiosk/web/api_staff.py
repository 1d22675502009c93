"""Endpoints of the staff console: sign-in, the desk's queue actions, status.

Every endpoint needs a signed-in session; every one that changes something
also needs the CSRF token. The desk is the session's: staff act for the desk
they signed in at, never for another by naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from kiosk.core.errors import N_, UnknownDesk
from kiosk.core.stats import day_counts
from kiosk.core.timekeeping import office_day
from kiosk.store import Store, printjobs, staff
from kiosk.store import desks as desk_ops
from kiosk.store import queue as ops
from kiosk.store.schedule import load_services
from kiosk.sync.runner import SyncJob
from kiosk.web import views
from kiosk.web.auth import (
    COOKIE,
    SignedIn,
    check_csrf,
    check_origin,
    cookie_kwargs,
    current_session,
    new_token,
    token_hash,
    verify_secret,
)
from kiosk.web.charts import arrivals_chart, waits_chart
from kiosk.web.context import WebContext, get_ctx
from kiosk.web.errors import ApiError
from kiosk.web.live import stream

log = logging.getLogger("kiosk.web")
T = TypeVar("T")
router = APIRouter(prefix="/api/staff", tags=["staff"])

Ctx = Annotated[WebContext, Depends(get_ctx)]

WRONG_CREDENTIALS = N_("Anmeldename oder PIN stimmt nicht.")
THROTTLED = N_("Zu viele Fehlversuche. Bitte in {seconds} Sekunden noch einmal versuchen.")
DESK_REQUIRED = N_("Bitte den Platz wählen, an dem Sie arbeiten.")
OTHER_DESK = N_("Diese Anmeldung gehört zu Platz {desk}.")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignIn(Strict):
    account: str = Field(min_length=1, max_length=32, description="account name, e.g. platz-2 or anna")
    secret: str = Field(min_length=1, max_length=128, description="PIN or password")
    desk: int | None = Field(default=None, ge=1, le=999, description="needed unless the account has one")


class DeskInfo(Strict):
    id: int
    name: str
    room: str


class SessionInfo(Strict):
    account: str
    desk: DeskInfo
    csrf_token: str
    expires_at: str


class ChooseServices(Strict):
    services: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(max_length=50)


class Pause(Strict):
    paused: bool


class CallNext(Strict):
    service: str | None = Field(default=None, min_length=1, max_length=64, description="only this service")


class TicketRef(Strict):
    code: str | None = Field(
        default=None, min_length=1, max_length=12, description="a ticket code; default: the desk's own"
    )


class Transfer(Strict):
    to_service: str = Field(min_length=1, max_length=64)
    code: str | None = Field(default=None, min_length=1, max_length=12)


class TicketOut(BaseModel):
    code: str
    state: str
    service: str
    desk_id: int | None


class CallOut(BaseModel):
    code: str
    service: str
    desk: str
    room: str
    kind: str
    event_id: int


class SyncOut(BaseModel):
    state: Literal["idle", "running", "succeeded", "failed", "missing"]
    started_now: bool = False
    started_at: str | None
    finished_at: str | None
    exit_code: int | None
    message: str
    status: dict[str, Any]


async def signed_in(request: Request, ctx: Ctx) -> SignedIn:
    return await current_session(request, timedelta(minutes=ctx.config.web.idle_minutes))


async def writer(request: Request, session: Annotated[SignedIn, Depends(signed_in)]) -> SignedIn:
    # No I/O here, so it runs on the event loop instead of costing another thread hop.
    check_csrf(request, session.csrf_token)
    return session


Reader = Annotated[SignedIn, Depends(signed_in)]
Writer = Annotated[SignedIn, Depends(writer)]


def _session_info(ctx: WebContext, session: SignedIn) -> SessionInfo:
    desk = desk_ops.get_desk(ctx.pool.get(), session.desk_id)
    return SessionInfo(
        account=session.account,
        desk=DeskInfo(id=desk.id, name=desk.name, room=desk.room),
        csrf_token=session.csrf_token,
        expires_at=views.iso(session.expires_at) or "",
    )


@router.post("/session", response_model=SessionInfo, responses={401: {}, 422: {}, 429: {}})
def sign_in(body: SignIn, request: Request, response: Response, ctx: Ctx) -> SessionInfo:
    """Sign in at a desk with an account name and PIN; sets the session cookie."""
    check_origin(request)
    client = request.client.host if request.client else "?"
    wait = ctx.throttle.retry_after(client)
    if wait:
        raise ApiError(429, "too_many_attempts", THROTTLED.format(seconds=wait), {"Retry-After": str(wait)})
    store = ctx.pool.get()
    account = staff.get_account(store, body.account)
    if not verify_secret(account.secret_hash if account else None, body.secret) or account is None:
        ctx.throttle.failed(client)
        log.info("sign-in refused")
        raise ApiError(401, "invalid_credentials", WRONG_CREDENTIALS)
    desk_id = account.desk_id or body.desk
    if desk_id is None:
        raise ApiError(422, "desk_required", DESK_REQUIRED)
    if account.desk_id is not None and body.desk not in (None, account.desk_id):
        raise ApiError(422, "other_desk", OTHER_DESK.format(desk=account.desk_id))
    configured = [d.id for d in ctx.config.desks]
    if configured and desk_id not in configured:  # a desk dropped from the config is retired
        raise UnknownDesk(desk=desk_id, known=", ".join(map(str, configured)))
    desk_ops.get_desk(store, desk_id)  # UnknownDesk before a session is made
    ctx.throttle.succeeded(client)
    token = new_token()
    lifetime = timedelta(hours=ctx.config.web.session_hours)
    made = staff.create_session(
        store, token_hash(token), account.name, desk_id, new_token(), store.now() + lifetime
    )
    response.set_cookie(value=token, **cookie_kwargs(request, int(lifetime.total_seconds())))
    log.info("signed in at desk %s", desk_id)
    session = SignedIn(made.account, made.desk_id, made.csrf_token, made.expires_at, token_hash(token))
    return _session_info(ctx, session)


@router.get("/session", response_model=SessionInfo, responses={401: {}})
def who_am_i(session: Reader, ctx: Ctx) -> SessionInfo:
    """The signed-in account, its desk and the CSRF token the page must send."""
    return _session_info(ctx, session)


@router.delete("/session", status_code=204, responses={401: {}, 403: {}})
def sign_out(session: Writer, request: Request, ctx: Ctx) -> Response:
    staff.end_session(ctx.pool.get(), session.token_hash)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    log.info("signed out at desk %s", session.desk_id)
    return response


@router.get("/overview", responses={401: {}})
def overview(session: Reader, ctx: Ctx) -> dict[str, Any]:
    """The desk, its ticket, every service's waiting list and load, system status."""
    data = views.overview(ctx.pool.get(), session.desk_id)
    if ctx.relay is not None:
        relay = ctx.relay.state
        data["status"]["relay"] = {
            "last_success": views.iso(relay.last_success),
            "last_error": relay.last_error,
            "sequence": relay.sequence,
        }
    return data


@router.put("/desk/services", responses={401: {}, 403: {}, 422: {}})
def choose_services(body: ChooseServices, session: Writer, ctx: Ctx) -> dict[str, list[str]]:
    """The services this desk serves today (replaces the previous choice; ends a pause)."""
    chosen = desk_ops.set_desk_services(ctx.pool.get(), session.desk_id, body.services)
    ctx.feed.poke()
    log.info("desk %s serves %s", session.desk_id, ",".join(chosen))
    return {"services": chosen}


@router.put("/desk/pause", responses={401: {}, 403: {}})
def pause(body: Pause, session: Writer, ctx: Ctx) -> dict[str, bool]:
    """Pause the desk (it calls nobody and counts for no estimate) or end the pause."""
    desk_ops.set_paused(ctx.pool.get(), session.desk_id, body.paused)
    ctx.feed.poke()
    log.info("desk %s %s", session.desk_id, "paused" if body.paused else "resumed")
    return {"paused": body.paused}


def _call_out(call) -> CallOut:
    return CallOut(
        code=call.code,
        service=call.service_id,
        desk=call.desk_name,
        room=call.room,
        kind=call.kind.value,
        event_id=call.event_id,
    )


def _ticket_out(ticket) -> TicketOut:
    return TicketOut(
        code=ticket.code, state=ticket.state.value, service=ticket.service_id, desk_id=ticket.desk_id
    )


async def _in_store(ctx: WebContext, work: Callable[[Store], T]) -> T:
    """Run a queue operation on a worker thread with that thread's Store.

    The desk's buttons are async endpoints that hop to a thread exactly once,
    for the write (it may wait for the lock and an fsync); FastAPI would hop
    again to check a sync endpoint's answer against its model.
    """
    return await run_in_threadpool(lambda: work(ctx.pool.get()))


@router.post("/call-next", response_model=CallOut, responses={401: {}, 403: {}, 409: {}, 422: {}})
async def call_next(session: Writer, ctx: Ctx, body: Annotated[CallNext | None, Body()] = None) -> CallOut:
    """Call the longest-waiting ticket of the desk's services (due appointments first)."""
    service = body.service if body else None
    call = await _in_store(ctx, lambda store: ops.call_next(store, session.desk_id, service))
    ctx.feed.poke()
    log.info("desk %s called %s", session.desk_id, call.code)
    return _call_out(call)


@router.post("/recall", response_model=CallOut, responses={401: {}, 403: {}, 404: {}, 409: {}})
async def recall(session: Writer, ctx: Ctx, body: Annotated[TicketRef | None, Body()] = None) -> CallOut:
    """Call the desk's ticket (or ``code``, e.g. a no-show who came back) again."""
    code = body.code if body else None
    call = await _in_store(ctx, lambda store: ops.recall(store, session.desk_id, code))
    ctx.feed.poke()
    log.info("desk %s recalled %s", session.desk_id, call.code)
    return _call_out(call)


async def _change(
    kind: str, operation, session: SignedIn, ctx: WebContext, body: TicketRef | None
) -> TicketOut:
    code = body.code if body else None
    ticket = await _in_store(ctx, lambda store: operation(store, session.desk_id, code))
    ctx.feed.poke()
    log.info("desk %s %s %s", session.desk_id, kind, ticket.code)
    return _ticket_out(ticket)


@router.post("/start", response_model=TicketOut, responses={401: {}, 403: {}, 404: {}, 409: {}})
async def start(session: Writer, ctx: Ctx, body: Annotated[TicketRef | None, Body()] = None) -> TicketOut:
    """The called visitor has arrived at the desk."""
    return await _change("started", ops.start, session, ctx, body)


@router.post("/finish", response_model=TicketOut, responses={401: {}, 403: {}, 404: {}, 409: {}})
async def finish(session: Writer, ctx: Ctx, body: Annotated[TicketRef | None, Body()] = None) -> TicketOut:
    """The visit is over."""
    return await _change("finished", ops.finish, session, ctx, body)


@router.post("/no-show", response_model=TicketOut, responses={401: {}, 403: {}, 404: {}, 409: {}})
async def no_show(session: Writer, ctx: Ctx, body: Annotated[TicketRef | None, Body()] = None) -> TicketOut:
    """The called visitor did not come."""
    return await _change("marked no-show", ops.no_show, session, ctx, body)


@router.post("/transfer", response_model=TicketOut, responses={401: {}, 403: {}, 404: {}, 409: {}, 422: {}})
def transfer(body: Transfer, session: Writer, ctx: Ctx) -> TicketOut:
    """Send the desk's ticket (or ``code``) to another service; it keeps its place by arrival."""
    ticket = ops.transfer(ctx.pool.get(), body.to_service, session.desk_id, body.code)
    ctx.feed.poke()
    log.info("desk %s transferred %s to %s", session.desk_id, ticket.code, body.to_service)
    return _ticket_out(ticket)


@router.post("/tickets/{code}/reprint", status_code=202, responses={401: {}, 403: {}, 404: {}, 409: {}})
def reprint(
    code: Annotated[str, Path(min_length=1, max_length=12)], session: Writer, ctx: Ctx
) -> dict[str, Any]:
    """Queue another slip of today's ticket; the printer's process prints it."""
    job = printjobs.request_reprint(ctx.pool.get(), code, session.desk_id)
    ctx.feed.poke()
    log.info("desk %s asked for a reprint (job %s)", session.desk_id, job.id)
    return {"job_id": job.id, "state": job.state.value}


def _sync_out(ctx: WebContext, job: SyncJob, started: bool = False) -> SyncOut:
    return SyncOut(
        state=job.state,  # type: ignore[arg-type]
        started_now=started,
        started_at=views.iso(job.started_at),
        finished_at=views.iso(job.finished_at),
        exit_code=job.exit_code,
        message=job.message,
        status=ctx.pool.get().get_status("sync") or {},
    )


@router.post("/sync", response_model=SyncOut, status_code=202, responses={401: {}, 403: {}})
def sync_now(session: Writer, ctx: Ctx) -> SyncOut:
    """Start ``kiosk sync`` now; a press while one runs only reports that one."""
    job, started = ctx.sync.start()
    return _sync_out(ctx, job, started)


@router.get("/sync", response_model=SyncOut, responses={401: {}})
def sync_state(session: Reader, ctx: Ctx) -> SyncOut:
    """How the last "sync now" went, and the sync status the sync itself recorded."""
    return _sync_out(ctx, ctx.sync.job)


def _counts(ctx: WebContext):
    store = ctx.pool.get()
    day = office_day(store.now())
    return day_counts(day, ops.tickets_of_day(store, day)), {s.id: s.name("de") for s in load_services(store)}


@router.get("/stats", responses={401: {}})
def stats(session: Reader, ctx: Ctx) -> dict[str, Any]:
    """Today's counts per service: issued, served, no-shows, waits, arrivals per hour."""
    counts, names = _counts(ctx)
    return {
        "day": counts.day.isoformat(),
        "issued": counts.issued,
        "services": [
            {
                "service": c.service_id,
                "name": names.get(c.service_id, c.service_id),
                "issued": c.issued,
                "served": c.served,
                "no_shows": c.no_shows,
                "cancelled": c.cancelled,
                "open": c.open,
                "wait_median": c.wait_median,
                "wait_p90": c.wait_p90,
                "visit_median": c.visit_median,
                "by_hour": c.by_hour,
            }
            for c in counts.services
        ],
    }


@router.get(
    "/charts/{name}.svg",
    responses={200: {"content": {"image/svg+xml": {}}}, 401: {}, 404: {}},
    response_class=Response,
)
def chart(name: Literal["arrivals", "waits"], session: Reader, ctx: Ctx) -> Response:
    """Today's arrivals per hour or waits per service as an SVG image."""
    counts, names = _counts(ctx)
    svg = arrivals_chart(counts) if name == "arrivals" else waits_chart(counts, names)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/stream", response_class=StreamingResponse, responses={401: {}})
async def staff_stream(session: Reader, ctx: Ctx) -> StreamingResponse:
    """Server-Sent Events: ``changed`` with the newest event id; the page then reloads its overview."""

    async def render() -> dict[str, int]:
        return {"version": ctx.feed.version}

    body = stream(ctx.feed, "changed", render)
    return StreamingResponse(body, media_type="text/event-stream", headers={"Cache-Control": "no-store"})
