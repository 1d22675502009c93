"""The files in deploy/: scripts pass shellcheck, the config template loads."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SCRIPTS = [DEPLOY / "install.sh", DEPLOY / "kiosk-command"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_pass_shellcheck(script: Path):
    assert shutil.which("shellcheck"), "shellcheck is installed by ./dev.sh test"
    done = subprocess.run(
        ["shellcheck", "--shell=sh", str(script)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout
    assert script.read_text().splitlines()[0] == "#!/bin/sh" and "set -eu" in script.read_text()


def test_the_config_template_loads_and_matches_the_defaults():
    config = load_config(DEPLOY / "kiosk.toml.example")
    assert str(config.storage.data_dir) == "/var/lib/kiosk"
    assert config.office.id == ""  # the installer asks the person to fill it in
    assert config.deploy.model_dump() == type(config.deploy)().model_dump()


def test_the_units_run_what_the_installer_installs():
    for unit in DEPLOY.glob("kiosk*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")) and "/kiosk " in line:
                assert "/opt/kiosk/current/bin/kiosk " in line, (unit.name, line)


def test_every_unit_sharing_the_data_dir_asks_for_the_same_mode():
    """systemd applies StateDirectoryMode= at each start: two modes would flip it back and forth."""
    modes = {}
    for unit in DEPLOY.glob("kiosk*.service"):
        text = unit.read_text()
        if "StateDirectory=kiosk" in text:
            modes[unit.name] = [ln for ln in text.splitlines() if ln.startswith("StateDirectoryMode=")]
    assert len(modes) == 4 and all(m == ["StateDirectoryMode=0750"] for m in modes.values()), modes


@pytest.mark.parametrize("script", ["dev.sh", ".ci/run"])
def test_the_developer_scripts_pass_shellcheck(script: str):
    path = DEPLOY.parent / script
    done = subprocess.run(["shellcheck", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
