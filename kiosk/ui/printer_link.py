"""How the touchscreen reaches the printing worker (built in kiosk.printing).

The UI depends only on this small surface, so a kiosk runs (and tests run)
with any printer the config names, including none. ``on_outcome`` is called
on the worker's thread; the app moves it to Kivy's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from kiosk.config import Config
from kiosk.core.timekeeping import Clock
from kiosk.printing.types import PrinterStatus, PrintOutcome

log = logging.getLogger("kiosk.ui")


class PrinterLink(Protocol):
    """What :class:`kiosk.printing.worker.PrintWorker` offers the UI."""

    @property
    def status(self) -> PrinterStatus: ...

    def start(self) -> None: ...

    def stop(self, timeout: float = ...) -> None: ...

    def wake(self) -> None: ...

    def print_test(self, language: str) -> Any: ...


def start_print_worker(
    config: Config, clock: Clock, on_outcome: Callable[[PrintOutcome], None]
) -> PrinterLink | None:
    """The configured printer's worker (not yet started), or None without printing."""
    try:
        from kiosk.printing import make_printer
        from kiosk.printing.worker import PrintWorker
    except ImportError as error:
        log.error("printing is not available in this build (%s): tickets are shown, not printed", error)
        return None
    printer = make_printer(config.printer)
    return PrintWorker(config.storage.database, clock, printer, config.printer, on_outcome=on_outcome)


def render_preview_png(store: Any, ticket_id: int, config: Config, language: str) -> Path | None:
    """The slip as a PNG for the screen (when paper failed); None if printing is absent."""
    try:
        from kiosk.printing import render_preview
    except ImportError:
        return None
    return render_preview(store, ticket_id, config.printer, language)


def render_booking_png(store: Any, booking_id: int, config: Config, language: str) -> Path | None:
    """The appointment slip as a PNG for the screen (when paper failed); None if printing is absent."""
    try:
        from kiosk.printing.content import render_booking_preview
    except ImportError:
        return None
    return render_booking_preview(store, booking_id, config.printer, language)
