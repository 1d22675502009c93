"""The Kivy App: it only wires the parts together.

    KioskState (what is shown) ◄── Flow (what a tap does) ──► Backend thread (Store)
          ▲                            │                          │
     screens (.kv bind)          ScreenManager             PrintWorker (kiosk.printing)

Background services (the print worker, the staff web server) start once
the first frame is on the screen and stop in ``on_stop``; the CLI hands
them in. Screens other than the welcome are built after the first frame
too, one per 50 ms (kiosk/ui/screens/__init__.py).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.factory import Factory
from kivy.lang import Builder

from kiosk.config import Config
from kiosk.core.timekeeping import Clock as DomainClock
from kiosk.printing.types import PrintOutcome
from kiosk.sync.bookings import confirmer_for
from kiosk.sync.runner import SyncRunner, sync_command
from kiosk.systemd_notify import notify, watchdog_interval
from kiosk.ui import screens, widgets
from kiosk.ui.backend import Backend
from kiosk.ui.flow import Flow
from kiosk.ui.printer_link import PrinterLink
from kiosk.ui.scanner import ScannerInput
from kiosk.ui.snapshot import Snapshot
from kiosk.ui.speech import Speaker
from kiosk.ui.state import KioskState
from kiosk.ui.theme import Theme

log = logging.getLogger("kiosk.ui")
HERE = Path(__file__).resolve().parent
assert widgets.KLabel  # importing widgets registers the classes the .kv files name
IDLE_CHECK_S = 1.0
PREPARE_SCREEN_S = 0.05  # one screen built per this interval after the first frame
START_SERVICES_S = 3.0  # start the background services by then even if no frame was drawn


class Service(Protocol):
    """Something that runs beside the UI on its own thread (web server, print worker)."""

    def start(self) -> None: ...

    def stop(self, timeout: float = ...) -> None: ...


def on_ui_thread(callback: Callable[[], None]) -> None:
    """Run ``callback`` on Kivy's thread at the next frame (safe from any thread)."""
    Clock.schedule_once(lambda _dt: callback(), 0)


def after_next_swap(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the next frame is on the screen, not merely drawn.

    Kivy dispatches ``on_flip`` to bound handlers before the window's own
    handler swaps the buffers, and with software GL the swap is where the
    frame is really rendered (30–40 ms at 1280×800): a first-frame time taken
    in a bound handler would flatter the kiosk.
    """

    def drawn(*_args: Any) -> None:
        Window.unbind(on_flip=drawn)
        swap = Window.flip

        def swap_then_call() -> None:
            del Window.flip  # the window's own method again
            swap()
            callback()

        Window.flip = swap_then_call

    Window.bind(on_flip=drawn)


def later(callback: Callable[[], None], seconds: float) -> Any:
    """Run ``callback`` on Kivy's thread after ``seconds``; the result can be cancelled."""
    return Clock.schedule_once(lambda _dt: callback(), seconds)


class KioskApp(App):
    title = "Quartierskiosk"

    def __init__(
        self,
        kiosk_config: Config,
        clock: DomainClock,
        *,
        printer: PrinterLink | None = None,
        speaker: Speaker | None = None,
        services: Sequence[Service] = (),
        monotonic: Callable[[], float] = time.monotonic,
        first_frame_file: Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.kiosk_config = kiosk_config
        self.domain_clock = clock
        self.printer = printer
        self.speaker = speaker
        self.services = list(services)
        self.monotonic = monotonic
        self.first_frame_file = first_frame_file
        screen = kiosk_config.screen
        self.state = KioskState()
        self.state.set_language(screen.default_language)
        self.theme = Theme(screen.width_mm, screen.height_mm, screen.touch_target_mm)
        self.theme.large_text = screen.large_text
        self.theme.high_contrast = screen.high_contrast
        self.backend = Backend(
            kiosk_config.storage.database,
            clock,
            on_ui_thread,
            self._snapshot,
            print_slips=printer is not None,
            on_issued=(lambda _issued: printer.wake()) if printer is not None else None,
            confirmer=confirmer_for(kiosk_config),
        )
        self.flow: Flow | None = None
        self.scanner: ScannerInput | None = None
        self._events: list[Any] = []
        self._services_started = False

    @classmethod
    def wired(
        cls, kiosk_config: Config, clock: DomainClock, *, printing: bool = True, **kwargs: Any
    ) -> KioskApp:
        """The app with its print worker, speaker and staff web server, as ``kiosk run`` starts it."""
        from kiosk.ui.printer_link import start_print_worker
        from kiosk.ui.speech import EspeakSpeaker

        holder: list[KioskApp] = []

        def outcome(result: PrintOutcome) -> None:  # on the print worker's thread
            if holder:
                holder[0].print_outcome(result)

        printer = start_print_worker(kiosk_config, clock, outcome) if printing else None
        if kiosk_config.screen.speak_ticket_number:
            kwargs.setdefault("speaker", EspeakSpeaker())
        services: list[Service] = [printer] if printer is not None else []
        if kiosk_config.web.enabled:
            from kiosk.web.service import WebService

            services.append(WebService(kiosk_config, clock))
        app = cls(kiosk_config, clock, printer=printer, services=services, **kwargs)
        holder.append(app)
        return app

    # --- building ------------------------------------------------------------------

    def build(self) -> Any:
        for kv in (HERE / "widgets.kv", HERE / "root.kv"):
            Builder.unload_file(str(kv))
            Builder.load_file(str(kv))
        screens.forget_rules()
        root = Factory.RootView()
        root.ids.screens.get_screen("welcome")  # the first screen; the others once the first frame is up
        self.flow = Flow(
            self.kiosk_config,
            self.state,
            self.theme,
            self.backend,
            manager=root.ids.screens,
            band=root.ids.band,
            deliver=on_ui_thread,
            printer=self.printer,
            speaker=self.speaker,
            sync_runner=SyncRunner(sync_command(self.kiosk_config.source), self.domain_clock),
            monotonic=self.monotonic,
            stop_app=self.stop,
        )
        Window.bind(size=self._fit, on_touch_down=self._touched)
        self._fit(Window, Window.size)
        booking = self.flow.booking
        self.scanner = ScannerInput(booking.scanned, booking.scan_wanted, later)
        self.scanner.bind(Window)
        return root

    def _fit(self, _window: Any, size: tuple[int, int]) -> None:
        self.theme.fit_window(*size)

    def _touched(self, *_args: Any) -> bool:
        if self.flow is not None:
            self.flow.touched()
        return False  # only noting the time; the touch goes on to the widgets

    def input_ready(self, now: float) -> bool:
        return self.flow is None or self.flow.input_ready(now)

    def _snapshot(self, snapshot: Snapshot) -> None:
        self.state.snapshot = snapshot

    def print_outcome(self, outcome: PrintOutcome) -> None:
        """Called by the print worker on its thread."""
        on_ui_thread(lambda: self.flow and self.flow.print_outcome(outcome))

    # --- life cycle --------------------------------------------------------------------

    def on_start(self) -> None:
        self.backend.start()
        # The print worker and the staff web server start once the first
        # frame is up (or after START_SERVICES_S at the latest): importing
        # the web stack beside the first frame delayed it by half a second.
        self._events.append(Clock.schedule_once(lambda _dt: self._start_services(), START_SERVICES_S))
        self._events.append(Clock.schedule_interval(lambda _dt: self.flow.check_idle(), IDLE_CHECK_S))
        interval = watchdog_interval()
        if interval:
            self._events.append(Clock.schedule_interval(lambda _dt: notify("WATCHDOG=1"), interval))
        after_next_swap(self._first_frame)

    def _first_frame(self) -> None:
        notify("READY=1")
        log.info("first frame on screen")
        if self.first_frame_file is not None:
            self.first_frame_file.write_text(json.dumps({"first_frame": time.time()}), encoding="utf-8")
        self._start_services()
        self._events.append(Clock.schedule_interval(self._prepare_screen, PREPARE_SCREEN_S))

    def _prepare_screen(self, _dt: float) -> bool:
        """Build one more screen between frames; a tap finds its screen ready."""
        return bool(self.root) and self.root.ids.screens.prepare_one()

    def _start_services(self) -> None:
        if self._services_started:
            return
        self._services_started = True
        for service in self.services:
            service.start()

    def on_stop(self) -> None:
        for event in self._events:
            event.cancel()
        self._events.clear()
        Window.unbind(size=self._fit, on_touch_down=self._touched)
        if self.scanner is not None:
            self.scanner.unbind(Window)
        for service in reversed(self.services):
            try:
                service.stop(5.0)
            except Exception:
                log.exception("stopping %s failed", type(service).__name__)
        self.backend.stop()
