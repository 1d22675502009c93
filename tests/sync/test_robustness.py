"""Whatever bytes arrive, the sync answers with a sentence, never a crash; one sync at a time."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import parse_config
from kiosk.sync.errors import SyncError
from kiosk.sync.load import FeedSettings, build_schedule
from kiosk.sync.run import sync_lock
from tests.conftest import THURSDAY
from tests.sync.feeds import feed_document
from tests.sync.test_sync_http import load_first_plan, serve

CALENDAR = (Path(__file__).with_name("calendars") / "office_plan.ics").read_bytes()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


PATHS = [p for p in _paths(feed_document()) if p]


def _settle(data: bytes, office_file: Path | None = None) -> None:
    with suppress(SyncError):  # a sentence for the status: fine; anything else fails the test
        build_schedule(data, FeedSettings(office_id="test-office", office_file=office_file), THURSDAY)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_sentence(data):
    _settle(data)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PATHS), JSON_VALUES)
def test_any_value_anywhere_in_a_feed_gives_a_plan_or_a_sentence(path, value):
    document = feed_document()
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    _settle(json.dumps(document).encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_damaged_calendar_gives_a_plan_or_a_sentence(tmp_path, data):
    office_file = tmp_path / "office.json"
    office_file.write_text(json.dumps(feed_document()), encoding="utf-8")
    lines = CALENDAR.split(b"\r\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(
        st.sampled_from([b"", b"X", lines[index][: len(lines[index]) // 2], b"END:VEVENT"])
    )
    damaged = b"\r\n".join([*lines[:index], replacement, *lines[index + 1 :]])
    _settle(damaged, office_file)


def test_a_second_sync_while_one_runs_does_nothing(rig, feed_server):
    settings_ = load_first_plan(rig, feed_server)
    serve(feed_server)
    with sync_lock(rig.folder):
        result = rig.sync(**settings_)
    assert result.exit_code == 7 and "Ein anderer Abgleich läuft gerade" in result.output
    assert len(feed_server.log) == 0


def test_a_bug_during_the_sync_is_recorded_and_reported(rig, feed_server, monkeypatch):
    settings_ = load_first_plan(rig, feed_server)
    serve(feed_server)

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("kiosk.sync.run.build_schedule", broken)
    result = rig.sync(**settings_)
    assert result.exit_code == 70 and "unerwarteter Fehler" in result.output
    assert "unerwarteten Fehler (ZeroDivisionError)" in rig.status()["last_error"]
    assert rig.status()["feed_version"] == "1"


def test_the_signature_sits_beside_the_feed_even_with_a_query():
    config = parse_config({"sync": {"feed_url": "https://plan.example/feeds/nord.json?kiosk=7"}})
    assert config.sync.signature_location == "https://plan.example/feeds/nord.json.sig?kiosk=7"
    other = parse_config(
        {"sync": {"feed_url": "https://a.example/f.json", "signature_url": "https://b.example/s"}}
    )
    assert other.sync.signature_location == "https://b.example/s"
