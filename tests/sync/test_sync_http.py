"""The real `kiosk sync` against real HTTP servers on 127.0.0.1: every way a download can go wrong.

Each failure case first loads a good plan (version "1"), then meets the
fault. Whatever the fault, the plan in use stays version "1", no
schedule_replaced event is written, the exit code names the kind of
failure, and `kiosk sync --status` explains it in one line.
"""

from __future__ import annotations

import gzip
import json
from datetime import timedelta

import pytest
from werkzeug import Response

from kiosk.store import Store
from kiosk.store.schedule import current_view
from kiosk.sync import signing
from kiosk.sync.errors import EXIT_REFUSED, EXIT_UNAVAILABLE
from tests.conftest import THURSDAY, berlin
from tests.sync.feeds import changed, feed_bytes, feed_document
from tests.sync.rawhttp import ScriptedServer, refused_url, response, trickle

GOOD = feed_bytes(version="1")
NEWER = feed_bytes(version="2", generated_at="2026-11-26T03:00:00+01:00")
STATUS_KEYS = {"last_attempt", "last_success", "last_error", "feed_version", "feed_generated_at"}


@pytest.fixture(scope="module")
def city_key():
    return signing.generate_key()


def serve(server, body=GOOD, path="/feed.json", **kwargs):
    server.expect_request(path).respond_with_data(body, content_type="application/json", **kwargs)


def load_first_plan(rig, server, key=None):
    """The plan in use before each fault: version 1, from a good download."""
    serve(server)
    settings = {"feed_url": server.url_for("/feed.json")}
    if key is not None:
        serve(server, signing.sign(key, GOOD).encode(), path="/feed.json.sig")
        settings["public_key"] = signing.public_key_text(key)
    result = rig.sync(**settings)
    assert result.exit_code == 0, result.output
    assert rig.status()["feed_version"] == "1" and rig.replaced() == 1
    server.clear()
    return settings


def assert_previous_plan_kept(rig, exit_code, result, reason):
    assert result.exit_code == exit_code, result.output
    status = rig.status()
    assert set(status) == STATUS_KEYS
    assert reason in status["last_error"] and status["feed_version"] == "1"
    assert status["last_success"] is not None and status["last_success"] <= status["last_attempt"]
    assert rig.replaced() == 1
    assert rig.status("schedule")["version"] == "1"
    with Store(rig.folder / "kiosk.db", rig.clock) as store:
        view = current_view(store, berlin(THURSDAY, 10))
        assert [o.service_id for o in view.on_now] == ["jobcenter", "schulden"]
    shown = rig.run("sync", "--status").output.splitlines()
    error_lines = [line for line in shown if line.startswith("Letzter Fehler:")]
    assert error_lines == [f"Letzter Fehler:    {status['last_error']}"]
    assert "Der bisherige Plan bleibt in Gebrauch" in rig.run("sync", "--status").output


def test_a_good_feed_is_loaded_and_recorded(rig, feed_server):
    serve(feed_server)
    rig.clock.set(berlin(THURSDAY, 3))
    result = rig.sync(feed_url=feed_server.url_for("/feed.json"))
    assert result.exit_code == 0 and "Neuer Plan geladen: Version 1, 3 Dienste" in result.output
    status = rig.status()
    assert status == {
        "last_attempt": status["last_success"],
        "last_success": berlin(THURSDAY, 3).isoformat(timespec="microseconds"),
        "last_error": None,
        "feed_version": "1",
        "feed_generated_at": "2026-11-26T02:00:00+01:00",
    }
    assert rig.replaced() == 1
    request = feed_server.log[0][0]
    assert "gzip" in request.headers["Accept-Encoding"]
    accept = request.headers["Accept"]
    assert accept.startswith("application/vnd.quartierskiosk.feed+json;version=2,")  # slots (issue 9)
    assert "application/vnd.quartierskiosk.feed+json;version=1;q=0.95" in accept  # and the old format
    assert request.headers["User-Agent"].startswith("quartierskiosk/")
    lines = rig.run("sync", "--status").output
    assert (
        "Letzter Fehler:    keiner" in lines
        and "Plan in Gebrauch:  Version 1, Stand 26.11.2026 02:00" in lines
    )


def test_an_unchanged_feed_costs_no_body_and_no_reload(rig, feed_server):
    feed_server.expect_request("/feed.json").respond_with_data(
        GOOD,
        content_type="application/json",
        headers={"ETag": '"v1"', "Last-Modified": "Thu, 26 Nov 2026 01:00:00 GMT"},
    )
    settings = {"feed_url": feed_server.url_for("/feed.json")}
    assert rig.sync(**settings).exit_code == 0
    feed_server.clear()
    feed_server.expect_request(
        "/feed.json", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Thu, 26 Nov 2026 01:00:00 GMT"}
    ).respond_with_data(b"", status=304, headers={"ETag": '"v1"'})
    rig.clock.advance(days=1)
    result = rig.sync()
    assert result.exit_code == 0 and "Plan unverändert (Version 1)" in result.output
    assert len(feed_server.log) == 1 and feed_server.log[0][1].status_code == 304
    assert rig.replaced() == 1
    assert rig.status()["last_success"] == rig.status()["last_attempt"] > rig.status()["feed_generated_at"]


def test_the_same_bytes_without_etag_do_not_reload_either(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    serve(feed_server)
    assert "unverändert" in rig.sync(**settings).output and rig.replaced() == 1


def test_an_unchanged_feed_is_unrolled_afresh_after_a_week(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    serve(feed_server)
    rig.clock.advance(days=8)
    assert "Neuer Plan geladen" in rig.sync(**settings).output and rig.replaced() == 2


def test_a_newer_feed_replaces_the_plan(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    serve(feed_server, NEWER)
    result = rig.sync(**settings)
    assert result.exit_code == 0 and "Version 2" in result.output
    assert rig.status()["feed_version"] == "2" and rig.replaced() == 2


def test_a_gzipped_feed_is_unpacked_and_its_signature_checked_on_the_plain_bytes(rig, feed_server, city_key):
    feed_server.expect_request("/feed.json").respond_with_data(
        gzip.compress(GOOD), content_type="application/json", headers={"Content-Encoding": "gzip"}
    )
    serve(feed_server, signing.sign(city_key, GOOD).encode(), path="/feed.json.sig")
    result = rig.sync(
        feed_url=feed_server.url_for("/feed.json"), public_key=signing.public_key_text(city_key)
    )
    assert result.exit_code == 0, result.output
    assert rig.status()["feed_version"] == "1"


def test_404_is_refused(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_request("/feed.json").respond_with_data("not here", status=404)
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "liefert unter /feed.json keinen Plan (HTTP 404)")


def test_500_is_retried_then_reported_as_unavailable(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_request("/feed.json").respond_with_data("oops", status=500)
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_UNAVAILABLE, result, "meldet einen vorübergehenden Fehler (HTTP 500)")
    assert len(feed_server.log) == 2  # one retry, as configured


def test_a_503_then_200_succeeds_within_one_run(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_ordered_request("/feed.json").respond_with_data(
        "busy", status=503, headers={"Retry-After": "0"}
    )
    feed_server.expect_ordered_request("/feed.json").respond_with_data(NEWER, content_type="application/json")
    assert rig.sync(**settings).exit_code == 0 and rig.status()["feed_version"] == "2"


def test_a_slow_server_runs_into_the_read_timeout(rig, feed_server):
    settings = load_first_plan(rig, feed_server)

    def slow(_request):
        import time

        time.sleep(1.2)
        return Response(GOOD, content_type="application/json")

    feed_server.expect_request("/feed.json").respond_with_handler(slow)
    result = rig.sync(**settings)
    assert_previous_plan_kept(
        rig, EXIT_UNAVAILABLE, result, "hat nicht rechtzeitig geantwortet (Zeitlimit 0.5 s)"
    )


def test_a_body_trickling_in_is_stopped_at_the_total_deadline(rig, feed_server):
    load_first_plan(rig, feed_server)
    head = response("200 OK", b"", {"Content-Type": "application/json"}, length=len(GOOD))
    with ScriptedServer(trickle(head, GOOD, every=0.05, limit=4)) as server:
        result = rig.sync(feed_url=server.url, total_timeout=1.0)
    assert_previous_plan_kept(
        rig, EXIT_UNAVAILABLE, result, "kam zu langsam an und wurde nach 1 s abgebrochen"
    )


def test_a_refused_connection_is_reported(rig, feed_server):
    load_first_plan(rig, feed_server)
    result = rig.sync(feed_url=refused_url())
    assert_previous_plan_kept(rig, EXIT_UNAVAILABLE, result, "ist nicht erreichbar (Verbindung abgelehnt)")


def test_a_body_cut_off_halfway_is_not_used(rig, feed_server):
    load_first_plan(rig, feed_server)
    half = response(
        "200 OK", NEWER[: len(NEWER) // 2], {"Content-Type": "application/json"}, length=len(NEWER)
    )
    with ScriptedServer(half) as server:
        result = rig.sync(feed_url=server.url)
    assert_previous_plan_kept(rig, EXIT_UNAVAILABLE, result, "kam nur unvollständig an")


def test_a_redirect_is_followed_but_not_forever(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_request("/feed.json").respond_with_data(
        "", status=301, headers={"Location": "/new.json"}
    )
    feed_server.expect_request("/new.json").respond_with_data(NEWER, content_type="application/json")
    assert rig.sync(**settings).exit_code == 0 and rig.status()["feed_version"] == "2"
    feed_server.clear()
    feed_server.expect_request("/feed.json").respond_with_data(
        "", status=302, headers={"Location": "/feed.json"}
    )
    result = rig.sync(**settings)
    assert result.exit_code == EXIT_REFUSED and "leitet mehr als 5-mal weiter" in rig.status()["last_error"]
    assert rig.status()["feed_version"] == "2"


def test_invalid_json_is_refused(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    serve(feed_server, NEWER[:-40])
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "ist keine lesbare Datei im Format JSON")


def test_a_schema_violation_is_refused_with_its_place(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    bad = changed(feed_document(version="2"), ["offices", 0, "sessions", 0, "start"], "9 Uhr")
    serve(feed_server, feed_bytes(bad))
    result = rig.sync(**settings)
    assert_previous_plan_kept(
        rig, EXIT_REFUSED, result, "Büro test-office › Termin jobcenter-do › start: „9 Uhr“ ist keine Uhrzeit"
    )


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_an_oversized_body_is_refused(rig, feed_server, declared):
    settings = load_first_plan(rig, feed_server)
    padded = json.dumps({**feed_document(version="2"), "publisher": "x" * 190}).encode() + b" " * 5000
    if declared:
        serve(feed_server, padded)
    else:
        feed_server.expect_request("/feed.json").respond_with_response(
            Response(
                iter([padded[i : i + 1000] for i in range(0, len(padded), 1000)]),
                content_type="application/json",
            )
        )
    result = rig.sync(**settings, max_bytes=4096)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "größer als die erlaubten 4096 Bytes")


def test_a_gzip_bomb_stops_at_the_size_cap(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    bomb = gzip.compress(b"{" + b" " * 20_000_000)
    assert len(bomb) < 100_000
    feed_server.expect_request("/feed.json").respond_with_data(
        bomb, content_type="application/json", headers={"Content-Encoding": "gzip"}
    )
    result = rig.sync(**settings, max_bytes=1_000_000)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "größer als die erlaubten 1000000 Bytes")


def test_a_wrong_signature_is_refused(rig, feed_server, city_key):
    settings = load_first_plan(rig, feed_server, city_key)
    serve(feed_server, NEWER)
    serve(feed_server, signing.sign(city_key, GOOD).encode(), path="/feed.json.sig")  # the old feed's
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "Signatur des Plans passt nicht")


def test_a_feed_signed_by_someone_else_is_refused(rig, feed_server, city_key):
    settings = load_first_plan(rig, feed_server, city_key)
    serve(feed_server, NEWER)
    serve(feed_server, signing.sign(signing.generate_key(), NEWER).encode(), path="/feed.json.sig")
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "Signatur des Plans passt nicht")


@pytest.mark.parametrize(
    ("signature", "status", "reason"),
    [
        (b"missing", 404, "nicht signiert (keine Signatur unter http"),
        (b"", 200, "nicht signiert (die Signaturdatei ist leer)"),
        (b"<html>not base64</html>", 200, "nicht signiert (die Signaturdatei enthält kein Base64)"),
    ],
)
def test_an_unsigned_feed_is_refused_when_a_key_is_set(rig, feed_server, city_key, signature, status, reason):
    settings = load_first_plan(rig, feed_server, city_key)
    serve(feed_server, NEWER)
    feed_server.expect_request("/feed.json.sig").respond_with_data(signature, status=status)
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, reason)


def test_an_older_feed_is_refused_even_when_correctly_signed(rig, feed_server, city_key):
    settings = load_first_plan(rig, feed_server, city_key)
    older = feed_bytes(version="0", generated_at="2026-11-25T02:00:00+01:00")
    serve(feed_server, older)
    serve(feed_server, signing.sign(city_key, older).encode(), path="/feed.json.sig")
    result = rig.sync(**settings)
    assert_previous_plan_kept(
        rig,
        EXIT_REFUSED,
        result,
        "Der Plan vom 25.11.2026 02:00 ist älter als der verwendete vom 26.11.2026 02:00",
    )
    forced = rig.sync("--accept-older")
    assert forced.exit_code == 0 and rig.status()["feed_version"] == "0"


def test_an_html_page_claiming_to_be_json_is_named_as_such(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    serve(feed_server, b"<!DOCTYPE html><html><body>Bitte im WLAN anmelden</body></html>")
    result = rig.sync(**settings)
    assert_previous_plan_kept(
        rig, EXIT_REFUSED, result, "liegt kein Plan, sondern eine HTML-Seite (Content-Type: application/json)"
    )


def test_a_content_encoding_that_lies_is_refused(rig, feed_server):
    load_first_plan(rig, feed_server)
    lie = response("200 OK", NEWER, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    with ScriptedServer(lie) as server:
        result = rig.sync(feed_url=server.url)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "ließ sich nicht entpacken")


def test_a_feed_labelled_as_text_is_read_by_its_content(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_request("/feed.json").respond_with_data(
        NEWER, content_type="text/plain; charset=latin-1"
    )
    assert rig.sync(**settings).exit_code == 0 and rig.status()["feed_version"] == "2"


def test_a_recovery_clears_the_error(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_request("/feed.json").respond_with_data("oops", status=500)
    assert rig.sync(**settings).exit_code == EXIT_UNAVAILABLE
    first_success = rig.status()["last_success"]
    feed_server.clear()
    serve(feed_server, NEWER)
    rig.clock.advance(hours=1)
    assert rig.sync().exit_code == 0
    status = rig.status()
    assert status["last_error"] is None and status["last_success"] > first_success


def test_without_feed_url_nothing_is_configured(rig):
    rig.configure()
    result = rig.sync()
    assert result.exit_code == 6 and "Kein Plan-Server eingerichtet" in result.output


def test_status_before_any_sync(rig):
    rig.configure()
    output = rig.run("sync", "--status").output
    assert "Letzter Erfolg:    noch nie" in output and "Plan in Gebrauch:  keiner geladen" in output


def test_the_plan_keeps_its_age_visible(rig, feed_server):
    settings = load_first_plan(rig, feed_server)
    feed_server.expect_request("/feed.json").respond_with_data("oops", status=503)
    rig.clock.advance(days=3)
    rig.sync(**settings)
    output = rig.run("sync", "--status").output
    assert "geladen 26.11.2026 03:00 (vor 3 Tagen)" in output
    assert "Letzter Erfolg:    26.11.2026 03:00 (vor 3 Tagen)" in output


def test_a_plan_is_never_half_written(rig, feed_server):
    """A feed whose last session is broken changes nothing, although everything before it was fine."""
    settings = load_first_plan(rig, feed_server)
    document = feed_document(version="2")
    document["offices"][0]["sessions"].append(
        {
            "service": "rente",
            "date": (THURSDAY + timedelta(days=2)).isoformat(),
            "start": "12:00",
            "end": "11:00",
        }
    )
    serve(feed_server, feed_bytes(document))
    result = rig.sync(**settings)
    assert_previous_plan_kept(rig, EXIT_REFUSED, result, "endet (11:00) nicht nach dem Beginn (12:00)")
    assert rig.query("SELECT count(*) FROM sessions WHERE service_id = 'rente'")[0][0] == 1
