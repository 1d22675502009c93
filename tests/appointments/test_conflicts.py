"""A conflict that still arises: a slot booked here arrives in the next feed as taken elsewhere.

The feed comes through the real `kiosk sync` from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json

from kiosk.core.appointments import ConflictKind
from kiosk.store import Store
from kiosk.store.bookings import current_conflicts, reserve
from tests.appointments.plan import FRIDAY, open_office, pension, plan_document


def serve(feed_server, document) -> str:
    feed_server.clear()
    body = json.dumps(document, ensure_ascii=False).encode()
    feed_server.expect_request("/feed.json").respond_with_data(body, content_type="application/json")
    return feed_server.url_for("/feed.json")


def test_the_kiosks_own_booking_in_the_feed_is_no_conflict_a_phone_booking_on_top_is(rig, feed_server):
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        open_office(store)
        mine = reserve(store, pension(9), "de").booking
    # The city has the kiosk's booking and lists it as taken, with its code: counted once.
    own = {"date": FRIDAY.isoformat(), "start": "09:00", "code": mine.code}
    rig.configure(
        feed_url=serve(feed_server, plan_document(taken=[own], generated_at="2026-11-26T02:10:00+01:00"))
    )
    assert rig.sync().exit_code == 0
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        assert current_conflicts(store) == []
    # Then the agency books two more people into the same 9:00 slot by phone (capacity 2).
    phone = {"date": FRIDAY.isoformat(), "start": "09:00", "count": 2}
    rig.configure(
        feed_url=serve(
            feed_server, plan_document(taken=[own, phone], generated_at="2026-11-26T02:20:00+01:00")
        )
    )
    assert rig.sync().exit_code == 0
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        (conflict,) = current_conflicts(store)
    assert conflict.kind == ConflictKind.OVERBOOKED and conflict.booking.code == mine.code
    assert (conflict.here, conflict.elsewhere, conflict.capacity) == (1, 2, 2)


def test_a_booking_whose_session_the_new_feed_moves_is_a_conflict(rig, feed_server):
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        open_office(store)
        mine = reserve(store, pension(9, 30), "de").booking
    document = plan_document(generated_at="2026-11-26T02:10:00+01:00")
    entry = next(s for s in document["offices"][0]["sessions"] if s["id"] == "rente-einmal")
    entry["start"] = "13:00"  # the agency comes in the afternoon instead
    entry["end"] = "15:00"
    entry["appointments"]["kiosk"] = ["13:00"]
    rig.configure(feed_url=serve(feed_server, document))
    assert rig.sync().exit_code == 0
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        (conflict,) = current_conflicts(store)
    assert conflict.kind == ConflictKind.SESSION_GONE and conflict.booking.code == mine.code
