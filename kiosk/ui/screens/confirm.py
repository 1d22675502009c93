"""The take-a-ticket confirmation: one calm question before a number is committed."""

from __future__ import annotations

from kivy.properties import ObjectProperty

from kiosk.ui.present import service_row
from kiosk.ui.screens.base import KioskScreen


class ConfirmScreen(KioskScreen):
    row = ObjectProperty(None, allownone=True)
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.app.state.bind(service_id=self._refresh)

    def refresh(self) -> None:
        state = self.app.state
        self.row = service_row(state.snapshot, state.service_id, state.language, state.translation)
