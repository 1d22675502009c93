"""Staff sign-in: argon2 hashes, session cookies, CSRF tokens.

The cookie holds a random token (HttpOnly, SameSite=Strict); the database
keeps only its SHA-256. Every request that changes something must also carry
the session's CSRF token in the ``X-CSRF-Token`` header; the page reads it
from ``GET /api/staff/session``. SameSite=Strict alone would stop other
sites' forms today, the header also covers old browsers and same-site
attackers (another device's page on the same LAN name).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from kiosk.core.errors import N_
from kiosk.passwords import MIN_SECRET, SecretTooShort, hash_secret, verify_secret

__all__ = ["MIN_SECRET", "SecretTooShort", "hash_secret", "new_token", "token_hash", "verify_secret"]
from kiosk.store import staff
from kiosk.tokens import new_token, token_hash
from kiosk.web.errors import ApiError

COOKIE = "kiosk_staff"
CSRF_HEADER = "X-CSRF-Token"
TOUCH_EVERY = timedelta(minutes=1)  # write last_seen at most this often

NOT_SIGNED_IN = N_("Bitte zuerst anmelden.")
EXPIRED = N_("Die Anmeldung ist abgelaufen. Bitte neu anmelden.")
CSRF_MISSING = N_("Sicherheitsmerkmal (CSRF-Token) fehlt. Bitte die Seite neu laden.")
CSRF_WRONG = N_("Sicherheitsmerkmal (CSRF-Token) stimmt nicht. Bitte die Seite neu laden.")
WRONG_ORIGIN = N_("Die Anfrage kommt von einer fremden Seite und wurde abgelehnt.")


@dataclass(frozen=True)
class SignedIn:
    """The staff member behind a request, at the desk they signed in at."""

    account: str
    desk_id: int
    csrf_token: str
    expires_at: datetime
    token_hash: str


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def cookie_kwargs(request: Request, max_age: int, name: str = COOKIE) -> dict:
    """The session cookie's attributes; ``name`` lets the city's server use its own cookie."""
    return {
        "key": name,
        "max_age": max_age,
        "httponly": True,
        "samesite": "strict",
        "secure": _is_https(request),
        "path": "/",
    }


def check_origin(request: Request) -> None:
    """Refuse a changing request whose Origin header names another site."""
    origin = request.headers.get("origin")
    if origin is None:
        return  # same-origin fetches may omit it; the CSRF token still guards
    host = request.headers.get("host", "")
    if origin.split("://", 1)[-1] != host:
        raise ApiError(403, "origin_mismatch", WRONG_ORIGIN)


async def current_session(request: Request, idle: timedelta) -> SignedIn:
    """The valid session of this request, or 401 (not signed in / expired).

    The lookup is one indexed read, which WAL never makes wait for a writer,
    so it runs on the event loop; only the rare writes (noting use at most
    once a minute, ending an expired session) go to a worker thread, where
    waiting for the write lock blocks nobody else. A desk's click so costs one
    thread hop instead of two.
    """
    ctx = request.app.state.ctx
    token = request.cookies.get(COOKIE)
    if not token:
        raise ApiError(401, "not_signed_in", NOT_SIGNED_IN)
    hashed = token_hash(token)
    store = ctx.pool.get()
    found = staff.get_session(store, hashed)
    if found is None:
        raise ApiError(401, "not_signed_in", NOT_SIGNED_IN)
    now = store.now()
    if now >= found.expires_at or now - found.last_seen > idle:
        await run_in_threadpool(lambda: staff.end_session(ctx.pool.get(), hashed))
        raise ApiError(401, "session_expired", EXPIRED)
    if now - found.last_seen >= TOUCH_EVERY:
        await run_in_threadpool(lambda: staff.touch_session(ctx.pool.get(), hashed))
    return SignedIn(found.account, found.desk_id, found.csrf_token, found.expires_at, hashed)


def check_csrf(request: Request, csrf_token: str) -> None:
    """A changing request must come from our own pages and carry its session's token.

    The staff console and the city server's planner pages both call this.
    """
    check_origin(request)
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        raise ApiError(403, "csrf_missing", CSRF_MISSING)
    if not hmac.compare_digest(sent, csrf_token):
        raise ApiError(403, "csrf_invalid", CSRF_WRONG)
