"""The planners' pages and the phone page, rendered with Jinja2 from the package (no CDN).

Pages show what the JSON API returns; forms are sent by central.js to the
same API with the CSRF token, so there is one way to change the plan.
Text is German, marked with ``_()``. The phone page is the kiosk's own
template (kiosk/web/templates/phone.html), in the ticket's language.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from kiosk.central import bookings, calendars, dashboard, ingest, plan
from kiosk.central.accounts import UserSession
from kiosk.central.errors import CentralError, NoPlanYet
from kiosk.central.preview import planned_hours, preview
from kiosk.central.web.charts import charts, language_name
from kiosk.central.web.fleetview import fleet, local_text
from kiosk.central.web.security import COOKIE, session_from_cookie
from kiosk.core.booking_code import display
from kiosk.core.errors import KioskError
from kiosk.core.timekeeping import office_day
from kiosk.web import pages as kiosk_pages
from kiosk.web.errors import ApiError

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.loader = ChoiceLoader(
    [FileSystemLoader(HERE / "templates"), FileSystemLoader(kiosk_pages.HERE / "templates")]
)
router = APIRouter(include_in_schema=False)
WEEKDAYS = [
    ("mon", "Mo"),
    ("tue", "Di"),
    ("wed", "Mi"),
    ("thu", "Do"),
    ("fri", "Fr"),
    ("sat", "Sa"),
    ("sun", "So"),
]


def _render(
    request: Request, name: str, status: int = 200, language: str = "de", **context: Any
) -> HTMLResponse:
    return kiosk_pages.render(templates, request, name, language, status, **context)


def _user(request: Request) -> UserSession | None:
    try:
        return session_from_cookie(request.app.state.ctx, request.cookies.get(COOKIE))
    except ApiError:
        return None


def _page(request: Request, name: str, active: str, **context: Any) -> Response:
    user = _user(request)
    if user is None:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return _render(request, name, user=user, active=active, **context)


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/plan", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> HTMLResponse:
    return _render(request, "login.html", user=None, active="")


@router.get("/plan", response_class=HTMLResponse)
def plan_overview(request: Request) -> Response:
    db = request.app.state.ctx.pool.get()
    offices = plan.offices(db)
    conflicts = {o["id"]: bookings.conflict_count(db, o["id"], db.now()) for o in offices}
    return _page(
        request, "plan.html", "plan", offices=offices, services=plan.services(db), conflicts=conflicts
    )


def _week_grid(sessions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grid: dict[str, list[dict[str, Any]]] = {day: [] for day, _label in WEEKDAYS}
    for entry in sessions:
        day = entry["weekday"] or date.fromisoformat(entry["date"]).strftime("%a").lower()[:3]
        grid.setdefault(day, []).append(entry)
    for entries in grid.values():
        entries.sort(key=lambda s: s["start"])
    return grid


@router.get("/plan/{office_id}", response_class=HTMLResponse)
def office_page(request: Request, office_id: str) -> Response:
    ctx = request.app.state.ctx
    db = ctx.pool.get()
    try:
        office = plan.office(db, office_id)
    except CentralError:
        return _render(request, "missing.html", status=404, user=_user(request), active="plan")
    sessions = plan.sessions(db, office_id)
    services = plan.services(db)
    with_slots = {s["service_id"] for s in sessions if s["appointments"]}
    return _page(
        request,
        "office.html",
        "plan",
        office=office,
        sessions=sessions,
        grid=_week_grid(sessions),
        weekdays=WEEKDAYS,
        services=services,
        calendars=calendars.calendars(db, office_id),
        today=office_day(db.now()).isoformat(),
        public_url=ctx.public_url,
        slot_states=bookings.overview(db, office_id, db.now()),
        slot_services=[s for s in services if s["id"] in with_slots],
        service_names={s["id"]: s["names"].get("de", s["id"]) for s in services},
        code_text=display,
        weekday_name=lambda day: WEEKDAYS[day.weekday()][1],
    )


@router.get("/preview/{office_id}", response_class=HTMLResponse)
def preview_page(request: Request, office_id: str, date: str = "", time: str = "10:00") -> Response:
    """What the office's kiosk shows on a chosen day and time (the kiosk's own code on the feed)."""
    ctx = request.app.state.ctx
    db = ctx.pool.get()
    day, at = _chosen(db.now().date(), date, time)
    shown, problem = None, None
    try:
        office = plan.office(db, office_id)
        shown = preview(db, ctx.publisher, office_id, day, at)
    except NoPlanYet as error:
        problem = str(error)
    except KioskError as error:
        return _render(
            request, "missing.html", status=404, user=_user(request), active="plan", message=str(error)
        )
    return _page(
        request, "preview.html", "plan", office=office, preview=shown, problem=problem, day=day, at=at
    )


def _chosen(today: date, day: str, at: str) -> tuple[date, time]:
    try:
        chosen = date.fromisoformat(day) if day else today
    except ValueError:
        chosen = today
    try:
        moment = time.fromisoformat(at)
    except ValueError:
        moment = time(10)
    return chosen, moment


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, office: str = "", service: str = "", first: str = "", last: str = ""
) -> Response:
    db = request.app.state.ctx.pool.get()
    today = db.now().date()
    first = first or (today - timedelta(days=90)).isoformat()
    last = last or today.isoformat()
    keep = dashboard.Filter(
        offices=frozenset([office] if office else []),
        services=frozenset([service] if service else []),
        first=first,
        last=last,
    )
    numbers = dashboard.summary(ingest.day_count_rows(db), keep)
    offices = plan.offices(db)
    try:
        period = (date.fromisoformat(first), date.fromisoformat(last))
    except ValueError:
        period = (today - timedelta(days=90), today)
    chosen_offices = [o["id"] for o in offices if not office or o["id"] == office]
    offered = planned_hours(db, request.app.state.ctx.publisher, chosen_offices, *period)
    if service:
        offered = {k: v for k, v in offered.items() if k == service}
    names = {s["id"]: s["names"].get("de", s["id"]) for s in plan.services(db)}
    office_names = {o["id"]: o["name"] for o in offices}
    query = "&".join(
        f"{k}={v}"
        for k, v in (("office", office), ("service", service), ("from", first), ("until", last))
        if v
    )
    return _page(
        request,
        "dashboard.html",
        "dashboard",
        numbers=numbers,
        offered=offered,
        charts=charts(numbers, names, office_names),
        names=names,
        office_names=office_names,
        offices=offices,
        services=plan.services(db),
        chosen={"office": office, "service": service, "first": first, "last": last},
        csv_url="/api/v1/dashboard.csv" + (f"?{query}" if query else ""),
        cell=dashboard.text,
        week_label=lambda key: key,
        language_name=language_name,
    )


@router.get("/fleet", response_class=HTMLResponse)
def fleet_page(request: Request) -> Response:
    ctx = request.app.state.ctx
    return _page(request, "fleet.html", "fleet", kiosks=fleet(ctx), offices=plan.offices(ctx.pool.get()))


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request) -> Response:
    changes = plan.changes(request.app.state.ctx.pool.get())
    return _page(request, "changes.html", "changes", changes=changes, local=local_text)


@router.get("/t/{token}", response_class=HTMLResponse)
def phone(request: Request, token: str) -> HTMLResponse:
    """The visitor's ticket page, as on the kiosk, from the relayed state."""
    from kiosk.central.web.api_phone import view_of

    ctx = request.app.state.ctx
    state = view_of(ctx, token) if 8 <= len(token) <= 64 else None
    if state is None:
        return _render(request, "phone_gone.html", status=404)
    found = ctx.hub.find(token, ctx.clock.now())
    return _render(request, "phone.html", language=found.ticket.language, token=token, state=state)
