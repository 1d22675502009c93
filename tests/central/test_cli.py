"""`kiosk central init|user|code|serve`, and `kiosk enrol` and `kiosk sync` as real processes, real clock."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.core.timekeeping import office_day

KIOSK = [sys.executable, "-m", "kiosk"]


def central_toml(folder: Path, port: int = 0) -> Path:
    path = folder / "central.toml"
    path.write_text(
        f'[server]\nbind = "127.0.0.1"\nport = {port}\n[storage]\ndata_dir = "{folder}"\n'
        '[city]\npublisher = "Stadt Teststadt"\n',
        encoding="utf-8",
    )
    return path


def central(config: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["central", "--config", str(config), *args], input=stdin)


def test_init_makes_the_key_once_and_users_are_added_from_stdin(tmp_path):
    config = central_toml(tmp_path)
    first = central(config, "init")
    assert first.exit_code == 0, first.output
    key_line = [line for line in first.output.splitlines() if line.startswith("public_key = ")]
    assert key_line and (tmp_path / "city-key.pem").stat().st_mode & 0o777 == 0o600
    assert central(config, "init").output == first.output  # the key is kept, never replaced

    added = central(config, "user", "add", "paula", "--password-stdin", stdin="plan-2026!\n")
    assert added.exit_code == 0 and "Konto paula (planner) angelegt." in added.output
    viewer = central(
        config, "user", "add", "vera", "--role", "viewer", "--password-stdin", stdin="lesen-2026!\n"
    )
    assert viewer.exit_code == 0
    assert central(config, "user", "list").output.splitlines()[0].startswith("paula\tplanner")
    twice = central(config, "user", "add", "paula", "--password-stdin", stdin="anders-2026\n")
    assert twice.exit_code == 1 and "„paula“ gibt es schon." in twice.output
    short = central(config, "user", "add", "kurt", "--password-stdin", stdin="abc\n")
    assert short.exit_code == 1 and "mindestens 4 Zeichen" in short.output
    unknown = central(config, "code", "nirgendwo")
    assert unknown.exit_code == 1 and "Das Büro „nirgendwo“ gibt es nicht." in unknown.output


def test_a_real_server_process_and_real_kiosk_processes(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path / "city"
    folder.mkdir()
    config = central_toml(folder, port)
    assert central(config, "init").exit_code == 0
    assert central(config, "user", "add", "paula", "--password-stdin", stdin="plan-2026!\n").exit_code == 0
    env = {**os.environ, "KIOSK_CENTRAL_CONFIG": str(config)}
    server = subprocess.Popen([*KIOSK, "central", "serve"], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        today = office_day(datetime.now().astimezone()).isoformat()
        with httpx.Client(base_url=base) as http:
            csrf = http.post("/api/v1/session", json={"name": "paula", "password": "plan-2026!"}).json()[
                "csrf_token"
            ]
            headers = {"X-CSRF-Token": csrf}
            assert (
                http.put(
                    "/api/v1/services/jobcenter",
                    json={"prefix": "J", "names": {"de": "Jobcenter"}},
                    headers=headers,
                ).status_code
                == 200
            )
            assert (
                http.put("/api/v1/offices/nordstadt", json={"name": "Nordstadt"}, headers=headers).status_code
                == 200
            )
            session = {
                "service_id": "jobcenter",
                "date": today,
                "start": "00:00",
                "end": "23:59",
                "room": "1",
            }
            assert (
                http.post("/api/v1/offices/nordstadt/sessions", json=session, headers=headers).status_code
                == 201
            )
        code = central(config, "code", "nordstadt", "--label", "Eingang")
        assert code.exit_code == 0 and code.output.startswith(f"kiosk enrol {base} ")
        enrol_command = code.output.split()[1:4]

        pi = tmp_path / "pi"
        pi.mkdir()
        kiosk_toml = pi / "kiosk.toml"
        kiosk_toml.write_text(f'# the Pi\n[storage]\ndata_dir = "{pi}"\n', encoding="utf-8")
        kiosk_env = {**os.environ, "KIOSK_CONFIG": str(kiosk_toml)}
        enrolled = subprocess.run(
            [*KIOSK, *enrol_command], env=kiosk_env, capture_output=True, text=True, timeout=60
        )
        assert enrolled.returncode == 0, enrolled.stderr
        synced = subprocess.run([*KIOSK, "sync"], env=kiosk_env, capture_output=True, text=True, timeout=60)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        assert "Neuer Plan geladen" in synced.stdout
        status = subprocess.run(
            [*KIOSK, "sync", "--status"], env=kiosk_env, capture_output=True, text=True, timeout=60
        )
        assert "nordstadt.r" in status.stdout
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert server.returncode in (0, -15)


def test_a_bad_central_config_is_one_line_naming_the_key(tmp_path):
    config = central_toml(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "publishr = 1\n", encoding="utf-8")
    result = central(config, "init")
    assert result.exit_code != 0
    assert "city.publishr: unknown key (typo?)" in result.output
    assert "Traceback" not in result.output
    missing = tmp_path / "nowhere.toml"
    result = central(missing, "init")
    assert result.exit_code != 0 and f"{missing}: file not found" in result.output
