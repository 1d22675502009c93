"""Every error as JSON a page can show: ``{"error": {"code", "message"}}``.

``code`` is stable and meant for programs (``ticket_held_elsewhere``);
``message`` is one German sentence for the person at the desk. Domain errors
keep their own sentence; the HTTP status says what kind of failure it was.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.core import errors as core
from kiosk.core.appointments import UnknownBooking
from kiosk.core.errors import N_, KioskError
from kiosk.store import errors as storage
from kiosk.store.printjobs import NotPrintable
from kiosk.store.staff import AccountExists, InvalidAccountName, UnknownAccount

log = logging.getLogger("kiosk.web")


class ApiError(Exception):
    """An error the API answers with on purpose (auth, CSRF, throttling, ...)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.extra = status, code, message, headers, extra


STATUS_BY_ERROR: tuple[tuple[type[KioskError], int], ...] = (
    (core.UnknownTicket, 404),
    (UnknownBooking, 404),
    (UnknownAccount, 404),
    (core.UnknownService, 422),
    (core.UnknownDesk, 422),
    (core.InvalidPrefix, 422),
    (InvalidAccountName, 422),
    (core.ClockNotSet, 503),
    (storage.StoreError, 503),
    (core.ServiceNotOnSite, 409),
    (core.ServiceHasNoDate, 409),
    (AccountExists, 409),
    (NotPrintable, 409),
    (core.DomainError, 409),  # a refused transition: the queue is not in the state asked for
)

MESSAGES = {
    404: N_("Diese Adresse gibt es nicht."),
    405: N_("Diese Aktion ist an dieser Adresse nicht möglich."),
    500: N_("Unerwarteter Fehler im Server; nichts wurde halb gespeichert. Bitte noch einmal versuchen."),
}


def error_code(error: Exception) -> str:
    """``TicketHeldElsewhere`` -> ``ticket_held_elsewhere``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def status_for(error: KioskError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _json(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
    return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "Anfrage"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON shape above."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError):
        return _json(error.status, error.code, error.message, error.headers, **error.extra)

    @app.exception_handler(KioskError)
    async def _kiosk_error(request: Request, error: KioskError):
        status = status_for(error)
        if status >= 500:
            log.warning("%s %s refused: %s", request.method, _route(request), type(error).__name__)
        headers = {"Retry-After": "2"} if status == 503 else None
        return _json(status, error_code(error), str(error), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError):
        problems = [f"{_field(e['loc'])}: {e['msg']}" for e in error.errors()]
        message = "Die Anfrage ist unvollständig oder falsch ({}).".format("; ".join(problems[:3]))
        return _json(422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException):
        message = MESSAGES.get(error.status_code, str(error.detail))
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return _json(error.status_code, code, message, getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception):
        log.exception("unexpected error in %s %s", request.method, _route(request))
        return _json(500, "internal_error", MESSAGES[500])


def _route(request: Request) -> str:
    """The route's template (``/t/{token}``), never the raw path: tokens stay out of logs."""
    route = request.scope.get("route")
    return getattr(route, "path", "?")
