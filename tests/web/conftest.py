"""A real server on 127.0.0.1 (uvicorn on a free port) over the test office."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.config import Config, parse_config
from kiosk.store import staff
from kiosk.web.auth import hash_secret
from kiosk.web.server import ServerHandle, serve_in_thread
from tests.conftest import DESKS

# Hashing is slow on purpose; the tests share these.
PIN_ANNA, PIN_DESK2 = "1234", "5678"
HASHES = {PIN_ANNA: hash_secret(PIN_ANNA), PIN_DESK2: hash_secret(PIN_DESK2)}


def make_config(folder: Path, **web: object) -> Config:
    return parse_config(
        {
            "office": {"id": "test-office"},
            "storage": {"data_dir": str(folder)},
            "desks": [{"id": d.id, "name": d.name, "room": d.room} for d in DESKS],
            "web": {"bind": "127.0.0.1", "port": 0, **web},
        },
        source=str(folder / "kiosk.toml"),
    )


@pytest.fixture
def config(tmp_path: Path, request: pytest.FixtureRequest) -> Config:
    """The test office's config; ``indirect`` parametrisation adds [web] keys."""
    return make_config(tmp_path, **getattr(request, "param", {}))


@pytest.fixture
def accounts(store) -> None:
    """anna signs in at any desk; platz-2 is desk 2's own account."""
    staff.add_account(store, "anna", HASHES[PIN_ANNA])
    staff.add_account(store, "platz-2", HASHES[PIN_DESK2], desk_id=2)


@pytest.fixture
def server(config, store, accounts, clock) -> Iterator[ServerHandle]:
    handle = serve_in_thread(config, clock)
    yield handle
    handle.stop()


@pytest.fixture
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


class Desk:
    """A signed-in browser at one desk: cookie jar plus the CSRF header."""

    def __init__(self, http: httpx.Client, csrf: str) -> None:
        self.http = http
        self.csrf = csrf

    def post(self, path: str, json: object = None, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.http.post(path, json=json, headers={"X-CSRF-Token": self.csrf, **(headers or {})})

    def put(self, path: str, json: object) -> httpx.Response:
        return self.http.put(path, json=json, headers={"X-CSRF-Token": self.csrf})

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)


@pytest.fixture
def sign_in(server) -> Iterator[Callable[..., Desk]]:
    opened: list[httpx.Client] = []

    def at(desk: int | None = None, account: str = "anna", secret: str = PIN_ANNA) -> Desk:
        http = httpx.Client(base_url=server.url, timeout=10)
        opened.append(http)
        body = {"account": account, "secret": secret, **({"desk": desk} if desk else {})}
        answer = http.post("/api/staff/session", json=body)
        assert answer.status_code == 200, answer.text
        return Desk(http, answer.json()["csrf_token"])

    yield at
    for http in opened:
        http.close()


def error_of(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]["code"]
