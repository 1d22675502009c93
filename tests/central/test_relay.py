"""The phone relay: a real kiosk's relay publisher feeds the city's server; phones follow one ticket."""

from __future__ import annotations

import json
import tomllib

import httpx

from kiosk.config import load_config
from kiosk.i18n import translator
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.web import views
from kiosk.web.app import build_context
from kiosk.web.relay import RelayPublisher
from tests.central.conftest import central_config, enrol, seed_plan
from tests.conftest import DESKS

PHONE_KEYS = {"code", "service", "state", "ahead", "wait", "room", "headline", "detail", "stale"}


def relaying_kiosk(central, planner, make_kiosk, clock):
    seed_plan(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    return (kiosk, *relay_tickets(kiosk, clock))


def relay_tickets(kiosk, clock):
    """Three visitors waiting for the job centre, and the kiosk's own relay publisher."""
    store = Store(kiosk.folder / "kiosk.db", clock)
    register_desks(store, DESKS)
    set_desk_services(store, 1, ["jobcenter"])
    tickets = [ops.issue_ticket(store, "jobcenter", lang).ticket for lang in ("de", "tr", "uk")]
    config = load_config(kiosk.config)
    assert config.web.relay.url
    return store, tickets, RelayPublisher(build_context(config, clock))


def events(lines):
    """(event, data) pairs from an SSE line iterator."""
    name = None
    for line in lines:
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: ") and name:
            yield name, json.loads(line[6:])
            name = None


def test_a_phone_follows_its_ticket_through_the_citys_server(central, planner, make_kiosk, clock):
    _kiosk, store, tickets, publisher = relaying_kiosk(central, planner, make_kiosk, clock)
    assert publisher.publish_once()
    second = tickets[1]
    with httpx.Client(base_url=central.url, timeout=10) as http:
        view = http.get(f"/api/t/{second.token}").json()
        assert set(view) == PHONE_KEYS  # one ticket's view and nothing else
        assert (view["code"], view["state"], view["ahead"]) == (second.code, "waiting", 1)
        own = views.phone_view(store, second, translator("tr"))  # what the kiosk's own page says
        assert {k: view[k] for k in own} == own
        page = http.get(f"/t/{second.token}")
        assert page.status_code == 200 and second.code in page.text and "/static/phone.js" in page.text
        assert page.headers["referrer-policy"] == "no-referrer"
        assert http.get("/api/t/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
        assert http.get("/t/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404

        with http.stream("GET", f"/api/t/{second.token}/stream") as stream:
            seen = events(stream.iter_lines())
            assert next(seen)[1]["ahead"] == 1
            ops.call_next(store, 1)  # the first visitor is called
            assert publisher.publish_once()
            name, data = next(seen)
            assert (name, data["ahead"]) == ("ticket", 0)
            ops.finish(store, 1)
            ops.call_next(store, 1)  # now it is this ticket's turn
            assert publisher.publish_once()
            name, data = next(seen)
            assert data["state"] == "called" and data["room"] == "1"
            assert data["headline"] == translator("tr")("Jetzt bitte in Raum {room}.").format(room="1")


def test_older_snapshots_are_refused_and_a_silent_office_is_shown_as_such(
    central, planner, make_kiosk, clock
):
    kiosk, _store, tickets, publisher = relaying_kiosk(central, planner, make_kiosk, clock)
    assert publisher.publish_once()
    token = tomllib.loads(kiosk.config.read_text(encoding="utf-8"))["web"]["relay"]["token"]
    url = f"{central.url}/api/relay/v1/offices/nordstadt/queue"
    with httpx.Client() as http:
        current = http.get(f"{central.url}/api/t/{tickets[0].token}").json()
        old = {
            "format": 1,
            "office": "nordstadt",
            "sequence": 1,
            "generated_at": clock.now().isoformat(),
            "valid_until": clock.now().isoformat(),
            "day": "2026-11-26",
        }
        stale = http.put(url, json=old, headers={"Authorization": f"Bearer {token}"})
        assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_sequence"
        other = http.put(
            f"{central.url}/api/relay/v1/offices/suedstadt/queue",
            json=old,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert other.status_code == 403
        assert http.get(f"{central.url}/api/t/{tickets[0].token}").json() == current
        clock.advance(minutes=4)  # three missed heartbeats: the snapshot is past valid_until
        away = http.get(f"{central.url}/api/t/{tickets[0].token}").json()
        assert away["stale"] is True
        assert (
            away["detail"]
            == "Das Büro ist gerade nicht erreichbar. Die Anzeige ist vielleicht nicht aktuell."
        )
        clock.advance(days=1)  # yesterday's tickets are gone
        assert http.get(f"{central.url}/api/t/{tickets[0].token}").status_code == 404


def test_the_newest_snapshot_survives_a_restart(central, planner, make_kiosk, clock, central_dir):
    _kiosk, _store, tickets, publisher = relaying_kiosk(central, planner, make_kiosk, clock)
    assert publisher.publish_once()
    central.stop()
    from kiosk.central.server import serve_in_thread

    again = serve_in_thread(central_config(central_dir), clock, poll_calendars=False)
    try:
        with httpx.Client(base_url=again.url) as http:
            assert http.get(f"/api/t/{tickets[2].token}").json()["ahead"] == 2
    finally:
        again.stop()


def test_the_server_never_stores_a_token(central, planner, make_kiosk, clock):
    _kiosk, _store, tickets, publisher = relaying_kiosk(central, planner, make_kiosk, clock)
    assert publisher.publish_once()
    database = central.ctx.config.storage.database.read_bytes()
    wal = central.ctx.config.storage.database.with_name("central.db-wal")
    everything = database + (wal.read_bytes() if wal.exists() else b"")
    for ticket in tickets:
        assert ticket.token.encode() not in everything
