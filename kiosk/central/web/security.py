"""Who is asking: a signed-in planner or viewer (cookie + CSRF), or an enrolled kiosk (Bearer token).

The cookie and CSRF handling are the staff console's (:mod:`kiosk.web.auth`):
a random HttpOnly, SameSite=Strict cookie whose SHA-256 is stored, and the
session's CSRF token in ``X-CSRF-Token`` on every change.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from kiosk.central import accounts, kiosks
from kiosk.central.accounts import UserSession
from kiosk.central.web.context import CentralContext, get_ctx
from kiosk.core.errors import N_
from kiosk.web.auth import EXPIRED, NOT_SIGNED_IN, TOUCH_EVERY, check_csrf
from kiosk.web.errors import ApiError

COOKIE = "kiosk_central"
PLANNERS_ONLY = N_("Nur Planende dürfen das ändern; dieses Konto darf nur lesen.")
NO_TOKEN = N_("Der Zugangsschlüssel des Kiosks fehlt (Authorization: Bearer …).")
WRONG_TOKEN = N_("Dieser Zugangsschlüssel ist unbekannt; bitte den Kiosk neu anmelden (kiosk enrol).")
REVOKED = N_("Dieser Kiosk ist gesperrt; die Stadt hat seinen Zugangsschlüssel zurückgezogen.")

Ctx = Annotated[CentralContext, Depends(get_ctx)]


def session_from_cookie(ctx: CentralContext, token: str | None) -> UserSession:
    """The valid session behind a cookie, or 401 (not signed in / expired); the pages use it too."""
    if not token:
        raise ApiError(401, "not_signed_in", NOT_SIGNED_IN)
    db = ctx.pool.get()
    found = accounts.find_session(db, token)
    if found is None:
        raise ApiError(401, "not_signed_in", NOT_SIGNED_IN)
    now = db.now()
    if now >= found.expires_at or now - found.last_seen > ctx.idle:
        accounts.end_session(db, found.token_hash)
        raise ApiError(401, "session_expired", EXPIRED)
    if now - found.last_seen >= TOUCH_EVERY:
        accounts.touch_session(db, found.token_hash)
    return found


def signed_in(request: Request, ctx: Ctx) -> UserSession:
    """Any signed-in account (planner or viewer); reads only."""
    return session_from_cookie(ctx, request.cookies.get(COOKIE))


def planner(request: Request, ctx: Ctx) -> UserSession:
    """A signed-in planner with the session's CSRF token: may change things."""
    session = session_from_cookie(ctx, request.cookies.get(COOKIE))
    check_csrf(request, session.csrf_token)
    if not session.planner:
        raise ApiError(403, "planners_only", PLANNERS_ONLY)
    return session


def csrf_only(request: Request, ctx: Ctx) -> UserSession:
    """Signed in (any role) with CSRF: for signing out."""
    session = session_from_cookie(ctx, request.cookies.get(COOKIE))
    check_csrf(request, session.csrf_token)
    return session


async def enrolled_kiosk(request: Request, ctx: Ctx) -> kiosks.Kiosk:
    """The kiosk behind the Bearer token: 401 unknown, 403 revoked (docs/sync.md)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "no_token", NO_TOKEN, {"WWW-Authenticate": "Bearer"})
    found = await run_in_threadpool(lambda: kiosks.by_token(ctx.pool.get(), token.strip()))
    if found is None:
        raise ApiError(401, "unknown_token", WRONG_TOKEN, {"WWW-Authenticate": "Bearer"})
    if found.revoked:
        raise ApiError(403, "kiosk_revoked", REVOKED)
    return found


User = Annotated[UserSession, Depends(signed_in)]
Planner = Annotated[UserSession, Depends(planner)]
AnyCsrf = Annotated[UserSession, Depends(csrf_only)]
EnrolledKiosk = Annotated[kiosks.Kiosk, Depends(enrolled_kiosk)]
