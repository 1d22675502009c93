"""Staff maintenance: printer status, a test print, sync now, quit."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import StringProperty

from kiosk.ui.screens.base import KioskScreen


class MaintenanceScreen(KioskScreen):
    printer_text = StringProperty("")
    schedule_text = StringProperty("")
    show_calls = False

    def on_pre_enter(self, *args: object) -> None:
        super().on_pre_enter(*args)
        self._tick = Clock.schedule_interval(lambda _dt: self.refresh(), 1.0)
        self.refresh()

    def on_leave(self, *_args: object) -> None:
        self._tick.cancel()

    def refresh(self) -> None:
        flow = self.app.flow
        self.printer_text = flow.printer_summary()
        self.schedule_text = flow.schedule_summary()
