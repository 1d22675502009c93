"""schemathesis against the city server's OpenAPI description: no input makes it fail.

Every operation is fuzzed against the real server on 127.0.0.1 with a
signed-in planner's cookie and CSRF token and an enrolled kiosk's token,
the most that can reach the code behind the checks; any 5xx fails, and
every error must be the documented JSON shape. The streams never end by
design and are left out (test_relay.py follows one).
KIOSK_FUZZ_EXAMPLES=300 runs longer (the normal run keeps 25 per operation).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest

from kiosk.central.publish import load_or_create_key
from kiosk.central.web.app import build_context, create_app
from kiosk.core.timekeeping import FixedClock
from tests.central.conftest import central_config, seed_plan
from tests.conftest import THURSDAY, berlin
from tests.fuzz import assert_answered_well, fuzz_settings, schema_without_streams


def _openapi() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        config = central_config(Path(folder))
        load_or_create_key(config.key_file)
        ctx = build_context(config, FixedClock(berlin(THURSDAY, 10)), poll_calendars=False)
        return create_app(ctx).openapi()


OPENAPI = _openapi()
schema = schema_without_streams(OPENAPI)


@pytest.fixture
def credentials(central, planner):
    seed_plan(planner)
    code = planner.ok("POST", "/api/v1/offices/nordstadt/enrolment-codes", {})["code"]
    with httpx.Client(base_url=central.url) as http:
        assert http.get("/api/openapi.json").json() == OPENAPI
        token = http.post("/api/v1/enrol", json={"code": code}).json()["token"]
    cookies = {"kiosk_central": planner.http.cookies["kiosk_central"]}
    return cookies, {"X-CSRF-Token": planner.csrf, "Authorization": f"Bearer {token}"}


@schema.parametrize()
@fuzz_settings(25)
def test_no_input_makes_the_city_server_fail(case, central, credentials):
    cookies, headers = credentials
    response = case.call(base_url=central.url, headers=headers, cookies=cookies, timeout=30)
    assert_answered_well(case, response)
