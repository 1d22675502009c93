"""Book this appointment? One calm question; nothing personal is asked (a name is optional)."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.core.timekeeping import office_day
from kiosk.ui.present import service_row
from kiosk.ui.present_booking import slot_room, slot_when
from kiosk.ui.screens.base import KioskScreen


class BookScreen(KioskScreen):
    service_name = StringProperty("")
    pictogram = StringProperty("generic")
    when = StringProperty("")
    room = StringProperty("")
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.app.state.bind(offer=self._refresh)

    def refresh(self) -> None:
        state = self.app.state
        offer, t = state.offer, state.translation
        if offer is None:
            self.service_name = self.when = self.room = ""
            return
        row = service_row(state.snapshot, offer.slot.service_id, state.language, t)
        self.service_name = row.name if row else offer.slot.service_id
        self.pictogram = row.pictogram if row else "generic"
        self.when = slot_when(offer.slot, office_day(state.snapshot.now), t, state.language)
        self.room = slot_room(offer.slot, t)
