"""The staff PIN pad in front of the maintenance screen."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui.screens.base import KioskScreen

MAX_DIGITS = 12


class PinScreen(KioskScreen):
    entered = StringProperty("")
    message = StringProperty("")
    show_calls = False

    def on_pre_enter(self, *args: object) -> None:
        super().on_pre_enter(*args)
        self.entered = ""
        self.message = ""

    def press(self, key: str) -> None:
        if key == "del":
            self.entered = self.entered[:-1]
        elif key == "ok":
            self.app.flow.check_staff_pin(self.entered)
            self.entered = ""
        elif len(self.entered) < MAX_DIGITS:
            self.entered += key
