"""schemathesis against the server's OpenAPI description: no input makes it fail.

The description is built at import from the same app the server runs (the
test checks that the served /api/openapi.json is that document). Every
operation is fuzzed against a real server with a signed-in session and a
valid CSRF token, the most that can reach the code behind the checks; any
5xx fails, and every error must be the documented JSON shape.
KIOSK_FUZZ_EXAMPLES=300 runs longer (the normal run keeps 30 per operation).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kiosk.core.timekeeping import FixedClock
from kiosk.store import queue as ops
from kiosk.web.app import build_context, create_app
from tests.conftest import THURSDAY, berlin
from tests.fuzz import assert_answered_well, fuzz_settings, schema_without_streams
from tests.web.conftest import PIN_ANNA, make_config


def _openapi() -> dict:
    ctx = build_context(make_config(Path("/nonexistent")), FixedClock(berlin(THURSDAY, 10)))
    return create_app(ctx).openapi()


OPENAPI = _openapi()
# The live streams never end by design; test_live.py covers them.
schema = schema_without_streams(OPENAPI)


@pytest.fixture
def staff_session(server, store):
    for service in ("jobcenter", "schulden", "jobcenter"):
        ops.issue_ticket(store, service)
    with httpx.Client(base_url=server.url) as http:
        assert http.get("/api/openapi.json").json() == OPENAPI
        answer = http.post("/api/staff/session", json={"account": "anna", "secret": PIN_ANNA, "desk": 3})
        return {"kiosk_staff": answer.cookies["kiosk_staff"]}, {"X-CSRF-Token": answer.json()["csrf_token"]}


@schema.parametrize()
@fuzz_settings(30)
def test_no_input_makes_the_server_fail(case, server, staff_session):
    cookies, headers = staff_session
    response = case.call(base_url=server.url, headers=headers, cookies=cookies, timeout=30)
    assert_answered_well(case, response)
