"""Anonymous day counts to the city: made once per finished day, sent until acknowledged.

The body is built from :func:`kiosk.core.stats.day_counts` (numbers per
service: issued, served, no-shows, waits, estimate accuracy, languages,
hours) and nothing else; a ticket never holds a person, and no ticket
code, time of a single visit or desk leaves the kiosk.

Each message has a fixed Idempotency-Key (a UUID derived from office, kind
and day), so a retry after a lost answer is recognised by the server: 2xx
and 409 both mean "the server has it". The contract is in docs/sync.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from kiosk.core.errors import N_, KioskError
from kiosk.core.stats import DayCounts, ServiceCounts, day_counts
from kiosk.core.timekeeping import office_day
from kiosk.store import Store
from kiosk.store import outbox as box
from kiosk.store.database import to_text
from kiosk.store.outbox import idempotency_key
from kiosk.store.queue import tickets_of_day
from kiosk.sync.http import HttpPolicy

log = logging.getLogger("kiosk.sync")

DAY_COUNTS = "day_counts"
COUNTS_FORMAT = "quartierskiosk-counts"
COUNTS_FORMAT_VERSION = 1
STATUS_KEY = "outbox"

ACKNOWLEDGED = frozenset({200, 201, 202, 204, 409})
REFUSED = frozenset({400, 413, 415, 422})  # this message is wrong; resending it cannot help


class UploadError(KioskError):
    """Why counts are still waiting; they are sent again on the next run."""


class UploadUnreachable(UploadError):
    template = N_("Der Zählungs-Server {host} ist nicht erreichbar ({detail}); die Zählungen warten.")


class UploadServerError(UploadError):
    template = N_("Der Zählungs-Server {host} antwortet mit HTTP {status}; die Zählungen warten.")


class UploadNotAuthorised(UploadError):
    template = N_(
        "Der Zählungs-Server {host} lehnt den Zugangsschlüssel dieses Kiosks ab (HTTP {status}); "
        "bitte [sync] token prüfen."
    )


class UploadRefused(UploadError):
    template = N_("Der Zählungs-Server hat die Zählung vom {subject} abgelehnt (HTTP {status}).")


@dataclass(frozen=True)
class Channel:
    """One kind of traffic through the outbox: its message kinds, its words, its status key.

    Counts and appointment bookings go to different addresses of the city's
    server; each is delivered in order on its own, so a server that has no
    bookings endpoint yet never holds the counts back.
    """

    kinds: tuple[str, ...]
    label: str  # "Zählungen": the one-line report
    status_key: str
    unreachable: type[UploadError] = UploadUnreachable
    server_error: type[UploadError] = UploadServerError
    not_authorised: type[UploadError] = UploadNotAuthorised
    refused: type[UploadError] = UploadRefused


COUNTS = Channel((DAY_COUNTS,), "Zählungen", STATUS_KEY)


def _service_entry(counts: ServiceCounts) -> dict[str, Any]:
    return {
        "service_id": counts.service_id,
        "issued": counts.issued,
        "served": counts.served,
        "no_shows": counts.no_shows,
        "cancelled": counts.cancelled,
        "open": counts.open,
        "wait_minutes": {"median": counts.wait_median, "p90": counts.wait_p90},
        "visit_minutes_median": counts.visit_median,
        "estimates": {
            "checked": counts.estimates_checked,
            "hit": counts.estimates_hit,
            "miss_minutes_median": counts.estimate_error_median,
        },
        "by_language": dict(counts.by_language),
        "by_hour": {str(hour): n for hour, n in counts.by_hour.items()},
    }


def counts_body(office_id: str, counts: DayCounts, made_at: datetime) -> dict[str, Any]:
    """The JSON body of one day's upload (schema in docs/sync.md)."""
    return {
        "format": COUNTS_FORMAT,
        "format_version": COUNTS_FORMAT_VERSION,
        "office_id": office_id,
        "day": counts.day.isoformat(),
        "made_at": to_text(made_at),
        "services": [_service_entry(s) for s in counts.services],
    }


def enqueue_finished_days(store: Store, office_id: str) -> int:
    """Make the count message of every finished day that has none yet; returns how many."""
    today = office_day(store.now())
    done = box.subjects(store, DAY_COUNTS)
    made = 0
    for day in box.ticket_days_before(store, today):
        if day.isoformat() in done:
            continue
        counts = day_counts(day, tickets_of_day(store, day))
        with store.write() as tx:
            body = counts_body(office_id, counts, tx.now)
            key = idempotency_key(office_id, DAY_COUNTS, day.isoformat())
            made += box.enqueue(tx, DAY_COUNTS, day.isoformat(), key, body)
    return made


@dataclass(frozen=True)
class UploadResult:
    sent: int
    refused: int
    pending: int
    error: UploadError | None = None
    label: str = COUNTS.label

    @property
    def message(self) -> str:
        text = f"{self.label}: {self.sent} gesendet, {self.pending} warten"
        if self.refused:
            text += f", {self.refused} abgelehnt"
        return text + (f". {self.error}" if self.error else ".")


def deliver(
    store: Store,
    session: requests.Session,
    url: str,
    token: str,
    policy: HttpPolicy,
    batch: int = 100,
    channel: Channel = COUNTS,
) -> UploadResult:
    """Send pending messages of ``channel`` in order until one cannot be delivered now.

    A refused message (400/413/422) is set aside and the next one is tried;
    any other failure (network, 401/403, 404, 5xx) stops the run, because
    the next message would meet the same fate; it is tried again next time.
    """
    host = urlsplit(url).netloc or url
    sent = refused = 0
    error: UploadError | None = None
    for message in box.pending(store, batch, channel.kinds):
        headers = {
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": message.idempotency_key,
            "Content-Type": "application/json",
        }
        try:
            body = message.body.encode()
            response = session.post(
                url, data=body, headers=headers, timeout=policy.timeout, allow_redirects=False
            )
            status = response.status_code
            response.close()
        except requests.exceptions.RequestException as failure:
            error = channel.unreachable(host=host, detail=_detail(failure))
            box.record_attempt(store, message.id, box.MessageState.PENDING, None, str(error))
            break
        if status in ACKNOWLEDGED:
            box.record_attempt(store, message.id, box.MessageState.ACKNOWLEDGED, status, None)
            sent += 1
            continue
        if status in REFUSED:
            rejected = channel.refused(subject=message.subject, status=status)
            box.record_attempt(store, message.id, box.MessageState.REFUSED, status, str(rejected))
            log.warning("upload %s refused by the server (HTTP %s)", message.subject, status)
            refused += 1
            error = rejected
            continue
        if status in (401, 403):
            error = channel.not_authorised(host=host, status=status)
        else:
            error = channel.server_error(host=host, status=status)
        box.record_attempt(store, message.id, box.MessageState.PENDING, status, str(error))
        break
    waiting = box.state_counts(store, channel.kinds)[box.MessageState.PENDING]
    result = UploadResult(sent, refused, waiting, error if waiting or refused else None, channel.label)
    _record_status(store, result, channel)
    return result


def _detail(failure: requests.exceptions.RequestException) -> str:
    if isinstance(failure, requests.exceptions.Timeout):
        return "keine Antwort in der Zeit"
    text = str(failure).lower()
    if "refused" in text:
        return "Verbindung abgelehnt"
    return "Verbindung unterbrochen"


def _record_status(store: Store, result: UploadResult, channel: Channel) -> None:
    counts = box.state_counts(store, channel.kinds)
    with store.write() as tx:
        previous = store.get_status(channel.status_key) or {}
        store.set_status(
            channel.status_key,
            {
                "pending": counts[box.MessageState.PENDING],
                "refused": counts[box.MessageState.REFUSED],
                "acknowledged": counts[box.MessageState.ACKNOWLEDGED],
                "last_attempt": to_text(tx.now),
                "last_delivery": to_text(tx.now) if result.sent else previous.get("last_delivery"),
                "last_error": str(result.error) if result.error else None,
            },
            tx.now,
        )
