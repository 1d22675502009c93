"""A plan edited through the API reaches a real kiosk's "today" view through enrolment and `kiosk sync`."""

from __future__ import annotations

import gzip
import tomllib

import httpx

from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from kiosk.store.schedule import current_view
from kiosk.sync import signing
from tests.central.conftest import enrol, seed_plan
from tests.conftest import THURSDAY, berlin


def today_on_kiosk(kiosk, clock: FixedClock):
    with Store(kiosk.folder / "kiosk.db", clock) as store:
        return current_view(store, clock.now())


def test_a_plan_edited_through_the_api_reaches_the_kiosks_today_view(central, planner, make_kiosk, clock):
    seed_plan(planner)
    kiosk = make_kiosk()
    output = enrol(planner, kiosk, central.url).output
    assert "Angemeldet für Büro nordstadt" in output

    written = kiosk.config.read_text(encoding="utf-8")
    assert "# Quartierskiosk Nordstadt — edited by hand" in written  # tomlkit kept the admin's comments
    assert "# short timeouts" in written
    settings = tomllib.loads(written)
    assert settings["office"]["id"] == "nordstadt"
    assert settings["sync"]["feed_url"] == f"{central.url}/feeds/nordstadt.json"
    assert settings["sync"]["public_key"] == central.ctx.publisher.public_key
    assert settings["web"]["relay"]["url"].endswith("/api/relay/v1/offices/nordstadt/queue")
    assert (kiosk.config.stat().st_mode & 0o777) == 0o600  # it holds the token

    result = kiosk.run("sync")
    assert result.exit_code == 0, result.output
    assert "Neuer Plan geladen" in result.output
    view = today_on_kiosk(kiosk, clock)
    assert [o.service_id for o in view.on_now] == ["jobcenter"]  # Thursday 10:00, room 1
    assert view.on_now[0].session.room == "1"
    assert [o.service_id for o in view.not_today] == ["schulden"]

    # Unchanged plan: the kiosk's ETag makes it a 304.
    again = kiosk.run("sync")
    assert again.exit_code == 0 and "Plan unverändert" in again.output

    # The planner cancels today's job centre and adds debt counselling this afternoon.
    sessions = planner.ok("GET", "/api/v1/offices/nordstadt/sessions")
    thursday = next(s for s in sessions if s["service_id"] == "jobcenter")
    planner.ok("POST", f"/api/v1/sessions/{thursday['id']}/cancel", {"date": "2026-11-26"})
    planner.ok(
        "POST",
        "/api/v1/offices/nordstadt/sessions",
        {"service_id": "schulden", "date": "2026-11-26", "start": "14:00", "end": "16:00", "room": "2"},
    )
    clock.advance(minutes=1)
    changed = kiosk.run("sync")
    assert changed.exit_code == 0 and "Neuer Plan geladen" in changed.output, changed.output
    view = today_on_kiosk(kiosk, clock)
    assert [o.service_id for o in view.later_today] == ["schulden"]
    assert view.on_now == []
    assert "jobcenter" in [o.service_id for o in view.not_today]


def test_the_feed_is_signed_gzipped_and_answers_304_for_its_etag(central, planner):
    seed_plan(planner)
    with httpx.Client(base_url=central.url) as http:
        plain = http.get("/feeds/nordstadt.json", headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200
        signature = http.get("/feeds/nordstadt.json.sig").content
        signing.verify(central.ctx.publisher.public_key, plain.content, signature)  # raises if wrong
        zipped = http.get("/feeds/nordstadt.json", headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.content == plain.content  # httpx undid the gzip: the same bytes were signed
        assert len(gzip.compress(plain.content)) < len(plain.content)
        etag = plain.headers["etag"]
        assert http.get("/feeds/nordstadt.json", headers={"If-None-Match": etag}).status_code == 304
        assert (
            http.get("/feeds/nordstadt.json", headers={"If-None-Match": zipped.headers["etag"]}).status_code
            == 304
        )
        modified = http.get(
            "/feeds/nordstadt.json", headers={"If-Modified-Since": plain.headers["last-modified"]}
        )
        assert modified.status_code == 304
        assert "Accept" in plain.headers["vary"]


def test_accept_negotiation_serves_version_2_and_refuses_a_kiosk_that_reads_only_version_3(central, planner):
    seed_plan(planner)
    with httpx.Client(base_url=central.url) as http:
        v2 = http.get(
            "/feeds/nordstadt.json", headers={"Accept": "application/vnd.quartierskiosk.feed+json;version=2"}
        )
        assert v2.status_code == 200
        assert v2.headers["content-type"].startswith("application/vnd.quartierskiosk.feed+json")
        assert v2.json()["format_version"] == 2
        v3 = http.get(
            "/feeds/nordstadt.json", headers={"Accept": "application/vnd.quartierskiosk.feed+json;version=3"}
        )
        assert v3.status_code == 406
        assert v3.json()["error"]["code"] == "feed_version_not_offered"
        assert http.get("/feeds/nordstadt.json", headers={"Accept": "text/html"}).status_code == 406


def test_an_office_without_sessions_has_no_feed_yet(central, planner):
    planner.ok("PUT", "/api/v1/offices/leer", {"name": "Leeres Büro"})
    with httpx.Client(base_url=central.url) as http:
        answer = http.get("/feeds/leer.json")
        assert answer.status_code == 404
        assert "noch kein Plan" in answer.json()["error"]["message"]
        assert http.get("/feeds/gibtsnicht.json").status_code == 404


def test_a_kiosk_with_the_wrong_public_key_refuses_the_feed_and_keeps_its_plan(central, planner, make_kiosk):
    seed_plan(planner)
    kiosk = make_kiosk()
    enrol(planner, kiosk, central.url)
    assert kiosk.run("sync").exit_code == 0
    other = signing.public_key_text(signing.generate_key())
    text = kiosk.config.read_text(encoding="utf-8").replace(central.ctx.publisher.public_key, other)
    kiosk.config.write_text(text, encoding="utf-8")
    planner.ok(
        "PUT", "/api/v1/offices/nordstadt", {"name": "Quartiersbüro Nordstadt (neu)", "phone_relay": True}
    )
    result = kiosk.run("sync")
    assert result.exit_code == 4, result.output
    assert "Signatur" in result.output
    status = kiosk.run("sync", "--status")
    assert "Signatur" in status.output
    names = kiosk.query("SELECT name FROM office")
    assert names == [("Quartiersbüro Nordstadt",)]  # the previous plan stays
    assert berlin(THURSDAY, 10)  # the shared clock did not move
