"""UI tests: the real app in this process, on a private Xvfb display."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui import harness

harness.prepare_process()  # before anything imports Kivy

from kiosk.core.timekeeping import FixedClock  # noqa: E402
from tests.conftest import THURSDAY, berlin  # noqa: E402

DEMO_NOW = berlin(THURSDAY, 10)
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def start_kiosk(folder: Path, size: str = "1280x800", clock: FixedClock | None = None, **kwargs):
    """The demo office at a fixed moment, and the app running on it."""
    clock = clock or FixedClock(DEMO_NOW)
    screen = kwargs.pop("screen", {})
    config = harness.make_config(folder, size, kwargs.pop("printer", None), **screen)
    harness.demo_database(config, clock.now())
    driver = harness.Driver.start(config, clock, **kwargs)
    driver.use_display(size)
    return driver


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Iterator[harness.Driver]:
    driver = start_kiosk(tmp_path_factory.mktemp("kiosk"))
    yield driver
    driver.close()


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
