"""A USB barcode scanner at the window: it types like a keyboard, we listen for booking codes.

The scanner reads the appointment slip's QR code and types its whole
content, an iCalendar event, line by line, each line ended with Enter.
Nothing on screen has keyboard focus (the kiosk has no text fields), so
the typing is caught at the window: ``on_textinput`` gives the characters
as the keyboard layout makes them, ``on_key_down`` the Enter. At each line
end, and after a short quiet spell for scanners set up without Enter,
:func:`kiosk.core.booking_code.find_codes` looks for a booking code in what
arrived; a code is handed on once per scan, however often the event
repeats it. Scanning the same slip again later is a new scan (the store
answers it with the same ticket).

A slow human pressing keys on a keyboard someone plugged in produces the
same events, only slower: a pause longer than ``STALE_S`` starts afresh, so
stray keys never join a later scan.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kiosk.core.booking_code import find_codes

ENTER_KEYS = frozenset({13, 271})  # Return, and Enter on the number block
QUIET_S = 0.3  # no key for this long: the scan is over (a scanner types a line in a few ms)
STALE_S = 2.0  # a gap this long between keys: what came before was not the same scan
MAX_BUFFER = 4096


class ScannerInput:
    """Collects typed text and calls ``on_code(code)`` for each booking code found.

    ``active()`` says whether codes are wanted now (not on the staff PIN pad).
    ``schedule(callback, seconds)`` runs a callback later on the UI thread and
    returns something with ``cancel()``: Kivy's Clock in the app.
    """

    def __init__(
        self,
        on_code: Callable[[str], None],
        active: Callable[[], bool],
        schedule: Callable[[Callable[[], None], float], Any],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.on_code = on_code
        self.active = active
        self.schedule = schedule
        self.monotonic = monotonic
        self._buffer = ""
        self._last_key = float("-inf")
        self._quiet: Any = None
        self._handed: set[str] = set()  # codes handed on from the scan under way

    def bind(self, window: Any) -> None:
        window.bind(on_textinput=self._text, on_key_down=self._key)

    def unbind(self, window: Any) -> None:
        window.unbind(on_textinput=self._text, on_key_down=self._key)

    # --- window events (UI thread) ---------------------------------------------------

    def _text(self, _window: Any, text: str) -> bool:
        self.feed(text)
        return False

    def _key(self, _window: Any, key: int, *_args: Any) -> bool:
        if key in ENTER_KEYS:
            self.line_end()
            return True  # nothing else on the kiosk wants an Enter
        return False

    # --- the logic -----------------------------------------------------------------------

    def feed(self, text: str) -> None:
        now = self.monotonic()
        if now - self._last_key > STALE_S:
            self._buffer = ""
            self._handed.clear()
        self._last_key = now
        self._buffer = (self._buffer + text)[-MAX_BUFFER:]
        if self._quiet is not None:
            self._quiet.cancel()
        self._quiet = self.schedule(self.flush, QUIET_S)

    def line_end(self) -> None:
        self._last_key = self.monotonic()
        self._buffer += "\n"
        self._look()

    def flush(self) -> None:
        """The scanner went quiet: look once more, then forget the text (the next scan is new)."""
        self._quiet = None
        self._look()
        self._buffer = ""
        self._handed.clear()

    def _look(self) -> None:
        if not self.active():
            self._buffer = ""
            return
        for code in find_codes(self._buffer):
            if code not in self._handed:
                self._handed.add(code)
                self.on_code(code)
