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
    config_path: str | None = None,
    printing: bool = True,
    first_frame_file: Path | None = None,
) -> None:
    """Start the kiosk app and block until it quits."""
    screen = config.screen
    prepare_kivy(WindowSpec(not windowed, screen.width, screen.height, screen.rotation))

    from kiosk.ui.app import KioskApp
    from kiosk.ui.printer_link import start_print_worker
    from kiosk.ui.speech import EspeakSpeaker, Speaker

    app: KioskApp | None = None

    def outcome(result) -> None:
        if app is not None:
            app.print_outcome(result)

    printer = start_print_worker(config, clock, outcome) if printing else None
    speaker = EspeakSpeaker() if screen.speak_ticket_number else Speaker()
    app = KioskApp(
        config,
        clock,
        printer=printer,
        speaker=speaker,
        services=[printer] if printer is not None else [],
        config_path=config_path,
        first_frame_file=first_frame_file,
    )
    app.run()
