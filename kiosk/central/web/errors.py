"""HTTP status of the central server's own errors; the shape is the staff console's (kiosk.web.errors)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kiosk.central import errors as central
from kiosk.central.kiosks import EnrolmentRefused, UnknownKiosk
from kiosk.sync.errors import SyncError
from kiosk.web.errors import error_body, error_code

log = logging.getLogger("kiosk.central")

STATUS: tuple[tuple[type[Exception], int], ...] = (
    (central.NoPlanYet, 404),
    (central.UnknownOffice, 404),
    (central.UnknownServiceId, 404),
    (central.UnknownSession, 404),
    (central.UnknownCalendar, 404),
    (central.UnknownUser, 404),
    (UnknownKiosk, 404),
    (EnrolmentRefused, 403),
    (central.AlreadyExists, 409),
    (central.ServiceInUse, 409),
    (central.PlanInvalid, 422),
    (central.InvalidName, 422),
    (central.SigningKeyMissing, 503),
    (SyncError, 422),
)


def status_for(error: Exception) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


def install(app: FastAPI) -> None:
    """Answer the central server's refusals with their own status (the console's handlers do the rest)."""

    async def handle(request: Request, error: Exception) -> JSONResponse:
        status = status_for(error)
        if status >= 500:
            log.warning("request refused: %s", type(error).__name__)
        return JSONResponse(error_body(error_code(error), str(error)), status_code=status)

    app.add_exception_handler(central.CentralError, handle)
    app.add_exception_handler(SyncError, handle)
