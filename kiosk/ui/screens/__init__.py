"""One module and one .kv file per screen; the module holds behaviour, the kv the layout.

Screens are built when first asked for, not all before the first frame:
building the twelve screens (a hundred labels of the week plan, the booking
keypad) cost the touchscreen over half a second of its start. The app builds
the welcome screen at start and the others one per frame once it is up
(:meth:`KioskScreens.prepare_one`), so the first tap finds them ready.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen, ScreenManager

HERE = Path(__file__).resolve().parent

SCREENS = ("welcome", "today", "service", "confirm", "ticket", "info", "pin", "maintenance")
# Appointments (issue 9): pick a time, confirm, the booked appointment, and a keypad for codes and names.
BOOKING_SCREENS = ("slots", "book", "booked", "keypad")

_loaded: set[str] = set()


def forget_rules() -> None:
    """Let the next app load every screen's rules afresh (tests start several apps in one process)."""
    _loaded.clear()


def build_screen(name: str) -> Screen:
    """Load the screen's module and rules once, and make the screen."""
    if name not in (*SCREENS, *BOOKING_SCREENS):
        raise KeyError(f"no screen called {name!r}")
    if name not in _loaded:
        importlib.import_module(f"kiosk.ui.screens.{name}")  # registers the class with the Factory
        path = str(HERE / f"{name}.kv")
        Builder.unload_file(path)
        Builder.load_file(path)
        _loaded.add(name)
    return getattr(Factory, f"{name.capitalize()}Screen")()


class KioskScreens(ScreenManager):
    """A ScreenManager that builds a screen the first time it is asked for."""

    def get_screen(self, name: str) -> Screen:
        if not self.has_screen(name):
            self.add_widget(build_screen(name))
        return super().get_screen(name)

    def prepare_one(self) -> bool:
        """Build the next screen not yet built; False once every screen is there."""
        for name in (*SCREENS, *BOOKING_SCREENS):
            if not self.has_screen(name):
                self.get_screen(name)
                return True
        return False


Factory.register("KioskScreens", cls=KioskScreens)
