"""The web part's pieces: throttle, speech choice, charts, sync button, logs, start-up."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from datetime import timedelta

import httpx
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.core.model import Call
from kiosk.core.stats import day_counts
from kiosk.core.timekeeping import FixedClock
from kiosk.store import queue as ops
from kiosk.store import staff
from kiosk.sync.runner import SyncRunner, sync_command
from kiosk.web.auth import verify_secret
from kiosk.web.charts import arrivals_chart, waits_chart
from kiosk.web.server import ServerDidNotStart, serve_in_thread
from kiosk.web.speech import Speaker, announcement_languages, sentence, spoken_code
from kiosk.web.throttle import SignInThrottle
from tests.conftest import THURSDAY, berlin
from tests.web.conftest import make_config


def test_throttle_doubles_the_pause_and_forgets_on_success(clock):
    throttle = SignInThrottle(clock, attempts=3, pause=timedelta(seconds=10))
    assert [throttle.failed("a") for _ in range(3)] == [0, 0, 10]
    assert throttle.retry_after("a") == 10 and throttle.retry_after("b") == 0
    clock.advance(seconds=10)
    assert throttle.retry_after("a") == 0
    assert throttle.failed("a") == 20
    assert max(throttle.failed("a") for _ in range(30)) == 15 * 60  # capped
    throttle.succeeded("a")
    assert throttle.retry_after("a") == 0 and throttle.failed("a") == 0


def _call(language: str, room: str = "3") -> Call:
    return Call(1, "S-007", "schulden", 2, "Platz 2", room, berlin(THURSDAY, 10), language=language)


def test_announcements_speak_german_and_a_translated_language_with_a_voice():
    voices = {"de", "ar", "tr"}
    untranslated = announcement_languages(_call("ar"), voices, lambda lang: lambda text: text)
    assert untranslated == ["de"]  # no sentence in the catalog: no German sentence in an Arabic voice
    assert announcement_languages(_call("ar"), voices) == ["de", "ar"]  # the Arabic catalog has it

    def with_arabic(language: str):
        return (lambda text: "الرقم {code}، الغرفة {room}.") if language == "ar" else (lambda text: text)

    assert announcement_languages(_call("ar"), voices, with_arabic) == ["de", "ar"]
    assert announcement_languages(_call("uk"), voices, lambda lang: lambda t: t + "!") == ["de"]  # no voice
    assert announcement_languages(_call("ar"), set(), with_arabic) == []  # no espeak-ng at all
    assert spoken_code("S-007") == "S 7" and spoken_code("X") == "X"
    assert sentence(_call("de"), str) == "Nummer S 7, bitte in Raum 3."
    assert sentence(_call("de", room=""), str) == "Nummer S 7, bitte zu Platz 2."


def test_speaker_without_espeak_says_so(tmp_path):
    from kiosk.web.speech import SpeechUnavailable

    speaker = Speaker(tmp_path, program="")
    assert speaker.voices() == set()
    with pytest.raises(SpeechUnavailable):
        speaker.audio("Nummer S 7", "de")


def test_charts_are_valid_svg_with_the_numbers(store, clock):
    for hour in (10, 10, 11):
        clock.set(berlin(THURSDAY, hour, 30))
        ops.issue_ticket(store, "schulden")
    ops.call_next(store, 2)
    counts = day_counts(THURSDAY, ops.tickets_of_day(store, THURSDAY))
    arrivals = ET.fromstring(arrivals_chart(counts))
    titles = [t.text for t in arrivals.iter("{http://www.w3.org/2000/svg}title")]
    assert "10:00: 2" in titles and "11:00: 1" in titles
    waits = ET.fromstring(waits_chart(counts, {"schulden": "Schuldner<beratung>"}))
    texts = [t.text for t in waits.iter("{http://www.w3.org/2000/svg}text")]
    assert "Schuldner<beratung>" in texts  # escaped in the markup, read back intact
    empty = ET.fromstring(waits_chart(day_counts(THURSDAY, []), {}))
    assert "noch keine Daten" in [t.text for t in empty.iter("{http://www.w3.org/2000/svg}text")]


def _runner(code: str, clock) -> SyncRunner:
    return SyncRunner([sys.executable, "-c", code], clock, timeout=20)


def test_sync_button_reports_a_missing_command(clock, tmp_path):
    config = make_config(tmp_path)
    assert sync_command(config.source) == [
        sys.executable,
        "-m",
        "kiosk",
        "--config",
        str(tmp_path / "kiosk.toml"),
        "sync",
    ]
    assert sync_command("(built-in defaults)") == [sys.executable, "-m", "kiosk", "sync"]
    # The real kiosk CLI with a command it does not have, as an old build without `kiosk sync`.
    runner = SyncRunner([sys.executable, "-m", "kiosk", "no-such-sync"], clock, timeout=60)
    job, started = runner.start()
    assert started and job.state == "running"
    done = runner.wait(60)
    assert (done.state, done.exit_code) == ("missing", 2)
    assert "nicht vorhanden" in done.message


def test_sync_button_reports_failure_and_ignores_presses_while_running(clock):
    runner = _runner(
        "import sys, time; time.sleep(0.5); "
        "print('kiosk: Server nicht erreichbar.', file=sys.stderr); sys.exit(1)",
        clock,
    )
    first, started = runner.start()
    second, started_again = runner.start()
    assert started and not started_again and second == first
    done = runner.wait(20)
    assert (done.state, done.exit_code) == ("failed", 1)
    assert done.message == "Abgleich fehlgeschlagen (Code 1): Server nicht erreichbar."
    assert _runner("pass", clock).start()[0].state == "running"
    ok = _runner("pass", clock)
    ok.start()
    assert ok.wait(20).state == "succeeded"


def test_sync_endpoint_runs_the_command_once(store, accounts, clock, tmp_path):
    config = make_config(tmp_path)
    argv = [sys.executable, "-c", "import time; time.sleep(0.4)"]
    with serve_in_thread(config, clock, sync_argv=argv) as server, httpx.Client(base_url=server.url) as http:
        csrf = http.post("/api/staff/session", json={"account": "anna", "secret": "1234", "desk": 1}).json()
        headers = {"X-CSRF-Token": csrf["csrf_token"]}
        first = http.post("/api/staff/sync", headers=headers)
        second = http.post("/api/staff/sync", headers=headers)
        assert first.status_code == second.status_code == 202
        assert first.json()["started_now"] and not second.json()["started_now"]
        deadline = time.monotonic() + 20
        while http.get("/api/staff/sync").json()["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
        final = http.get("/api/staff/sync").json()
        assert final["state"] == "succeeded" and final["exit_code"] == 0


def test_logs_hold_codes_and_desks_but_no_tokens_or_names(store, client, sign_in, caplog):
    caplog.set_level(logging.DEBUG, logger="kiosk")
    ticket = ops.issue_ticket(store, "jobcenter").ticket
    client.post("/api/staff/session", json={"account": "anna", "secret": "falsch", "desk": 1})
    desk = sign_in(desk=1)
    desk.post("/api/staff/call-next")
    client.get(f"/t/{ticket.token}")
    client.get(f"/api/t/{ticket.token}")
    client.get("/api/t/no-such-token-here")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "desk 1 called J-001" in logged and "GET /t/{token} 200" in logged
    for secret in (ticket.token, "anna", "falsch", "1234", "no-such-token-here"):
        assert secret not in logged


def test_server_refuses_an_address_that_is_taken(config, clock):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ServerDidNotStart, match=r"127\.0\.0\.1"):
            serve_in_thread(config, clock, port=taken.getsockname()[1])


def test_staff_commands_store_only_a_hash(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\ndata_dir = "{tmp_path}"\n[[desks]]\nid = 2\n', encoding="utf-8")
    clock = FixedClock(berlin(THURSDAY, 10))

    def kiosk(*args: str, stdin: str | None = None, expect: int = 0):
        result = CliRunner().invoke(main, ["--config", str(config), *args], input=stdin, obj=clock)
        assert result.exit_code == expect, result.output
        return result.output

    assert "angelegt für Platz 2" in kiosk("staff", "add", "platz-2", "--desk", "2", stdin="4711\n4711\n")
    assert "mindestens 4 Zeichen" in kiosk("staff", "add", "anna", "--secret-stdin", stdin="12\n", expect=2)
    assert "gibt es schon" in kiosk("staff", "add", "platz-2", "--secret-stdin", stdin="9999\n", expect=1)
    assert "Den Platz 7 gibt es nicht" in kiosk(
        "staff", "add", "x", "--desk", "7", "--secret-stdin", stdin="9999\n", expect=1
    )
    assert "platz-2" in kiosk("staff", "list")
    from kiosk.store import Store

    with Store(tmp_path / "kiosk.db", clock) as store:
        stored = staff.get_account(store, "platz-2")
    assert stored.secret_hash.startswith("$argon2id$") and "4711" not in stored.secret_hash
    assert verify_secret(stored.secret_hash, "4711") and not verify_secret(stored.secret_hash, "4712")
    kiosk("staff", "passwd", "platz-2", "--secret-stdin", stdin="1111\n")
    assert "gelöscht" in kiosk("staff", "remove", "platz-2")
    assert "Keine Anmeldungen" in kiosk("staff", "list")


def test_kiosk_serve_runs_until_terminated_and_ends_streams_cleanly(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[storage]\ndata_dir = "{tmp_path}"\n[web]\nbind = "127.0.0.1"\nport = {port}\nspeech = false\n',
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    ended: list[str] = []

    def watch_display() -> None:
        try:
            with httpx.stream("GET", f"http://127.0.0.1:{port}/api/display/stream", timeout=30) as stream:
                for _line in stream.iter_lines():
                    pass
            ended.append("clean")
        except httpx.HTTPError as error:
            ended.append(type(error).__name__)

    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("kiosk serve did not answer")
        watcher = threading.Thread(target=watch_display)
        watcher.start()
        time.sleep(0.3)  # the display is connected
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=20)
    watcher.join(10)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so systemd sees the usual end.
    assert process.returncode in (0, -signal.SIGTERM), err
    assert b"Traceback" not in err
    assert ended == ["clean"]  # the display's stream was ended by the server, not cut off


def test_speech_cache_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr("kiosk.web.speech.MAX_CACHED", 5)
    speaker = Speaker(tmp_path)
    first = speaker.audio("Nummer A 1, bitte in Raum 1.", "de")
    for n in range(2, 8):
        speaker.audio(f"Nummer A {n}, bitte in Raum 1.", "de")
    assert len(list(tmp_path.glob("*.wav"))) <= 5
    assert not first.exists()  # the oldest went first
    assert not list(tmp_path.glob("*.part"))
