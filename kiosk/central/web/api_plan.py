"""The planners' JSON API: sign-in, offices, services, sessions, calendars, preview, kiosks, numbers.

Reads need a signed-in account (planner or viewer); changes need a planner
and the session's CSRF token. Each handler calls one function of
:mod:`kiosk.central`; German errors come back as ``{"error": {...}}``.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse

from kiosk.central import accounts, calendars, dashboard, holidays, ingest, kiosks, plan
from kiosk.central.preview import preview
from kiosk.central.web import models
from kiosk.central.web.fleetview import fleet
from kiosk.central.web.security import COOKIE, AnyCsrf, Ctx, Planner, User
from kiosk.core.errors import N_
from kiosk.web.auth import cookie_kwargs
from kiosk.web.errors import ApiError

router = APIRouter(prefix="/api/v1")
OfficeId = Annotated[str, Path(pattern=models.ID)]
ServiceId = Annotated[str, Path(pattern=models.ID)]
SessionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
RowId = Annotated[int, Path(ge=1, le=2**62)]

WRONG_PASSWORD = N_("Name oder Passwort stimmt nicht.")
TOO_MANY = N_("Zu viele Fehlversuche. Bitte in {seconds} Sekunden noch einmal versuchen.")


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


# --- sign-in -----------------------------------------------------------------------------------


@router.post("/session", tags=["account"])
def sign_in(body: models.SignIn, request: Request, response: Response, ctx: Ctx) -> dict[str, Any]:
    """Sign in with name and password; sets the session cookie, returns the CSRF token."""
    client = _client(request)
    wait = ctx.throttle.retry_after(client)
    if wait:
        raise ApiError(429, "too_many_attempts", TOO_MANY.format(seconds=wait), {"Retry-After": str(wait)})
    db = ctx.pool.get()
    role = accounts.check_password(db, body.name, body.password)
    if role is None:
        ctx.throttle.failed(client)
        raise ApiError(401, "invalid_credentials", WRONG_PASSWORD)
    ctx.throttle.succeeded(client)
    token, csrf = accounts.open_session(db, body.name, ctx.session_lifetime)
    response.set_cookie(
        value=token, **cookie_kwargs(request, int(ctx.session_lifetime.total_seconds()), COOKIE)
    )
    return {"user": body.name, "role": role.value, "csrf_token": csrf}


@router.get("/session", tags=["account"])
def whoami(user: User) -> dict[str, Any]:
    return {"user": user.user, "role": user.role.value, "csrf_token": user.csrf_token}


@router.delete("/session", tags=["account"])
def sign_out(user: AnyCsrf, request: Request, response: Response, ctx: Ctx) -> dict[str, bool]:
    accounts.end_session(ctx.pool.get(), user.token_hash)
    response.delete_cookie(COOKIE, path="/")
    return {"ok": True}


# --- offices -----------------------------------------------------------------------------------


@router.get("/offices", tags=["plan"])
def list_offices(user: User, ctx: Ctx) -> list[dict[str, Any]]:
    return plan.offices(ctx.pool.get())


@router.get("/offices/{office_id}", tags=["plan"])
def get_office(office_id: OfficeId, user: User, ctx: Ctx) -> dict[str, Any]:
    db = ctx.pool.get()
    return {**plan.office(db, office_id), "sessions": plan.sessions(db, office_id)}


@router.put("/offices/{office_id}", tags=["plan"])
def put_office(office_id: OfficeId, body: models.OfficeIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """Create or change an office; the whole office is sent (name, address, hours, closures, info)."""
    data = body.model_dump(exclude={"closures"})
    data["closures"] = [c.feed() for c in body.closures]
    return plan.put_office(ctx.pool.get(), user.user, office_id, data)


@router.delete("/offices/{office_id}", tags=["plan"])
def delete_office(office_id: OfficeId, user: Planner, ctx: Ctx) -> dict[str, bool]:
    plan.delete_office(ctx.pool.get(), user.user, office_id)
    return {"ok": True}


@router.post("/offices/{office_id}/holidays", tags=["plan"])
def add_holidays(office_id: OfficeId, body: models.YearIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """Add the state's public holidays of a year as closures (the state from the server's config)."""
    days = holidays.closures(ctx.config.city.state, body.year)
    return plan.add_closures(ctx.pool.get(), user.user, office_id, days)


# --- services ----------------------------------------------------------------------------------


@router.get("/services", tags=["plan"])
def list_services(user: User, ctx: Ctx) -> list[dict[str, Any]]:
    return plan.services(ctx.pool.get())


@router.put("/services/{service_id}", tags=["plan"])
def put_service(service_id: ServiceId, body: models.ServiceIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """Create or change a service of the city's catalogue (used by any office's sessions)."""
    return plan.put_service(ctx.pool.get(), user.user, service_id, body.model_dump())


@router.delete("/services/{service_id}", tags=["plan"])
def delete_service(service_id: ServiceId, user: Planner, ctx: Ctx) -> dict[str, bool]:
    plan.delete_service(ctx.pool.get(), user.user, service_id)
    return {"ok": True}


# --- sessions ----------------------------------------------------------------------------------


def _session_data(body: models.SessionIn) -> dict[str, Any]:
    data = body.model_dump()
    for key in ("date", "valid_from", "valid_until"):
        data[key] = data[key].isoformat() if data[key] else None
    if body.date is not None:
        data.update(weekday=None, valid_from=None, valid_until=None, every=1)
    elif body.weekday is None:
        raise ApiError(422, "invalid_request", N_("Ein Termin braucht ein Datum oder einen Wochentag."))
    elif body.valid_from is None:
        raise ApiError(422, "invalid_request", N_("Ein regelmäßiger Termin braucht „gilt ab“."))
    return data


@router.get("/offices/{office_id}/sessions", tags=["plan"])
def list_sessions(office_id: OfficeId, user: User, ctx: Ctx) -> list[dict[str, Any]]:
    db = ctx.pool.get()
    plan.office(db, office_id)
    return plan.sessions(db, office_id)


@router.post("/offices/{office_id}/sessions", tags=["plan"], status_code=201)
def add_session(office_id: OfficeId, body: models.SessionIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """A weekly, every-other-week (``every``: 2) or one-off (``date``) session."""
    return plan.add_session(ctx.pool.get(), user.user, office_id, _session_data(body))


@router.patch("/sessions/{session_id}", tags=["plan"])
def change_session(
    session_id: SessionId, body: models.SessionChange, user: Planner, ctx: Ctx
) -> dict[str, Any]:
    data = body.model_dump(exclude_unset=True)
    if "valid_until" in data:
        data["valid_until"] = data["valid_until"].isoformat() if data["valid_until"] else None
    return plan.change_session(ctx.pool.get(), user.user, session_id, data)


@router.delete("/sessions/{session_id}", tags=["plan"])
def delete_session(session_id: SessionId, user: Planner, ctx: Ctx) -> dict[str, bool]:
    plan.delete_session(ctx.pool.get(), user.user, session_id)
    return {"ok": True}


@router.post("/sessions/{session_id}/cancel", tags=["plan"])
def cancel_date(session_id: SessionId, body: models.DateIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """One date of a weekly session does not take place."""
    return plan.cancel_date(ctx.pool.get(), user.user, session_id, body.date)


@router.post("/sessions/{session_id}/move", tags=["plan"])
def move_date(session_id: SessionId, body: models.Move, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """One date of a weekly session held on another day, time or room."""
    return plan.move_date(ctx.pool.get(), user.user, session_id, body.feed())


# --- calendars ---------------------------------------------------------------------------------


@router.get("/offices/{office_id}/calendars", tags=["calendars"])
def list_calendars(office_id: OfficeId, user: User, ctx: Ctx) -> list[dict[str, Any]]:
    db = ctx.pool.get()
    plan.office(db, office_id)
    return calendars.calendars(db, office_id)


@router.post("/offices/{office_id}/calendars", tags=["calendars"], status_code=201)
def add_calendar(office_id: OfficeId, body: models.CalendarIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """Import an iCalendar file (``ics``) or subscribe to a calendar URL (``url``), mapped to services."""
    if bool(body.ics) == bool(body.url):
        raise ApiError(
            422, "invalid_request", N_("Bitte entweder eine Kalenderdatei oder eine Adresse angeben.")
        )
    db = ctx.pool.get()
    made = calendars.add_calendar(
        db, user.user, office_id, body.label, body.categories, body.ics.encode() or None, body.url
    )
    if body.url:
        made = calendars.refresh(db, made["id"])
    return made


@router.post("/calendars/{calendar_id}/refresh", tags=["calendars"])
def refresh_calendar(calendar_id: RowId, user: Planner, ctx: Ctx) -> dict[str, Any]:
    return calendars.refresh(ctx.pool.get(), calendar_id)


@router.delete("/calendars/{calendar_id}", tags=["calendars"])
def delete_calendar(calendar_id: RowId, user: Planner, ctx: Ctx) -> dict[str, bool]:
    calendars.delete_calendar(ctx.pool.get(), user.user, calendar_id)
    return {"ok": True}


# --- preview, audit ----------------------------------------------------------------------------


@router.get("/offices/{office_id}/preview", tags=["plan"])
def office_preview(
    office_id: OfficeId,
    user: User,
    ctx: Ctx,
    day: Annotated[date | None, Query(alias="date")] = None,
    at: Annotated[str, Query(alias="time", pattern=models.CLOCK)] = "10:00",
) -> dict[str, Any]:
    """What the office's kiosk will show on ``date`` at ``time``: the kiosk's own parser and rules."""
    db = ctx.pool.get()
    chosen = day or db.now().date()
    return preview(db, ctx.publisher, office_id, chosen, time.fromisoformat(at))


@router.get("/changes", tags=["plan"])
def list_changes(
    user: User, ctx: Ctx, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[dict[str, Any]]:
    """Who changed what, when."""
    return plan.changes(ctx.pool.get(), limit)


# --- kiosks ------------------------------------------------------------------------------------


@router.post("/offices/{office_id}/enrolment-codes", tags=["kiosks"], status_code=201)
def new_code(office_id: OfficeId, body: models.CodeIn, user: Planner, ctx: Ctx) -> dict[str, Any]:
    """A one-time code (valid 7 days) for `kiosk enrol URL CODE` on the office's Pi. Shown once."""
    db = ctx.pool.get()
    plan.office(db, office_id)
    code, expires = kiosks.new_code(db, user.user, office_id, body.label)
    return {
        "code": code,
        "expires_at": expires.isoformat(),
        "command": f"kiosk enrol {ctx.public_url} {code}",
    }


@router.get("/kiosks", tags=["kiosks"])
def list_kiosks(user: User, ctx: Ctx) -> list[dict[str, Any]]:
    """Every kiosk with its last contact, heartbeat and what needs attention."""
    return fleet(ctx)


@router.post("/kiosks/{kiosk_id}/revoke", tags=["kiosks"])
def revoke(kiosk_id: RowId, user: Planner, ctx: Ctx) -> dict[str, bool]:
    """Withdraw a kiosk's token: its uploads and relay are refused from now on."""
    kiosks.revoke(ctx.pool.get(), user.user, kiosk_id)
    return {"ok": True}


# --- numbers -----------------------------------------------------------------------------------


def _filter(
    office: str | None, service: str | None, first: date | None, last: date | None
) -> dashboard.Filter:
    return dashboard.Filter(
        offices=frozenset([office] if office else []),
        services=frozenset([service] if service else []),
        first=first.isoformat() if first else None,
        last=last.isoformat() if last else None,
    )


Office = Annotated[str | None, Query(pattern=models.ID)]
Service = Annotated[str | None, Query(pattern=models.ID)]
First = Annotated[date | None, Query(alias="from")]
Last = Annotated[date | None, Query(alias="until")]


@router.get("/dashboard", tags=["numbers"])
def numbers(
    user: User,
    ctx: Ctx,
    office: Office = None,
    service: Service = None,
    first: First = None,
    last: Last = None,
) -> dict[str, Any]:
    """Visits, waits, estimate accuracy, no-shows; cells under five visits read "< 5"."""
    rows = ingest.day_count_rows(ctx.pool.get())
    return dashboard.summary(rows, _filter(office, service, first, last))


@router.get("/dashboard.csv", tags=["numbers"], response_class=PlainTextResponse)
def numbers_csv(
    user: User,
    ctx: Ctx,
    office: Office = None,
    service: Service = None,
    first: First = None,
    last: Last = None,
) -> PlainTextResponse:
    """The same numbers per office, service and week as CSV (semicolons, for spreadsheet programs)."""
    rows = ingest.day_count_rows(ctx.pool.get())
    text = dashboard.csv_export(rows, _filter(office, service, first, last))
    return PlainTextResponse(
        "\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="quartierskiosk-zahlen.csv"'},
    )
