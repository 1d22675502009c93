"""Live updates over Server-Sent Events, and the phone ticket page."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from kiosk.store import queue as ops
from kiosk.store.desks import set_desk_services


class Events:
    """Reads an SSE stream on a thread and keeps (event, data) pairs."""

    def __init__(self, url: str, client: httpx.Client | None = None) -> None:
        self.items: list[tuple[str, object]] = []
        self._stop = False
        self._client = client or httpx.Client(timeout=httpx.Timeout(10, read=30))
        self._thread = threading.Thread(target=self._read, args=(url,), daemon=True)
        self._thread.start()

    def _read(self, url: str) -> None:
        try:
            with self._client.stream("GET", url) as response:
                event = ""
                for line in response.iter_lines():
                    if self._stop:
                        return
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        self.items.append((event, json.loads(line[5:])))
        except httpx.HTTPError:
            return  # closed by the test or the server

    def wait_for(self, check, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event, data in list(self.items):
                if check(event, data):
                    return data
            time.sleep(0.01)
        raise AssertionError(f"no matching event in {self.items[-3:]}")

    def close(self) -> None:
        self._stop = True
        self._client.close()


@pytest.fixture
def events(server) -> Iterator:
    opened: list[Events] = []

    def open_stream(path: str) -> Events:
        stream = Events(server.url + path)
        opened.append(stream)
        return stream

    yield open_stream
    for stream in opened:
        stream.close()


def test_display_stream_pushes_calls_made_anywhere(store, events, sign_in):
    ops.issue_ticket(store, "schulden")
    ops.issue_ticket(store, "jobcenter")
    display = events("/api/display/stream")
    display.wait_for(lambda e, d: e == "state" and d["current"] == [])
    sign_in(desk=2).post("/api/staff/call-next")  # through the web server
    display.wait_for(lambda e, d: e == "state" and [c["code"] for c in d["current"]] == ["S-001"])
    ops.call_next(store, 1)  # through another connection, as the CLI or touchscreen would
    shown = display.wait_for(lambda e, d: e == "state" and len(d["current"]) == 2)
    assert [c["code"] for c in shown["recent"]] == ["J-001", "S-001"]
    assert [o["service"] for o in shown["on_now"]] == ["jobcenter", "schulden"]


def test_streams_ping_when_nothing_happens(server, events, monkeypatch):
    monkeypatch.setattr("kiosk.web.live.PING_SECONDS", 0.2)
    display = events("/api/display/stream")
    assert "now" in display.wait_for(lambda e, d: e == "ping")


def test_staff_stream_needs_a_session_and_reports_changes(store, events, sign_in, server):
    assert httpx.get(server.url + "/api/staff/stream").status_code == 401
    desk = sign_in(desk=1)
    stream = Events(server.url + "/api/staff/stream", desk.http)  # with the desk's cookie
    first = stream.wait_for(lambda e, d: e == "changed")["version"]
    ops.issue_ticket(store, "jobcenter")
    stream.wait_for(lambda e, d: e == "changed" and d["version"] > first)
    stream.close()


def test_phone_page_follows_one_ticket_and_nothing_else(store, client, events, sign_in):
    before = ops.issue_ticket(store, "schulden").ticket
    mine = ops.issue_ticket(store, "schulden", "ar").ticket
    view = client.get(f"/api/t/{mine.token}").json()
    assert view["code"] == mine.code and view["state"] == "waiting" and view["ahead"] == 1
    assert view["wait"]["low"] is not None and view["detail"].startswith("عدد المنتظرين قبلك: 1 · ")
    assert "مدة الانتظار: 10–20" in view["detail"]  # the ticket's language, every word of it
    text = json.dumps(view)
    assert before.code not in text and before.token not in text  # nothing about the other ticket

    phone = events(f"/api/t/{mine.token}/stream")
    phone.wait_for(lambda e, d: e == "ticket" and d["ahead"] == 1)
    desk = sign_in(desk=2)
    desk.post("/api/staff/call-next")
    phone.wait_for(lambda e, d: e == "ticket" and d["ahead"] == 0)
    desk.post("/api/staff/finish")
    desk.post("/api/staff/call-next")
    called = phone.wait_for(lambda e, d: e == "ticket" and d["state"] == "called")
    assert called["room"] == "2" and called["headline"] == "يرجى التوجه الآن إلى الغرفة 2."


def test_phone_page_html_is_in_the_tickets_language_and_direction(store, client):
    ticket = ops.issue_ticket(store, "jobcenter", "ar").ticket
    page = client.get(f"/t/{ticket.token}")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text and ticket.code in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and "no-store" in page.headers["cache-control"]
    german = ops.issue_ticket(store, "jobcenter", "de").ticket
    assert '<html lang="de" dir="ltr">' in client.get(f"/t/{german.token}").text


def test_the_display_page_speaks_an_offered_language_right_to_left(client):
    from kiosk.i18n import translator

    arabic = client.get("/display?lang=ar").text
    assert '<html lang="ar" dir="rtl">' in arabic
    assert translator("ar")("Letzte Aufrufe") in arabic and "Letzte Aufrufe" not in arabic
    assert "←" in arabic  # the call runs from the code on the right to the room on the left
    assert '<html lang="de" dir="ltr">' in client.get("/display?lang=xx").text  # unknown: German
    turkish = client.get("/display?lang=tr").text
    assert '<html lang="tr" dir="ltr">' in turkish and "Son çağrılar" in turkish


@pytest.mark.parametrize("config", [{"display_language": "uk"}], indirect=True)
def test_the_display_speaks_the_configured_language_unless_its_url_names_one(client):
    assert '<html lang="uk" dir="ltr">' in client.get("/display").text
    assert '<html lang="uk" dir="ltr">' in client.get("/display?lang=xx").text  # unknown: the configured
    assert '<html lang="fa" dir="rtl">' in client.get("/display?lang=fa").text


def test_an_unknown_display_language_is_a_config_error_naming_the_key(tmp_path):
    from kiosk.config import ConfigError
    from tests.web.conftest import make_config

    with pytest.raises(ConfigError, match=r"web\.display_language: .*unknown language 'xx'"):
        make_config(tmp_path, display_language="xx")


def test_the_phone_page_keeps_the_code_left_to_right(store, client):
    ticket = ops.issue_ticket(store, "jobcenter", "fa").ticket
    page = client.get(f"/t/{ticket.token}").text
    assert '<html lang="fa" dir="rtl">' in page
    assert f'<p class="code" id="code" dir="ltr">{ticket.code}</p>' in page


@pytest.mark.parametrize("token", ["unknown-token-123", "x" * 64])
def test_unknown_tokens_look_the_same(client, token):
    assert client.get(f"/api/t/{token}").status_code == 404
    assert client.get(f"/api/t/{token}").json()["error"]["code"] == "unknown_ticket"
    assert client.get(f"/api/t/{token}/stream").status_code == 404
    assert client.get(f"/t/{token}").status_code == 404


def test_yesterdays_ticket_is_gone(store, client, clock):
    ticket = ops.issue_ticket(store, "jobcenter").ticket
    clock.advance(days=1)
    set_desk_services(store, 1, ["jobcenter"])  # a write, so the store's clock moves on
    assert client.get(f"/api/t/{ticket.token}").status_code == 404


def test_spoken_announcement_is_a_wav_made_offline(store, client, sign_in):
    ops.issue_ticket(store, "jobcenter")
    call = sign_in(desk=1).post("/api/staff/call-next").json()
    audio = client.get(f"/api/display/audio/{call['event_id']}/de.wav")
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF" and len(audio.content) > 10_000
    again = client.get(f"/api/display/audio/{call['event_id']}/de.wav")
    assert again.content == audio.content  # served from the cache
    assert client.get(f"/api/display/audio/{call['event_id']}/ar.wav").status_code == 404  # no catalog yet
    assert client.get("/api/display/audio/1/de.wav").status_code == 404  # not a call


def test_display_page_and_console_page_are_served(client):
    display = client.get("/display")
    assert display.status_code == 200 and "/static/display.js" in display.text
    console = client.get("/staff")
    assert console.status_code == 200 and "Platz 3" in console.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/staff"
    script = client.get("/static/console.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "script-src 'self'" in console.headers["content-security-policy"]
