"""A keypad on screen: the booking code for check-in, or the optional name for a booking.

The kiosk has no text fields and no on-screen keyboard: these keys are big
touch targets, and only the characters a booking code can contain are
offered for it (no 0/O or 1/I to confuse). A scanner works here too.
"""

from __future__ import annotations

import string

from kivy.properties import BooleanProperty, StringProperty

from kiosk.core.appointments import NAME_MAX
from kiosk.core.booking_code import ALPHABET, LENGTH, display, normalise
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import KButton

CODE_KEYS = "".join(sorted(ALPHABET, key=lambda ch: (ch.isalpha(), ch)))  # digits first, then letters
NAME_KEYS = string.ascii_uppercase + "-"
DELETE = "del"


class CodeKey(KButton):
    """One key of the on-screen keypad (layout in keypad.kv)."""

    key = StringProperty("")


class KeypadScreen(KioskScreen):
    entered = StringProperty("")
    shown_text = StringProperty("")
    ready = BooleanProperty(False)  # the code is complete and correct (name mode: always)
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.app.state.bind(keypad_mode=lambda *_: self._start())
        self._start()

    def on_pre_enter(self, *args: object) -> None:
        super().on_pre_enter(*args)
        self._start()

    def _start(self) -> None:
        """Fresh keys for the mode: an empty code, or the name typed before (to correct it)."""
        state = self.app.state
        self.entered = state.booking_name.upper() if state.keypad_mode == "name" else ""
        self._build()

    def _build(self) -> None:
        grid = self.ids.keygrid
        grid.clear_widgets()
        naming = self.app.state.keypad_mode == "name"
        for ch in NAME_KEYS if naming else CODE_KEYS:
            grid.add_widget(CodeKey(text=ch, key=ch))
        self._show()

    def press(self, key: str) -> None:
        naming = self.app.state.keypad_mode == "name"
        if key == DELETE:
            self.entered = self.entered[:-1]
        elif len(self.entered) < (NAME_MAX if naming else LENGTH):
            self.entered += key
        self._show()

    def _show(self) -> None:
        if self.app.state.keypad_mode == "name":
            self.shown_text, self.ready = self.entered, True
            return
        self.shown_text = display(self.entered) if len(self.entered) > 4 else self.entered
        self.ready = normalise(self.entered) is not None

    def done(self) -> None:
        booking = self.app.flow.booking
        if self.app.state.keypad_mode == "name":
            booking.name_entered(self.entered)
        elif self.ready:
            booking.check_in(self.entered)

    def back(self) -> None:
        if self.app.state.keypad_mode == "name":
            self.app.flow.go("book")
        else:
            self.app.flow.back_to_today()
