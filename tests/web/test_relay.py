"""Publishing the anonymous queue state to a (real, local) city server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request, Response

from kiosk.store import queue as ops
from kiosk.web.links import phone_url
from kiosk.web.relay import ticket_key
from kiosk.web.server import serve_in_thread
from tests.web.conftest import make_config


class CityServer:
    """A stand-in for the central server's relay endpoint: records what arrives."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.authorizations: list[str] = []
        self.answer = 204
        app = FastAPI()

        @app.put("/api/relay/v1/offices/{office}/queue")
        async def take(office: str, request: Request) -> Response:
            self.authorizations.append(request.headers.get("authorization", ""))
            if self.answer == 204:
                self.received.append(json.loads(await request.body()))
            return Response(status_code=self.answer)

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{self.server.servers[0].sockets[0].getsockname()[1]}"

    def wait_for(self, check, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in reversed(self.received):
                if check(body):
                    return body
            time.sleep(0.02)
        raise AssertionError(f"no matching snapshot among {len(self.received)}")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


@pytest.fixture
def city() -> Iterator[CityServer]:
    server = CityServer()
    yield server
    server.stop()


def test_kiosk_publishes_positions_keyed_by_token_hash_only(tmp_path, store, clock, city):
    endpoint = f"{city.url}/api/relay/v1/offices/test-office/queue"
    config = make_config(
        tmp_path,
        phone_url="https://stadt.example/kiosk",
        relay={"url": endpoint, "token": "kiosk-secret", "min_interval_seconds": 0.2},
    )
    first = ops.issue_ticket(store, "schulden", "uk").ticket
    second = ops.issue_ticket(store, "schulden", "ar").ticket
    with serve_in_thread(config, clock):
        snapshot = city.wait_for(lambda b: len(b["tickets"]) == 2)
        assert snapshot["format"] == 1 and snapshot["office"] == "test-office"
        assert city.authorizations[-1] == "Bearer kiosk-secret"
        by_key = {t["key"]: t for t in snapshot["tickets"]}
        mine = by_key[ticket_key(second.token)]
        assert (mine["code"], mine["state"], mine["ahead"], mine["language"]) == ("S-002", "waiting", 1, "ar")
        raw = json.dumps(snapshot)
        assert first.token not in raw and second.token not in raw  # the city never learns a token
        service = next(s for s in snapshot["services"] if s["id"] == "schulden")
        assert (service["waiting"], service["on_now"], service["room"]) == (2, True, "2")

        called = ops.call_next(store, 2)
        after = city.wait_for(lambda b: b["sequence"] >= called.event_id)
        ticket = next(t for t in after["tickets"] if t["key"] == ticket_key(first.token))
        assert (ticket["state"], ticket["room"]) == ("called", "2")
        assert after["calls"][0]["code"] == first.code
        assert next(s for s in after["services"] if s["id"] == "schulden")["called"] == [first.code]
    assert phone_url(config, second.token) == f"https://stadt.example/kiosk/t/{second.token}"
    assert phone_url(make_config(tmp_path), second.token) is None


def test_a_refusing_city_server_is_retried_and_shown_to_staff(tmp_path, store, accounts, clock, city):
    endpoint = f"{city.url}/api/relay/v1/offices/test-office/queue"
    config = make_config(
        tmp_path,
        relay={"url": endpoint, "token": "revoked", "min_interval_seconds": 0.2, "heartbeat_seconds": 5},
    )
    city.answer = 401
    with serve_in_thread(config, clock) as handle, httpx.Client(base_url=handle.url) as http:
        http.post("/api/staff/session", json={"account": "anna", "secret": "1234", "desk": 1})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            relay = http.get("/api/staff/overview").json()["status"].get("relay", {})
            if relay.get("last_error"):
                break
            time.sleep(0.05)
        assert relay["last_error"] == "HTTP 401" and relay["last_success"] is None
        city.answer = 204
        ops.issue_ticket(store, "jobcenter")  # a change: the next snapshot goes out after the backoff
        city.wait_for(lambda b: any(t["service"] == "jobcenter" for t in b["tickets"]))
