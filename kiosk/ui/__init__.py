"""The touchscreen: a fullscreen Kivy app (see app.py for how it is wired).

Import :func:`run` from here: it prepares Kivy's environment (text provider,
window) before anything imports Kivy.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config
from kiosk.core.timekeeping import Clock
from kiosk.ui.bootstrap import WindowSpec, prepare_kivy


def run(
    config: Config,
    clock: Clock,
    *,
    windowed: bool = False,
    printing: bool = True,
    first_frame_file: Path | None = None,
) -> None:
    """Start the kiosk app and block until it quits."""
    screen = config.screen
    prepare_kivy(WindowSpec(not windowed, screen.width, screen.height, screen.rotation))

    from kiosk.ui.app import KioskApp

    app = KioskApp.wired(config, clock, printing=printing, first_frame_file=first_frame_file)
    app.run()
