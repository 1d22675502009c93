"""The plan as a feed document (docs/sync.md, format 1): pure, from plain rows.

The server stores the plan close to the feed's own shape, so this is a
translation, not an interpretation: what a planner enters is what the
kiosk reads. Calendar imports arrive as dated sessions and are added as
one-off sessions. ``generated_at`` is the office's last change (stable while
the plan is unchanged, which keeps the ETag stable and satisfies the
kiosk's replay guard).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from kiosk.core.model import Session
from kiosk.core.timekeeping import to_local
from kiosk.sync.feed import FORMAT, FORMAT_VERSION


def _texts(value: str | dict[str, str]) -> dict[str, str]:
    data = json.loads(value) if isinstance(value, str) else value
    return {k: v for k, v in data.items() if v}


def service_entry(row: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": row["id"],
        "prefix": row["prefix"],
        "names": _texts(row["names"]),
        "minutes_per_visit": row["minutes_per_visit"],
    }
    if row.get("pictogram"):
        entry["pictogram"] = row["pictogram"]
    for key in ("descriptions", "what_to_bring"):
        texts = _texts(row.get(key) or "{}")
        if texts:
            entry[key] = texts
    return entry


def session_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One stored session as the feed's session object (one-off or weekly)."""
    entry: dict[str, Any] = {
        "id": row["id"],
        "service": row["service_id"],
        "start": row["start"],
        "end": row["end"],
    }
    if row.get("room"):
        entry["room"] = row["room"]
    languages = json.loads(row.get("languages") or "[]")
    if languages:
        entry["languages"] = languages
    if row.get("date"):
        entry["date"] = row["date"]
        return entry
    weekly: dict[str, Any] = {"weekday": row["weekday"], "from": row["valid_from"]}
    if row.get("valid_until"):
        weekly["until"] = row["valid_until"]
    if (row.get("every") or 1) != 1:
        weekly["every"] = row["every"]
    entry["weekly"] = weekly
    cancelled = json.loads(row.get("cancelled") or "[]")
    if cancelled:
        entry["cancelled"] = sorted(cancelled)
    moved = json.loads(row.get("moved") or "[]")
    if moved:
        entry["moved"] = sorted(moved, key=lambda m: m["date"])
    return entry


def calendar_entry(session: Session, source: int, number: int) -> dict[str, Any]:
    """A calendar occurrence as a one-off session."""
    entry: dict[str, Any] = {
        "id": f"cal{source}-{number}",
        "service": session.service_id,
        "date": session.day.isoformat(),
        "start": f"{session.start:%H:%M}",
        "end": f"{session.end:%H:%M}",
    }
    if session.room:
        entry["room"] = session.room[:40]
    if session.languages:
        entry["languages"] = list(dict.fromkeys(session.languages))
    return entry


def office_entry(
    office: dict[str, Any], services: Iterable[dict[str, Any]], sessions: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The office object of a feed: only the services that have sessions here."""
    used = {s["service"] for s in sessions}
    entry: dict[str, Any] = {
        "id": office["id"],
        "name": office["name"],
        "services": [service_entry(s) for s in services if s["id"] in used],
        "sessions": list(sessions),
    }
    if office.get("address"):
        entry["address"] = office["address"]
    hours = json.loads(office.get("opening_hours") or "{}")
    if hours:
        entry["opening_hours"] = hours
    closures = json.loads(office.get("closures") or "[]")
    if closures:
        entry["closures"] = closures
    info = _texts(office.get("info") or "{}")
    if info:
        entry["info"] = info
    return entry


def feed_document(
    office: dict[str, Any],
    services: Iterable[dict[str, Any]],
    sessions: Sequence[dict[str, Any]],
    generated_at: datetime,
    version: str,
    publisher: str,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "feed_version": version,
        "generated_at": to_local(generated_at).isoformat(timespec="seconds"),
        "publisher": publisher,
        "offices": [office_entry(office, services, sessions)],
    }


def feed_bytes(document: dict[str, Any]) -> bytes:
    """The exact bytes that are signed and served (the signature covers these, not the JSON)."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode() + b"\n"
