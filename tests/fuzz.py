"""What the two schemathesis tests (staff server, city server) share.

Both fuzz every operation of the app's own OpenAPI document against the real
server with the most rights a client can have; the live streams never end by
design and are left out. KIOSK_FUZZ_EXAMPLES=300 runs longer.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings


def schema_without_streams(openapi: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_dict(openapi).exclude(path_regex=r".*/stream$")


def fuzz_settings(examples: int) -> Any:
    """Hypothesis settings: ``examples`` per operation unless KIOSK_FUZZ_EXAMPLES says otherwise."""
    return settings(
        max_examples=int(os.environ.get("KIOSK_FUZZ_EXAMPLES", str(examples))),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
        ],
    )


def assert_answered_well(case: Any, response: Any) -> None:
    """No 5xx, and every error in the documented JSON shape."""
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"]
