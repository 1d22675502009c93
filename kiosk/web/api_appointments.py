"""Endpoints of the staff console for appointments: today's list, conflicts, cancelling.

Same rules as every staff endpoint (kiosk.web.api_staff): a signed-in
session; cancelling also needs the CSRF token. A cancellation goes to the
city's server through the outbox, like the booking did.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Path

from kiosk.store.bookings import cancel_booking
from kiosk.web.api_staff import Ctx, Reader, Writer
from kiosk.web.appointment_views import appointments, booking_json

log = logging.getLogger("kiosk.web")
router = APIRouter(prefix="/api/staff/appointments", tags=["appointments"])

Code = Annotated[str, Path(min_length=1, max_length=12, description="a booking code, e.g. K7P4-MX3R")]


@router.get("", responses={401: {}})
def today(session: Reader, ctx: Ctx) -> dict[str, Any]:
    """Today's appointments per service with their check-in, and every conflict from today on."""
    return appointments(ctx.pool.get())


@router.post("/{code}/cancel", responses={401: {}, 403: {}, 404: {}, 409: {}})
def cancel(code: Code, session: Writer, ctx: Ctx) -> dict[str, Any]:
    """Cancel a booking that is not checked in; the city is told through the outbox."""
    booking = cancel_booking(ctx.pool.get(), code, session.desk_id)
    ctx.feed.poke()
    log.info("desk %s cancelled a booking", session.desk_id)  # no code in the log: it is the visitor's
    return booking_json(booking)
