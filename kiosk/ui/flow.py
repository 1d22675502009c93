"""What a tap does: the visitor's way through the screens, and the staff's.

The screens call these methods from their buttons; the methods change the
shared state, switch screens and hand slow work to the backend thread or a
helper thread. Nothing here waits on I/O: a tap changes the screen at once
and the result fills in when it arrives.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from kiosk.clock import SystemClock
from kiosk.config import Config
from kiosk.core.errors import N_
from kiosk.i18n.languages import LANGUAGES
from kiosk.passwords import verify_secret
from kiosk.printing.types import PrinterState, PrintOutcome
from kiosk.sync.runner import SyncRunner, sync_command
from kiosk.ui.backend import Backend, IssueResult
from kiosk.ui.booking_flow import BookingFlow
from kiosk.ui.printer_link import PrinterLink, render_preview_png
from kiosk.ui.speech import Speaker, spoken_code
from kiosk.ui.state import KioskState
from kiosk.ui.theme import Theme

log = logging.getLogger("kiosk.ui")

# After a screen changes, touches are ignored this long: the second half of a
# bouncing tap must not land on whatever button now sits under the finger.
SETTLE_S = 0.35
PIN_ATTEMPTS = 5
PIN_LOCK_S = 60.0

# The printer's state in words, for the maintenance screen (gettext msgids).
PRINTER_STATES = {
    PrinterState.READY: N_("bereit"),
    PrinterState.PAPER_LOW: N_("Papier fast leer"),
    PrinterState.PAPER_OUT: N_("kein Papier"),
    PrinterState.COVER_OPEN: N_("Klappe offen"),
    PrinterState.OFFLINE: N_("nicht erreichbar"),
    PrinterState.UNKNOWN: N_("Zustand unbekannt"),
}


class Flow:
    def __init__(
        self,
        config: Config,
        state: KioskState,
        theme: Theme,
        backend: Backend,
        *,
        manager: Any,  # the ScreenManager
        band: Any,  # the CallsBand
        deliver: Callable[[Callable[[], None]], None],
        printer: PrinterLink | None = None,
        speaker: Speaker | None = None,
        sync_runner: SyncRunner | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        stop_app: Callable[[], None] = lambda: None,
    ) -> None:
        self.config = config
        self.screen = config.screen
        self.state = state
        self.theme = theme
        self.backend = backend
        self.manager = manager
        self.band = band
        self.deliver = deliver
        self.printer = printer
        self.speaker = speaker or Speaker()
        self.sync_runner = sync_runner or SyncRunner(sync_command(config.source), SystemClock())
        self.monotonic = monotonic
        self.stop_app = stop_app
        self.last_touch = monotonic()
        self.settle_until = 0.0
        self.attempt: str | None = None
        self.pin_failures = 0
        self.pin_locked_until = 0.0
        self.booking = BookingFlow(self)  # appointments: book, and check in by scan or code
        state.bind(snapshot=lambda *_: self.update_band(), tr=lambda *_: self.update_band())

    # --- input guard and idle ----------------------------------------------------

    def touched(self) -> None:
        self.last_touch = self.monotonic()

    def input_ready(self, now: float) -> bool:
        return now >= self.settle_until

    def go(self, name: str) -> None:
        if self.manager.current != name:
            self.manager.current = name
            self.settle_until = time.monotonic() + SETTLE_S
        self.update_band()

    def update_band(self) -> None:
        current = self.manager.current_screen
        visible = self.screen.show_calls and current is not None and getattr(current, "show_calls", True)
        snapshot = self.state.snapshot
        visible = visible and snapshot is not None and (snapshot.open_now or snapshot.office is None)
        self.band.calls = tuple(snapshot.calls) if visible and snapshot is not None else ()
        self.band.render()

    def check_idle(self) -> None:
        """Back to the welcome screen, in the default language, after the idle timeout."""
        if self.monotonic() - self.last_touch < self.screen.idle_timeout_s:
            return
        at_rest = (
            self.manager.current == "welcome"
            and self.state.language == self.screen.default_language
            and self.theme.large_text == self.screen.large_text
            and self.theme.high_contrast == self.screen.high_contrast
        )
        if not at_rest:
            log.info("idle: back to the welcome screen")
            self.theme.large_text = self.screen.large_text
            self.theme.high_contrast = self.screen.high_contrast
            self.restart()

    # --- the visitor's way ----------------------------------------------------------

    def restart(self) -> None:
        self.attempt = None
        self.booking.reset()
        self.state.forget_ticket()
        self.state.service_id = ""
        self.state.set_language(self.screen.default_language)
        self.go("welcome")

    def choose_language(self, code: str) -> None:
        self.state.set_language(code)
        self.go("today")

    def open_service(self, service_id: str) -> None:
        self.state.service_id = service_id
        self.go("service")

    def back_to_today(self) -> None:
        self.go("today")

    def back_to_service(self) -> None:
        self.attempt = None
        self.go("service")

    def show_info(self) -> None:
        self.go("info")

    def toggle_large_text(self) -> None:
        self.theme.large_text = not self.theme.large_text

    def toggle_contrast(self) -> None:
        self.theme.high_contrast = not self.theme.high_contrast

    def ask_ticket(self) -> None:
        """Open the confirmation; this visit may issue exactly one ticket."""
        self.attempt = uuid.uuid4().hex
        self.state.forget_ticket()
        self.go("confirm")

    def take_ticket(self) -> None:
        attempt, self.attempt = self.attempt, None
        if attempt is None or self.state.issuing:
            return  # the second press of the same confirmation
        self.state.forget_ticket()
        self.state.issuing = True
        self.state.print_state = "printing" if self.printer is not None else "off"
        self.go("ticket")  # feedback at once; the number fills in a few ms later
        self.backend.issue(attempt, self.state.service_id, self.state.language, self._issued)

    def _issued(self, result: IssueResult) -> None:
        self.state.issuing = False
        if result.error is not None or result.issued is None:
            self.state.print_state = "none"
            self.state.issue_error = result.error
            return
        self.state.issued = result.issued
        if self.screen.speak_ticket_number:
            language = LANGUAGES[self.state.language]
            text = self.state.tr("Ihre Nummer: {code}").format(code=spoken_code(result.issued.ticket.code))
            self.speaker.say(text, language.voice)

    def print_outcome(self, outcome: PrintOutcome) -> None:
        """A slip finished printing (or failed); runs on the UI thread."""
        self.state.printer_status = outcome.status
        if outcome.booking_id:
            self.booking.print_outcome(outcome)
            return
        if outcome.job_id == 0 and outcome.ticket_id == 0:  # a test slip from the maintenance screen
            self._note(
                N_("Testdruck fertig.") if outcome.ok else outcome.message or N_("Testdruck fehlgeschlagen.")
            )
            return
        issued = self.state.issued
        if issued is None or issued.ticket.id != outcome.ticket_id:
            return
        if outcome.ok:
            self.state.print_state = "printed"
            return
        self.state.print_message = outcome.message
        self.state.preview_png = str(outcome.preview_png) if outcome.preview_png else ""
        self.state.print_state = "failed"
        if not outcome.preview_png:
            self._render_preview(outcome.ticket_id)

    def _render_preview(self, ticket_id: int) -> None:
        language = self.state.language

        def show(path: Any) -> None:
            issued = self.state.issued
            if path and not isinstance(path, Exception) and issued and issued.ticket.id == ticket_id:
                self.state.preview_png = str(path)

        self.backend.call(lambda store: render_preview_png(store, ticket_id, self.config, language), show)

    # --- staff ------------------------------------------------------------------------

    def ask_staff_pin(self) -> None:
        if not self.screen.staff_pin_hash:
            log.info("staff gesture seen, but no staff_pin_hash is configured")
            return
        self.go("pin")

    def check_staff_pin(self, pin: str) -> None:
        pin_screen = self.manager.get_screen("pin")
        if self.monotonic() < self.pin_locked_until:
            pin_screen.message = self.state.tr("Zu viele Versuche. Bitte eine Minute warten.")
            return

        def work() -> None:
            ok = verify_secret(self.screen.staff_pin_hash or None, pin)
            self.deliver(lambda: self._pin_checked(ok))

        threading.Thread(target=work, name="kiosk-pin", daemon=True).start()

    def _pin_checked(self, ok: bool) -> None:
        if ok:
            self.pin_failures = 0
            log.info("maintenance screen opened")
            self.go("maintenance")
            return
        self.pin_failures += 1
        log.warning("wrong staff PIN (%d in a row)", self.pin_failures)
        if self.pin_failures >= PIN_ATTEMPTS:
            self.pin_failures = 0
            self.pin_locked_until = self.monotonic() + PIN_LOCK_S
        self.manager.get_screen("pin").message = self.state.tr("Die PIN stimmt nicht.")

    def printer_summary(self) -> str:
        tr = self.state.tr
        if self.printer is None:
            return tr("Drucker: keiner eingerichtet (oder Druckteil fehlt).")
        status = self.printer.status
        detail = f" {tr(status.detail)}" if status.detail else ""
        state = PRINTER_STATES.get(status.state, status.state.value)
        return tr("Drucker: {state}.").format(state=tr(state)) + detail

    def schedule_summary(self) -> str:
        snapshot = self.state.snapshot
        info = snapshot.schedule if snapshot else None
        if not info:
            return self.state.tr("Kein Plan geladen.")
        return self.state.tr("Plan {version}, geladen {loaded}, Quelle: {source}").format(
            version=info.get("version", ""), loaded=info.get("loaded_at", ""), source=info.get("source", "")
        )

    def _note(self, text: str) -> None:
        self.state.maintenance_note = self.state.tr(text)

    def print_test(self) -> None:
        if self.printer is None:
            self._note(N_("Kein Drucker eingerichtet."))
            return
        self._note(N_("Testdruck läuft …"))
        self.printer.print_test(self.state.language)  # queued; the outcome comes to print_outcome

    def sync_now(self) -> None:
        """Start ``kiosk sync`` (one at a time) and show its one-line report."""
        _job, started = self.sync_runner.start()
        if not started:
            return  # the note already says a sync is running
        self._note(N_("Abgleich läuft …"))

        def wait() -> None:
            done = self.sync_runner.wait()
            log.info("sync from the maintenance screen: %s (exit %s)", done.state, done.exit_code)
            self.deliver(lambda: self._note(done.message))
            if done.state == "succeeded":
                self.backend.refresh()

        threading.Thread(target=wait, name="kiosk-sync-now", daemon=True).start()

    def quit(self) -> None:
        log.info("quit from the maintenance screen")
        self.stop_app()
