"""Fixtures for printing: the demo office (every language), configs, a QR decoder."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.config import PrinterConfig
from kiosk.core.timekeeping import FixedClock
from kiosk.demo import DESKS, SERVICES, demo_schedule
from kiosk.store import Store
from kiosk.store.desks import register_desks, set_desk_services
from kiosk.store.schedule import replace_schedule
from tests.conftest import THURSDAY, berlin

# The languages the demo office names its services in: every shipped language.
LANGUAGES = tuple(SERVICES[0].names)
QR_URL = "https://termine.example.de/q/{office}/{day}/{code}?t={token}"


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    """The demo office at 10:00 on a Thursday, its job centre served at desk 1."""
    clock = FixedClock(berlin(THURSDAY, 10))
    with Store(tmp_path / "kiosk.db", clock) as store:
        replace_schedule(store, demo_schedule(clock.now()))
        register_desks(store, DESKS)
        set_desk_services(store, 1, ["jobcenter"])
        yield store


@pytest.fixture
def printer_config(tmp_path: Path) -> PrinterConfig:
    return PrinterConfig(qr_url=QR_URL, preview={"folder": str(tmp_path / "previews")})


def decode_qr(image: Image.Image | Path, tmp_path: Path) -> list[bytes]:
    """The raw bytes of every QR code zbar finds (binary mode: no charset guessing)."""
    if isinstance(image, Image.Image):
        path = tmp_path / "qr-to-read.png"
        image.convert("L").save(path)
    else:
        path = image
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbar-tools is needed to read QR codes back (./dev.sh installs it)"
    done = subprocess.run(
        [zbarimg, "--raw", "-q", "-Sbinary", "--nodbus", str(path)],
        capture_output=True,
        check=False,
        timeout=30,
    )
    if done.returncode == 4:  # no symbol found
        return []
    assert done.returncode == 0, done.stderr
    return [done.stdout]
