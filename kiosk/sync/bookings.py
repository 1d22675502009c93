"""Appointment bookings and the city's server: the outbox channel and the online confirmation.

Two roads, both in docs/appointments.md (the contract the city's server,
issue 11, implements):

- every booking and cancellation is a message in the outbox, POSTed to
  ``[sync] bookings_url`` by ``kiosk sync`` with the same rules as the day
  counts (Idempotency-Key, 2xx/409 acknowledged, retried until then);
- a slot the feed did not assign to this kiosk is booked only after
  ``[sync] confirm_url`` said yes, before anything is printed. The request
  body is exactly the later outbox message, under the same key, so the
  server recognises the message as the booking it already has.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from kiosk.config import Config
from kiosk.core.appointments import BookingNotConfirmed, SlotFull, SlotKey
from kiosk.core.errors import N_
from kiosk.store import Store
from kiosk.store.bookings import (
    BOOKING,
    BOOKING_CANCELLED,
    Reserved,
    confirm_held,
    confirmation_request,
    release_held,
    reserve,
)
from kiosk.sync.http import user_agent
from kiosk.sync.outbox import Channel, UploadError

log = logging.getLogger("kiosk.sync")


class BookingsUnreachable(UploadError):
    template = N_(
        "Der Buchungs-Server {host} ist nicht erreichbar ({detail}); die Buchungsnachrichten warten."
    )


class BookingsServerError(UploadError):
    template = N_("Der Buchungs-Server {host} antwortet mit HTTP {status}; die Buchungsnachrichten warten.")


class BookingsNotAuthorised(UploadError):
    template = N_(
        "Der Buchungs-Server {host} lehnt den Zugangsschlüssel dieses Kiosks ab (HTTP {status}); "
        "bitte [sync] token prüfen."
    )


class BookingMessageRefused(UploadError):
    template = N_("Der Buchungs-Server hat die Nachricht zum Termin {subject} abgelehnt (HTTP {status}).")


BOOKINGS = Channel(
    kinds=(BOOKING, BOOKING_CANCELLED),
    label="Buchungen",
    status_key="outbox_bookings",
    unreachable=BookingsUnreachable,
    server_error=BookingsServerError,
    not_authorised=BookingsNotAuthorised,
    refused=BookingMessageRefused,
)


class Answer(enum.StrEnum):
    CONFIRMED = "confirmed"
    TAKEN = "taken"  # the server says the slot is full
    FAILED = "failed"  # no usable answer: the kiosk cannot know, so it does not book


@dataclass(frozen=True)
class Confirmation:
    answer: Answer
    maybe_recorded: bool = False  # the server may have stored the booking: tell it to cancel
    status: int | None = None


class OnlineConfirmer:
    """Asks ``[sync] confirm_url`` whether a slot not assigned to this kiosk may be booked.

    A visitor stands at the kiosk meanwhile: short timeouts, one quick retry
    when the connection could not be made (nothing reached the server then).
    """

    def __init__(
        self,
        url: str,
        token: str,
        timeout: float = 5.0,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url
        self.token = token
        self.timeout = (min(timeout, 3.0), timeout)
        self.session = session or _session()

    def confirm(self, body: dict[str, Any], key: str) -> Confirmation:
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Idempotency-Key": key,
            "Content-Type": "application/json",
        }
        try:
            response = self.session.post(
                self.url, json=body, headers=headers, timeout=self.timeout, allow_redirects=False
            )
        except requests.exceptions.ConnectionError as error:
            sent = not _never_connected(error)
            log.warning("online confirmation failed (%s)", type(error).__name__)
            return Confirmation(Answer.FAILED, maybe_recorded=sent)
        except requests.exceptions.RequestException as error:  # a read timeout: it may have arrived
            log.warning("online confirmation failed (%s)", type(error).__name__)
            return Confirmation(Answer.FAILED, maybe_recorded=True)
        status = response.status_code
        code = _error_code(response)
        response.close()
        if status in (200, 201):
            return Confirmation(Answer.CONFIRMED, status=status)
        if status == 409 and code == "slot_taken":
            return Confirmation(Answer.TAKEN, status=status)
        log.warning("online confirmation refused: HTTP %s %s", status, code or "")
        return Confirmation(Answer.FAILED, maybe_recorded=status >= 500, status=status)


def _session() -> requests.Session:
    session = requests.Session()
    retry = Retry(total=1, connect=1, read=0, status=0, other=0, allowed_methods=None, backoff_factor=0.2)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    return session


def _never_connected(error: Exception) -> bool:
    text = str(error).lower()
    return "refused" in text or "name resolution" in text or "newconnectionerror" in text


def _error_code(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def confirmer_for(config: Config) -> OnlineConfirmer | None:
    """The configured online confirmation, or None (the kiosk then books only its assigned slots)."""
    sync = config.sync
    if not sync.confirm_url:
        return None
    return OnlineConfirmer(sync.confirm_url, sync.token, sync.confirm_timeout)


def book(
    store: Store,
    key: SlotKey,
    language: str,
    name: str = "",
    *,
    confirmer: OnlineConfirmer | None = None,
    print_slip: bool = False,
) -> Reserved:
    """Book a slot: at once if it is this kiosk's, else after the city's server confirmed it.

    Blocks for the confirmation (up to its timeout): call it off the UI
    thread. Nothing is printed unless the booking stands. Raises SlotFull
    (also when the server says the slot is gone), SlotUnavailable or
    BookingNotConfirmed (no usable answer: the visitor picks another time).
    """
    reserved = reserve(store, key, language, name, online=confirmer is not None, print_slip=print_slip)
    if not reserved.needs_confirmation:
        return reserved
    assert confirmer is not None
    body, idempotency = confirmation_request(store, reserved)
    answer = confirmer.confirm(body, idempotency)
    if answer.answer == Answer.CONFIRMED:
        return confirm_held(store, reserved, print_slip=print_slip)
    release_held(store, reserved, maybe_recorded=answer.maybe_recorded)
    if answer.answer == Answer.TAKEN:
        raise SlotFull()
    raise BookingNotConfirmed()
