"""The fleet as the page and the API show it: each kiosk, its last contact and its flags."""

from __future__ import annotations

from typing import Any

from kiosk.central import kiosks
from kiosk.central.db import from_text
from kiosk.central.errors import NoPlanYet
from kiosk.central.fleet import KioskState, assess
from kiosk.central.web.context import CentralContext
from kiosk.core.errors import N_
from kiosk.core.timekeeping import to_local

PRINTER_WORDS = {
    "ready": N_("bereit"),
    "paper_low": N_("Papier geht zu Ende"),
    "paper_out": N_("Papier leer"),
    "cover_open": N_("Deckel offen"),
    "offline": N_("nicht erreichbar"),
    "unknown": N_("unbekannt"),
}


def local_text(stored: str | None) -> str:
    """A stored UTC time as planners read it: Berlin time, day first."""
    moment = from_text(stored)
    return f"{to_local(moment):%d.%m.%Y %H:%M}" if moment else "–"


def fleet(ctx: CentralContext) -> list[dict[str, Any]]:
    db = ctx.pool.get()
    now = db.now()
    published: dict[str, str | None] = {}
    result = []
    for row in kiosks.fleet_rows(db):
        office_id = row["office_id"]
        if office_id not in published:
            try:
                published[office_id] = ctx.publisher.feed(db, office_id).version
            except NoPlanYet:
                published[office_id] = None
        state = KioskState(
            last_seen=from_text(row["last_seen"]),
            revoked=row["revoked_at"] is not None,
            heartbeat=row["heartbeat"],
            clock_offset_seconds=row["clock_offset_seconds"],
            published_version=published[office_id],
            published_at=from_text(row["revised_at"]),
        )
        found = assess(state, now, ctx.limits)
        beat = row["heartbeat"] or {}
        result.append(
            {
                "id": row["id"],
                "office_id": office_id,
                "office_name": row["office_name"],
                "label": row["label"],
                "enrolled_at": row["enrolled_at"],
                "revoked_at": row["revoked_at"],
                "last_seen": row["last_seen"],
                "last_seen_text": local_text(row["last_seen"]),
                "version": beat.get("version") or row["user_agent"],
                "last_sync": beat.get("last_sync"),
                "feed_version": beat.get("feed_version"),
                "published_version": published[office_id],
                "printer": (beat.get("printer") or {}).get("state"),
                "printer_text": PRINTER_WORDS.get((beat.get("printer") or {}).get("state") or "unknown", "?"),
                "clock_offset_seconds": row["clock_offset_seconds"],
                "flags": [f.value for f in found.flags],
                "problems": found.texts,
                "ok": found.ok,
            }
        )
    result.sort(key=lambda k: (k["ok"], k["office_name"], k["id"]))
    return result
