"""What a tap does on the way to an appointment, and what a scanned slip does on arrival.

Part of :class:`kiosk.ui.flow.Flow` (``app.flow.booking``), kept apart so the
walk-in flow stays readable. The same rules hold: a tap changes the screen
at once, the store and the city's server are asked on the backend thread,
and one visit to the confirmation books at most once (an ``attempt`` token
the backend honours once), however often the button bounces.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from kiosk.core.appointments import SlotOffer, clean_name
from kiosk.printing.types import PrintOutcome
from kiosk.ui.backend import BookResult, CheckInResult
from kiosk.ui.printer_link import render_booking_png

if TYPE_CHECKING:
    from kiosk.ui.flow import Flow

log = logging.getLogger("kiosk.ui")

# Screens where a scanned slip is not taken as a check-in: the staff's.
NO_SCAN_SCREENS = frozenset({"pin", "maintenance"})


class BookingFlow:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.state = flow.state
        self.attempt: str | None = None
        self.checking: str | None = None  # the code being checked in right now

    def reset(self) -> None:
        """Back at the start: forget the slot, the name and the booking shown."""
        self.attempt = None
        self.state.forget_booking()

    # --- booking ---------------------------------------------------------------------

    def open_slots(self) -> None:
        self.reset()
        self.flow.go("slots")

    def pick(self, offer: SlotOffer) -> None:
        """A time was tapped: the confirmation opens; this visit may book once."""
        self.state.offer = offer
        self.attempt = uuid.uuid4().hex
        self.flow.go("book")

    def back_to_slots(self) -> None:
        self.attempt = None
        self.state.booking_error = None
        self.flow.go("slots")

    def ask_name(self) -> None:
        self.state.keypad_mode = "name"
        self.flow.go("keypad")

    def name_entered(self, text: str) -> None:
        self.state.booking_name = clean_name(text)
        self.flow.go("book")

    def book(self) -> None:
        state = self.state
        attempt, self.attempt = self.attempt, None
        if attempt is None or state.booking_busy or state.offer is None:
            return  # the second press of the same confirmation
        state.booking, state.booking_error, state.booking_preview = None, None, ""
        state.booking_busy = True
        state.booking_print = "printing" if self.flow.printer is not None else "off"
        self.flow.go("booked")  # feedback at once; the booking fills in when it stands
        key = state.offer.slot.key
        self.flow.backend.book(attempt, key, state.language, state.booking_name, self._booked)

    def _booked(self, result: BookResult) -> None:
        state = self.state
        state.booking_busy = False
        if result.error is not None or result.reserved is None:
            state.booking_print = "none"
            state.booking_error = result.error
            return
        state.booking = result.reserved
        if result.reserved.print_job_id is None and state.booking_print == "printing":
            state.booking_print = "off"

    def print_outcome(self, outcome: PrintOutcome) -> None:
        """The appointment slip came out (or not); on the UI thread."""
        state = self.state
        shown = state.booking
        if shown is None or shown.booking.id != outcome.booking_id:
            return
        if outcome.ok:
            state.booking_print = "printed"
            return
        state.booking_preview = str(outcome.preview_png) if outcome.preview_png else ""
        state.booking_print = "failed"
        if not outcome.preview_png:
            self._render_preview(outcome.booking_id)

    def _render_preview(self, booking_id: int) -> None:
        config, language = self.flow.config, self.state.language

        def show(path: Any) -> None:
            shown = self.state.booking
            if path and not isinstance(path, Exception) and shown and shown.booking.id == booking_id:
                self.state.booking_preview = str(path)

        self.flow.backend.call(lambda store: render_booking_png(store, booking_id, config, language), show)

    # --- check-in ----------------------------------------------------------------------

    def ask_code(self) -> None:
        self.state.keypad_mode = "code"
        self.flow.go("keypad")

    def scan_wanted(self) -> bool:
        return self.flow.manager.current not in NO_SCAN_SCREENS

    def scanned(self, code: str) -> None:
        """A slip was held under the scanner (on any visitor screen)."""
        log.info("booking code scanned")
        self.flow.touched()
        self.check_in(code)

    def check_in(self, code: str) -> None:
        state = self.state
        if self.checking is not None:
            return  # one at a time; a repeat of the same scan changes nothing anyway
        self.checking = code
        self.flow.attempt = None
        state.forget_ticket()
        state.issuing = True
        state.print_state = "printing" if self.flow.printer is not None else "off"
        self.flow.go("ticket")
        self.flow.backend.check_in(code, self._checked_in)

    def _checked_in(self, result: CheckInResult) -> None:
        state = self.state
        self.checking = None
        state.issuing = False
        if result.error is not None or result.checked_in is None:
            state.print_state = "none"
            state.issue_error = result.error
            return
        arrived = result.checked_in
        language = arrived.booking.language
        if language != state.language and language in self.flow.screen.languages:
            state.set_language(language)  # the language the visitor chose when booking
        if arrived.again or arrived.issued.print_job_id is None:
            state.print_state = "none" if arrived.again else "off"
        state.checked_in = arrived
        state.issued = arrived.issued
