"""Appointment places on the city's side: docs/appointments.md §1, §3 and §4.

A slot is what the kiosk's own code makes of a session's ``appointments``
(:func:`kiosk.sync.feed.build_sessions`, :func:`kiosk.core.appointments.slots_of`),
so the server and the kiosk never disagree about which slots exist. A
place in a slot is taken by a booking row: a kiosk's (its code, from the
outbox or the online confirmation) or the agency's (entered by a planner,
no code).

The rules the contract asks of the server:

- a ``booked`` message is recorded even when its slot is full here (the
  visitor holds a printed slip); the overbooked slot is a conflict the
  planner sees, and the next feed shows it to the kiosk's staff;
- ``cancelled`` frees the place; a cancellation of a code never seen is
  kept as a cancelled row, so the booking cannot appear later;
- the online confirmation decides inside one ``BEGIN IMMEDIATE``
  transaction, so of two kiosks asking for the last place one gets 201 and
  the other 409; places of the slots the feed assigns to the office's
  kiosk are never confirmed to anyone;
- every live booking whose slot is in the plan goes into the feed's
  ``taken`` (kiosk bookings with their code); one whose slot left the plan
  is left out (the kiosk refuses a feed with a taken place on a day the
  session is not held) and shown to the planner as a conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from kiosk.central.db import CentralDB, Tx, to_text
from kiosk.central.errors import CentralError
from kiosk.core.appointments import is_assigned, slots_of
from kiosk.core.booking_code import is_valid
from kiosk.core.errors import N_
from kiosk.core.schedule import without_closures
from kiosk.core.timekeeping import local_datetime, office_day
from kiosk.sync.errors import SyncError
from kiosk.sync.feed import DAYS_BEHIND, build_office, build_sessions

BOOKING_FORMAT = "quartierskiosk-booking"

# The booking message of §3 (the kiosk makes it in kiosk.store.bookings.message_body).
MESSAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "format_version", "event", "office_id", "code", "service_id", "date", "start"],
    "properties": {
        "format": {"const": BOOKING_FORMAT},
        "format_version": {"const": 1},
        "event": {"enum": ["booked", "cancelled"]},
        "office_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"},
        "code": {"type": "string", "pattern": "^[ACDEFHJKMNPRTUVWX34679]{8}$"},
        "service_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"},
        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "start": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
        "via": {"enum": ["assigned", "online"]},
        "booked_at": {"type": "string", "maxLength": 40},
        "reason": {"type": "string", "maxLength": 40},
    },
}


class NoSuchSlot(CentralError):
    template = N_("Am {day} um {start} hat der Dienst „{service}“ in diesem Büro kein Zeitfenster.")


class SlotIsTheKiosks(CentralError):
    template = N_("Das Zeitfenster am {day} um {start} gehört dem Kiosk des Büros; dort bucht nur der Kiosk.")


class SlotFull(CentralError):
    template = N_("Im Zeitfenster am {day} um {start} ist kein Platz mehr frei.")


class UnknownBooking(CentralError):
    template = N_("Die Buchung {booking} gibt es nicht.")


class KioskBookingNotHere(CentralError):
    template = N_("Buchungen eines Kiosks sagt das Büro am Kiosk ab; hier nur Telefon-Buchungen.")


@dataclass(frozen=True)
class SlotInfo:
    """One slot of the plan on one day, as a kiosk sees it."""

    session_id: str  # the feed's session entry it belongs to
    capacity: int
    assigned: bool  # the office's kiosk books it on its own
    minutes: int
    room: str


SlotIndex = dict[tuple[str, date, time], SlotInfo]


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(MESSAGE_SCHEMA)


def problem(body: dict[str, Any]) -> str | None:
    """Why a booking message is not one (German, naming the member), or None."""
    error = next(iter(_validator().iter_errors(body)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "Nachricht"
        return f"{where}: {error.message}"
    try:
        date.fromisoformat(body["date"])
    except ValueError:
        return f"date: {body['date']} ist kein Datum"
    if not is_valid(body["code"]):
        return f"code: {body['code']} hat kein gültiges Prüfzeichen"
    return None


# --- the slots of the plan ---------------------------------------------------------------------


def slot_index(
    office_id: str,
    entries: list[dict[str, Any]],
    first: date,
    last: date,
    closures: list[dict[str, Any]] | None = None,
) -> SlotIndex:
    """Every slot of the office's sessions held from ``first`` to ``last``, by the kiosk's own rules.

    No slot on a closure day: the kiosk drops those sessions, so a place
    there is never sold and a booking there is a conflict.
    """
    with_slots = [
        {**e, "appointments": {k: v for k, v in e["appointments"].items() if k != "taken"}}
        for e in entries
        if e.get("appointments")
    ]
    if not with_slots:
        return {}
    try:
        closed = build_office({"id": office_id, "name": office_id, "closures": closures or []}).closures
        held = build_sessions({"id": office_id, "sessions": with_slots}, first, last)
        sessions = without_closures(held, closed)
    except SyncError:
        return {}  # a plan a kiosk would refuse is never saved; nothing to offer meanwhile
    index: SlotIndex = {}
    for session in sessions:
        plan = session.appointments
        assert plan is not None
        for slot in slots_of(session):
            index.setdefault(
                (session.service_id, session.day, slot.start),
                SlotInfo(
                    session.id.split("@")[0],
                    plan.capacity,
                    is_assigned(plan, slot.start),
                    plan.minutes,
                    session.room,
                ),
            )
    return index


def _index(tx: Tx | CentralDB, office_id: str, first: date, last: date) -> SlotIndex:
    """The office's slots as stored now (inside a write: as this transaction sees them)."""
    from kiosk.central import feedgen  # the stored sessions as feed entries

    cursor = tx.execute if isinstance(tx, Tx) else tx.db.execute
    rows = cursor("SELECT * FROM sessions WHERE office_id = ? AND appointments IS NOT NULL", [office_id])
    names = [d[0] for d in rows.description or ()]
    entries = [feedgen.session_entry(dict(zip(names, row, strict=True))) for row in rows.fetchall()]
    closures = cursor("SELECT closures FROM offices WHERE id = ?", [office_id]).fetchone()
    return slot_index(office_id, entries, first, last, json.loads(closures[0]) if closures else [])


def _slot_on(tx: Tx, office_id: str, service_id: str, day: date, start: time) -> SlotInfo | None:
    return _index(tx, office_id, day, day).get((service_id, day, start))


def _places_used(tx: Tx, office_id: str, service_id: str, day: date, start: time) -> int:
    row = tx.execute(
        "SELECT coalesce(sum(places), 0) FROM bookings WHERE office_id = ? AND service_id = ? AND day = ? "
        "AND start = ? AND state = 'booked'",
        [office_id, service_id, day.isoformat(), f"{start:%H:%M}"],
    ).fetchone()
    return int(row[0])


def _touch(tx: Tx, office_id: str) -> None:
    """The office's feed changes with its bookings (``taken``): a new stamp, a new generated_at."""
    tx.execute(
        "UPDATE offices SET bookings_revision = bookings_revision + 1, bookings_changed_at = ? WHERE id = ?",
        [to_text(tx.now), office_id],
    )


# --- the feed's taken places -------------------------------------------------------------------


def live_bookings(db: CentralDB, office_id: str, first: date) -> list[dict[str, Any]]:
    return db.rows(
        "SELECT * FROM bookings WHERE office_id = ? AND state = 'booked' AND day >= ? "
        "ORDER BY day, start, id",
        [office_id, first.isoformat()],
    )


def add_taken(
    db: CentralDB,
    office_id: str,
    entries: list[dict[str, Any]],
    today: date,
    horizon: int,
    closures: list[dict[str, Any]],
) -> None:
    """Put the live bookings into the session entries' ``taken`` (in place); those off the plan stay out."""
    first, last = today - timedelta(days=DAYS_BEHIND), today + timedelta(days=horizon)
    index = slot_index(office_id, entries, first, last, closures)
    taken: dict[str, list[dict[str, Any]]] = {}
    for row in live_bookings(db, office_id, first):
        day, start = date.fromisoformat(row["day"]), time.fromisoformat(row["start"])
        found = index.get((row["service_id"], day, start))
        if found is None or day > last:
            continue
        item: dict[str, Any] = {"date": row["day"], "start": row["start"]}
        if row["places"] != 1:
            item["count"] = row["places"]
        if row["code"]:
            item["code"] = row["code"]
        taken.setdefault(found.session_id, []).append(item)
    for entry in entries:
        if entry.get("appointments") and entry["id"] in taken:
            entry["appointments"] = {**entry["appointments"], "taken": taken[entry["id"]]}


# --- §3: the kiosk's booking messages ----------------------------------------------------------


def apply_message(tx: Tx, kiosk_id: int, body: dict[str, Any]) -> None:
    """Act on a stored ``booked`` or ``cancelled`` message (the caller stored it under its key)."""
    office_id, code = body["office_id"], body["code"]
    known = tx.execute(
        "SELECT id, state FROM bookings WHERE office_id = ? AND code = ?", [office_id, code]
    ).fetchone()
    if body["event"] == "booked":
        if known is None:  # recorded even if the slot is full here: the visitor holds a slip
            _insert_kiosk_booking(tx, kiosk_id, body)
            _touch(tx, office_id)
        return
    reason = str(body.get("reason") or "")[:40]
    if known is None:  # a confirmation that never completed, or a message order upset
        _insert_kiosk_booking(tx, kiosk_id, body, cancelled=reason)
        return
    if known[1] == "booked":
        tx.execute(
            "UPDATE bookings SET state = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE id = ?",
            [to_text(tx.now), reason, known[0]],
        )
        _touch(tx, office_id)


def _insert_kiosk_booking(tx: Tx, kiosk_id: int, body: dict[str, Any], cancelled: str | None = None) -> None:
    tx.execute(
        "INSERT INTO bookings (office_id, service_id, day, start, minutes, places, code, source, via, "
        "kiosk_id, state, booked_at, received_at, cancelled_at, cancel_reason) "
        "VALUES (?, ?, ?, ?, ?, 1, ?, 'kiosk', ?, ?, ?, ?, ?, ?, ?)",
        [
            body["office_id"],
            body["service_id"],
            body["date"],
            body["start"],
            body.get("minutes"),
            body["code"],
            body.get("via"),
            kiosk_id,
            "booked" if cancelled is None else "cancelled",
            str(body.get("booked_at") or to_text(tx.now)),
            to_text(tx.now),
            None if cancelled is None else to_text(tx.now),
            cancelled,
        ],
    )


# --- §4: the online confirmation ---------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    status: int  # 201 recorded, 200 a repeat, 409 slot_taken, 422 refused
    code: str
    message: str


CONFIRMED = N_("Der Termin ist bestätigt und eingetragen.")
CONFIRMED_BEFORE = N_("Dieser Termin wurde schon bestätigt.")
TAKEN = N_("Dieser Termin ist leider schon vergeben.")
KEY_REUSED = N_(
    "Dieser Idempotency-Key wurde schon für eine andere Buchung benutzt; nichts wurde eingetragen."
)
OVER = N_("Dieses Zeitfenster hat schon begonnen; nichts wurde eingetragen.")
NOT_A_BOOKING = N_("Eine Bestätigung braucht eine Nachricht „booked“.")
CODE_KNOWN = N_("Diesen Termin-Code kennt der Server schon; nichts wurde eingetragen.")


def confirm(
    db: CentralDB, kiosk_id: int, key: str, body: dict[str, Any], canonical: str, digest: str
) -> Decision:
    """Decide an online confirmation atomically; record the booking (and its message) on success."""
    if body["event"] != "booked":
        return Decision(422, "not_a_booking", NOT_A_BOOKING)
    office_id = body["office_id"]
    day, start = date.fromisoformat(body["date"]), time.fromisoformat(body["start"])
    with db.write() as tx:
        known = tx.execute("SELECT body_sha256 FROM messages WHERE idempotency_key = ?", [key]).fetchone()
        if known is not None:
            if known[0] == digest:
                return Decision(200, "already_confirmed", CONFIRMED_BEFORE)
            return Decision(422, "key_reused", KEY_REUSED)
        if tx.execute(
            "SELECT 1 FROM bookings WHERE office_id = ? AND code = ?", [office_id, body["code"]]
        ).fetchone():
            return Decision(422, "code_known", CODE_KNOWN)
        slot = _slot_on(tx, office_id, body["service_id"], day, start)
        if slot is None:
            refused = NoSuchSlot(service=body["service_id"], day=f"{day:%d.%m.%Y}", start=f"{start:%H:%M}")
            return Decision(422, "no_such_slot", str(refused))
        if local_datetime(day, start) <= tx.now:
            return Decision(422, "slot_over", OVER)
        used = _places_used(tx, office_id, body["service_id"], day, start)
        if slot.assigned or used >= slot.capacity:
            return Decision(409, "slot_taken", TAKEN)
        tx.execute(
            "INSERT INTO messages (idempotency_key, kiosk_id, kind, office_id, subject, body_sha256, body, "
            "received_at) VALUES (?, ?, 'booking', ?, ?, ?, ?, ?)",
            [key, kiosk_id, office_id, body["code"], digest, canonical, to_text(tx.now)],
        )
        _insert_kiosk_booking(tx, kiosk_id, body)
        _touch(tx, office_id)
        tx.execute("UPDATE kiosks SET last_seen = ? WHERE id = ?", [to_text(tx.now), kiosk_id])
    return Decision(201, "confirmed", CONFIRMED)


# --- the agency's places (entered by a planner) ------------------------------------------------


def add_agency_places(
    db: CentralDB, user: str, office_id: str, service_id: str, day: date, start: time, places: int
) -> dict[str, Any]:
    """Places booked by phone at the agency: never in the kiosk's slots, never beyond capacity."""
    from kiosk.central.plan import audit, office

    office(db, office_id)
    when = {"day": f"{day:%d.%m.%Y}", "start": f"{start:%H:%M}"}
    with db.write() as tx:
        slot = _slot_on(tx, office_id, service_id, day, start)
        if slot is None:
            raise NoSuchSlot(service=service_id, **when)
        if slot.assigned:
            raise SlotIsTheKiosks(**when)
        if _places_used(tx, office_id, service_id, day, start) + places > slot.capacity:
            raise SlotFull(**when)
        cursor = tx.execute(
            "INSERT INTO bookings (office_id, service_id, day, start, minutes, places, source, entered_by, "
            "state, booked_at, received_at) VALUES (?, ?, ?, ?, ?, ?, 'agency', ?, 'booked', ?, ?)",
            [
                office_id,
                service_id,
                day.isoformat(),
                f"{start:%H:%M}",
                slot.minutes,
                places,
                user,
                to_text(tx.now),
                to_text(tx.now),
            ],
        )
        booking_id = int(cursor.lastrowid or 0)
        audit(
            tx,
            user,
            "booking.add",
            f"{office_id}/{service_id}",
            {"date": day.isoformat(), "start": f"{start:%H:%M}", "places": places},
        )
        _touch(tx, office_id)
    return booking(db, booking_id)


def cancel_agency_places(db: CentralDB, user: str, booking_id: int) -> dict[str, Any]:
    """Free places the agency had booked; a kiosk's booking is cancelled at its kiosk (it holds the slip)."""
    from kiosk.central.plan import audit

    found = booking(db, booking_id)
    if found["source"] != "agency":
        raise KioskBookingNotHere()
    with db.write() as tx:
        tx.execute(
            "UPDATE bookings SET state = 'cancelled', cancelled_at = ?, cancel_reason = 'planner' "
            "WHERE id = ? AND state = 'booked'",
            [to_text(tx.now), booking_id],
        )
        audit(tx, user, "booking.cancel", f"{found['office_id']}/{found['service_id']}", {"id": booking_id})
        _touch(tx, found["office_id"])
    return booking(db, booking_id)


def booking(db: CentralDB, booking_id: int) -> dict[str, Any]:
    found = db.row("SELECT * FROM bookings WHERE id = ?", [booking_id])
    if found is None:
        raise UnknownBooking(booking=booking_id)
    return found


# --- what the planner sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class SlotState:
    service_id: str
    day: date
    start: time
    capacity: int | None  # None: the plan no longer has this slot
    assigned: bool
    bookings: list[dict[str, Any]]

    @property
    def used(self) -> int:
        return sum(b["places"] for b in self.bookings if b["state"] == "booked")

    @property
    def conflict(self) -> str:
        """Why the slot needs the planner ("overbooked", or "gone": its slot left the plan), else ""."""
        if self.capacity is None:
            return "gone" if self.used else ""
        return "overbooked" if self.used > self.capacity else ""


def overview(db: CentralDB, office_id: str, now: datetime, days: int = 28) -> list[SlotState]:
    """Booked slots from today on (``days`` ahead, and any conflict beyond), earliest first."""
    today = office_day(now)
    last = today + timedelta(days=days)
    rows = db.rows(
        "SELECT * FROM bookings WHERE office_id = ? AND day >= ? AND state = 'booked' "
        "ORDER BY day, start, id",
        [office_id, today.isoformat()],
    )
    if not rows:
        return []
    far = max(date.fromisoformat(r["day"]) for r in rows)
    index = _index(db, office_id, today, max(far, today))
    grouped: dict[tuple[str, date, time], list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["service_id"], date.fromisoformat(row["day"]), time.fromisoformat(row["start"]))
        grouped.setdefault(key, []).append(row)
    states = []
    for key, found in grouped.items():
        slot = index.get(key)
        state = SlotState(*key, slot.capacity if slot else None, bool(slot and slot.assigned), found)
        if key[1] <= last or state.conflict:
            states.append(state)
    return states


def conflict_count(db: CentralDB, office_id: str, now: datetime) -> int:
    return sum(1 for s in overview(db, office_id, now) if s.conflict)
