"""docs/sync.md is the contract with the city's side: kept true by these checks."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kiosk.cli import main
from kiosk.config import SyncConfig
from kiosk.sync.errors import (
    EXIT_NOT_CONFIGURED,
    EXIT_REFUSED,
    EXIT_UNAVAILABLE,
    EXIT_UPLOAD_PENDING,
    SyncBusy,
)
from kiosk.sync.feed import read_json_feed

DOCS = Path(__file__).resolve().parents[2] / "docs"
TEXT = (DOCS / "sync.md").read_text(encoding="utf-8")


def _options(command: click.Command) -> list[str]:
    found = []
    for param in command.params:
        found.extend(o for o in param.opts if o.startswith("--"))
    return found


def test_every_option_of_sync_and_feed_is_documented():
    with click.Context(main) as ctx:
        sync, feed = main.get_command(ctx, "sync"), main.get_command(ctx, "feed")
    commands = [sync, *feed.commands.values()]  # type: ignore[union-attr]
    missing = [o for c in commands for o in _options(c) if o not in TEXT]
    assert missing == []


def test_every_sync_config_key_is_documented():
    missing = [name for name in SyncConfig.model_fields if f"`{name}`" not in TEXT]
    assert missing == []


def test_every_exit_code_is_documented():
    for code in (
        0,
        1,
        EXIT_UNAVAILABLE,
        EXIT_REFUSED,
        EXIT_UPLOAD_PENDING,
        EXIT_NOT_CONFIGURED,
        SyncBusy.exit_code,
        70,
    ):
        assert f"| {code} |" in TEXT


def test_the_toml_example_is_a_valid_config(tmp_path):
    from kiosk.config import load_config

    block = TEXT.split("```toml\n")[1].split("```")[0]
    path = tmp_path / "kiosk.toml"
    path.write_text(block.replace("…", "secret"), encoding="utf-8")
    config = load_config(path)
    assert config.sync.categories == {"Sprechstunde Jobcenter": "jobcenter"}


def test_the_documented_feed_snippet_names_the_format_version():
    snippet = json.loads(TEXT.split("```json\n")[1].split("```")[0].replace('"…"', '"x"'))
    assert snippet["format"] == "quartierskiosk-feed" and snippet["format_version"] == 1
    read_json_feed((DOCS / "feed-example.json").read_bytes())
