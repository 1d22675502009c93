"""The city's real server on 127.0.0.1 (uvicorn on a free port) and kiosks that talk to it.

The server and the kiosks share one clock that moves only when told
(Thursday 26 November 2026, 10:00 in Berlin), so "today" is the same day on
both sides. Kiosks run the real ``kiosk`` command (click's runner, in
process, as the sync tests do).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from kiosk.central import accounts
from kiosk.central.config import CentralConfig, parse_central_config
from kiosk.central.db import CentralDB
from kiosk.central.publish import load_or_create_key
from kiosk.central.server import CentralHandle, serve_in_thread
from kiosk.cli import main
from kiosk.core.timekeeping import FixedClock
from tests.conftest import THURSDAY, berlin

PLANNER, VIEWER = ("paula", "plan-2026!"), ("vera", "lesen-2026!")

KIOSK_TOML = """\
# Quartierskiosk Nordstadt — edited by hand; kiosk enrol must keep these comments.
[storage]
data_dir = "{data}"

[sync]
# short timeouts: the tests' server is on this machine
connect_timeout = 1.0
read_timeout = 2.0
total_timeout = 5.0
retries = 1
backoff = 0.01
"""


def central_config(folder: Path, **server: Any) -> CentralConfig:
    return parse_central_config(
        {
            "server": {"bind": "127.0.0.1", "port": 0, **server},
            "storage": {"data_dir": str(folder)},
            "city": {"publisher": "Stadt Teststadt, Sozialplanung"},
        },
        source=str(folder / "central.toml"),
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(berlin(THURSDAY, 10))


@pytest.fixture
def central_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "central"
    folder.mkdir()
    return folder


@pytest.fixture
def central(central_dir: Path, clock: FixedClock) -> Iterator[CentralHandle]:
    config = central_config(central_dir)
    load_or_create_key(config.key_file)
    with contextlib.closing(CentralDB(config.storage.database, clock)) as db:
        accounts.add_user(db, PLANNER[0], PLANNER[1], accounts.Role.PLANNER)
        accounts.add_user(db, VIEWER[0], VIEWER[1], accounts.Role.VIEWER)
    handle = serve_in_thread(config, clock, poll_calendars=False)
    yield handle
    handle.stop()


class Planner:
    """A signed-in browser session: cookie jar plus the CSRF header on every change."""

    def __init__(self, http: httpx.Client, csrf: str) -> None:
        self.http, self.csrf = http, csrf

    def send(self, method: str, path: str, json: Any = None) -> httpx.Response:
        return self.http.request(method, path, json=json, headers={"X-CSRF-Token": self.csrf})

    def ok(self, method: str, path: str, json: Any = None) -> Any:
        answer = self.send(method, path, json)
        assert answer.status_code < 300, (method, path, answer.status_code, answer.text)
        return answer.json()

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(path, params=params)


@pytest.fixture
def sign_in(central: CentralHandle) -> Iterator[Callable[..., Planner]]:
    opened: list[httpx.Client] = []

    def as_user(name: str = PLANNER[0], password: str = PLANNER[1]) -> Planner:
        http = httpx.Client(base_url=central.url, timeout=10)
        opened.append(http)
        answer = http.post("/api/v1/session", json={"name": name, "password": password})
        assert answer.status_code == 200, answer.text
        return Planner(http, answer.json()["csrf_token"])

    yield as_user
    for http in opened:
        http.close()


@pytest.fixture
def planner(sign_in: Callable[..., Planner]) -> Planner:
    return sign_in()


def seed_plan(planner: Planner, office: str = "nordstadt") -> dict[str, Any]:
    """One office, two services: job centre every Thursday morning, debt counselling every other Monday."""
    planner.ok(
        "PUT",
        "/api/v1/services/jobcenter",
        {"prefix": "J", "names": {"de": "Jobcenter", "tr": "İş Merkezi"}, "pictogram": "work"},
    )
    planner.ok(
        "PUT",
        "/api/v1/services/schulden",
        {"prefix": "S", "names": {"de": "Schuldnerberatung"}, "minutes_per_visit": 30, "slot_minutes": 45},
    )
    planner.ok(
        "PUT",
        f"/api/v1/offices/{office}",
        {
            "name": "Quartiersbüro Nordstadt",
            "address": "Mallinckrodtstraße 1, 44145 Dortmund",
            "opening_hours": {d: [["09:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
            "phone_relay": True,
        },
    )
    thursday = planner.ok(
        "POST",
        f"/api/v1/offices/{office}/sessions",
        {
            "service_id": "jobcenter",
            "weekday": "thu",
            "valid_from": "2026-11-02",
            "start": "09:00",
            "end": "13:00",
            "room": "1",
            "languages": ["de", "tr"],
        },
    )
    monday = planner.ok(
        "POST",
        f"/api/v1/offices/{office}/sessions",
        {
            "service_id": "schulden",
            "weekday": "mon",
            "valid_from": "2026-11-02",
            "every": 2,
            "start": "10:00",
            "end": "15:00",
            "room": "2",
        },
    )
    return {"thursday": thursday, "monday": monday}


class Kiosk:
    """One Raspberry Pi's config file, database and clock; runs the real ``kiosk`` command."""

    def __init__(self, folder: Path, clock: FixedClock) -> None:
        self.folder = folder
        self.config = folder / "kiosk.toml"
        self.clock = clock
        folder.mkdir(parents=True, exist_ok=True)
        self.config.write_text(KIOSK_TOML.format(data=folder), encoding="utf-8")

    def run(self, *args: str) -> Result:
        result = CliRunner().invoke(main, ["--config", str(self.config), *args], obj=self.clock)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.folder / "kiosk.db") as conn:
            return list(conn.execute(sql, params))


@pytest.fixture
def make_kiosk(tmp_path: Path, clock: FixedClock) -> Callable[[str], Kiosk]:
    return lambda name="pi": Kiosk(tmp_path / name, clock)


def enrol(planner: Planner, kiosk: Kiosk, base_url: str, office: str = "nordstadt") -> Result:
    code = planner.ok("POST", f"/api/v1/offices/{office}/enrolment-codes", {"label": "Eingang"})["code"]
    result = kiosk.run("enrol", base_url, code, "--label", "Eingang")
    assert result.exit_code == 0, result.output
    return result
