"""One module and one .kv file per screen; the module holds behaviour, the kv the layout."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

HERE = Path(__file__).resolve().parent

SCREENS = ("welcome", "today", "service", "confirm", "ticket", "info", "pin", "maintenance")
# Appointments (issue 9): pick a time, confirm, the booked appointment, and a keypad for codes and names.
BOOKING_SCREENS = ("slots", "book", "booked", "keypad")


def load_kv() -> None:
    """Load every screen's rules once (the classes register themselves on import)."""
    import importlib

    for name in (*SCREENS, *BOOKING_SCREENS):
        importlib.import_module(f"kiosk.ui.screens.{name}")
        path = str(HERE / f"{name}.kv")
        Builder.unload_file(path)
        Builder.load_file(path)
