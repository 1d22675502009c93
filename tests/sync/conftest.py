"""A kiosk with a config pointing at a feed server on 127.0.0.1, run through the real `kiosk` command."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from kiosk.cli import main
from kiosk.core.timekeeping import FixedClock
from tests.conftest import THURSDAY, berlin

FAST = {
    "connect_timeout": 1.0,
    "read_timeout": 0.5,
    "total_timeout": 2.0,
    "retries": 1,
    "backoff": 0.01,
}


@pytest.fixture(scope="session")
def _running_feed_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()  # werkzeug takes half a second to stop: once per session, not per test


@pytest.fixture
def feed_server(_running_feed_server: HTTPServer) -> Iterator[HTTPServer]:
    """A real HTTP server (werkzeug, threaded) on 127.0.0.1, with no expectations left from other tests."""
    _running_feed_server.clear()
    yield _running_feed_server
    _running_feed_server.clear()


def _toml(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(value) if not isinstance(value, Path) else json.dumps(str(value))


class KioskRig:
    """One kiosk's config, database and clock; ``sync()`` runs ``kiosk sync`` as the timer would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.config = folder / "kiosk.toml"
        self.clock = FixedClock(berlin(THURSDAY, 3))

    def configure(self, **sync: Any) -> None:
        settings = {**FAST, **sync}
        lines = ["[office]", 'id = "test-office"', "[storage]", f"data_dir = {_toml(self.folder)}", "[sync]"]
        lines += [f"{key} = {_toml(value)}" for key, value in settings.items()]
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run(self, *args: str) -> Result:
        result = CliRunner().invoke(main, ["--config", str(self.config), *args], obj=self.clock)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    def sync(self, *args: str, **sync: Any) -> Result:
        if sync:
            self.configure(**sync)
        return self.run("sync", *args)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.folder / "kiosk.db") as conn:
            return list(conn.execute(sql, params))

    def status(self, key: str = "sync") -> Any:
        rows = self.query("SELECT value FROM status WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def replaced(self) -> int:
        return self.query("SELECT count(*) FROM events WHERE kind = 'schedule_replaced'")[0][0]


@pytest.fixture
def rig(tmp_path: Path) -> KioskRig:
    return KioskRig(tmp_path)
