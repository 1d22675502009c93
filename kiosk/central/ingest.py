"""What kiosks send through their outbox: sent at least once, counted exactly once.

docs/sync.md §5 is the contract. A message is stored under its
Idempotency-Key in the same transaction that counts it; the same key again
answers "already have it" (409) when the body is the same and "refused"
(422) when it differs, so a retried upload whose answer was lost is never
counted twice, and a day is counted once per office even if another key
claims it. Message kinds are told by the body's ``format``: day counts now,
appointment bookings (issue 9) stored as they come until their feature
reads them.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from kiosk.central.db import CentralDB, Tx, dumps, to_text
from kiosk.central.kiosks import Kiosk
from kiosk.core.errors import N_
from kiosk.sync.feed import SCHEMA_PATH
from kiosk.sync.outbox import COUNTS_FORMAT

COUNTS_SCHEMA = SCHEMA_PATH.with_name("counts.schema.json")
BOOKING_FORMAT = "quartierskiosk-booking"
MAX_BODY = 512 * 1024


class Outcome(enum.IntEnum):
    """The HTTP status each outcome is answered with (the kiosk reads only the status)."""

    STORED = 201
    ALREADY = 409
    REFUSED = 422
    MALFORMED = 400
    TOO_LARGE = 413


@dataclass(frozen=True)
class Received:
    outcome: Outcome
    code: str
    message: str


STORED = N_("Angenommen.")
ALREADY = N_("Diese Nachricht ist schon angekommen und gezählt.")
KEY_REUSED = N_("Dieser Idempotency-Key wurde schon für eine andere Nachricht benutzt; nichts wurde gezählt.")
DAY_COUNTED = N_("Der Tag {day} ist für dieses Büro schon gezählt; nichts wurde doppelt gezählt.")
NOT_JSON = N_("Der Inhalt ist kein JSON-Objekt.")
UNKNOWN_FORMAT = N_("Unbekanntes Nachrichtenformat „{format}“.")
INVALID = N_("Die Zählung entspricht nicht dem Schema: {problem}")
OTHER_OFFICE = N_("Dieser Kiosk gehört zum Büro „{mine}“, die Nachricht nennt „{theirs}“.")
TOO_LARGE = N_("Die Nachricht ist zu groß.")
NO_KEY = N_("Der Kopf Idempotency-Key fehlt oder ist zu lang.")


@lru_cache(maxsize=1)
def _counts_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(COUNTS_SCHEMA.read_text(encoding="utf-8")))


def parse(raw: bytes) -> dict[str, Any] | Received:
    if len(raw) > MAX_BODY:
        return Received(Outcome.TOO_LARGE, "too_large", TOO_LARGE)
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return Received(Outcome.MALFORMED, "not_json", NOT_JSON)
    if not isinstance(body, dict):
        return Received(Outcome.MALFORMED, "not_json", NOT_JSON)
    return body


def _check(kiosk: Kiosk, body: dict[str, Any]) -> tuple[str, str] | Received:
    """(kind, subject) of a valid message, or why it is refused."""
    fmt = body.get("format")
    if fmt == COUNTS_FORMAT:
        error = next(iter(_counts_validator().iter_errors(body)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "Nachricht"
            return Received(
                Outcome.REFUSED, "invalid_counts", INVALID.format(problem=f"{where}: {error.message}")
            )
        ids = [entry["service_id"] for entry in body["services"]]
        if len(ids) != len(set(ids)):
            return Received(Outcome.REFUSED, "invalid_counts", INVALID.format(problem="service_id doppelt"))
        kind, subject = "day_counts", body["day"]
    elif fmt == BOOKING_FORMAT and isinstance(body.get("office_id"), str):
        kind, subject = "booking", str(body.get("booking") or body.get("code") or "")[:100]
    else:
        return Received(Outcome.REFUSED, "unknown_format", UNKNOWN_FORMAT.format(format=str(fmt)[:60]))
    if body["office_id"] != kiosk.office_id:
        return Received(
            Outcome.REFUSED,
            "other_office",
            OTHER_OFFICE.format(mine=kiosk.office_id, theirs=body["office_id"]),
        )
    return kind, subject


def receive(db: CentralDB, kiosk: Kiosk, key: str, body: dict[str, Any], user_agent: str = "") -> Received:
    """Store and count one message once; the answer for the same key is stable.

    The kiosk's last contact is noted in the same transaction (one commit per upload).
    """
    if not key or len(key) > 200:
        return Received(Outcome.MALFORMED, "no_idempotency_key", NO_KEY)
    checked = _check(kiosk, body)
    if isinstance(checked, Received):
        return checked
    kind, subject = checked
    canonical = dumps(body)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    with db.write() as tx:
        known = tx.execute("SELECT body_sha256 FROM messages WHERE idempotency_key = ?", [key]).fetchone()
        if known is not None:
            if known[0] == digest:
                return Received(Outcome.ALREADY, "already_received", ALREADY)
            return Received(Outcome.REFUSED, "key_reused", KEY_REUSED)
        if (
            kind == "day_counts"
            and tx.execute(
                "SELECT 1 FROM day_counts WHERE office_id = ? AND day = ? LIMIT 1", [kiosk.office_id, subject]
            ).fetchone()
        ):
            return Received(Outcome.REFUSED, "day_already_counted", DAY_COUNTED.format(day=subject))
        tx.execute(
            "INSERT INTO messages (idempotency_key, kiosk_id, kind, office_id, subject, body_sha256, body, "
            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [key, kiosk.id, kind, kiosk.office_id, subject, digest, canonical, to_text(tx.now)],
        )
        if kind == "day_counts":
            _count_day(tx, key, body)
        tx.execute(
            "UPDATE kiosks SET last_seen = ?, user_agent = ? WHERE id = ?",
            [to_text(tx.now), user_agent[:100], kiosk.id],
        )
    return Received(Outcome.STORED, "stored", STORED)


def _count_day(tx: Tx, key: str, body: dict[str, Any]) -> None:
    for entry in body["services"]:
        tx.execute(
            "INSERT INTO day_counts (office_id, day, service_id, issued, served, no_shows, cancelled, open, "
            "wait_median, wait_p90, visit_median, estimates_checked, estimates_hit, miss_median, "
            "by_language, by_hour, idempotency_key) VALUES (" + ", ".join("?" * 17) + ")",
            [
                body["office_id"],
                body["day"],
                entry["service_id"],
                entry["issued"],
                entry["served"],
                entry["no_shows"],
                entry["cancelled"],
                entry["open"],
                entry["wait_minutes"]["median"],
                entry["wait_minutes"]["p90"],
                entry["visit_minutes_median"],
                entry["estimates"]["checked"],
                entry["estimates"]["hit"],
                entry["estimates"]["miss_minutes_median"],
                dumps(entry["by_language"]),
                dumps(entry["by_hour"]),
                key,
            ],
        )


def day_count_rows(db: CentralDB) -> list[dict[str, Any]]:
    return db.rows("SELECT * FROM day_counts ORDER BY day, office_id, service_id")
