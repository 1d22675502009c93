"""An office with appointment slots in a real database, and the sync fixtures for HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from tests.appointments.plan import open_office
from tests.sync.conftest import _running_feed_server, feed_server, rig  # noqa: F401  (fixtures)


@pytest.fixture
def office(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    """The test office at 10:00 on Thursday, with slots (tests/appointments/plan.py)."""
    with Store(db_path, clock) as store:
        yield open_office(store)
