"""Pick a time: a service's free appointment slots for the next weeks, day by day."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty, StringProperty

from kiosk.core.errors import N_
from kiosk.ui.present import service_row
from kiosk.ui.present_booking import slot_days
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import KButton

NONE_FREE = N_("Zurzeit ist kein Termin frei. Bitte fragen Sie am Empfang.")


class SlotButton(KButton):
    """A free time; tapping it opens the booking's confirmation (layout in slots.kv)."""

    offer = ObjectProperty(None, allownone=True)  # kiosk.core.appointments.SlotOffer


class SlotsScreen(KioskScreen):
    row = ObjectProperty(None, allownone=True)  # the service, as on the "here today" list
    service_name = StringProperty("")
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.app.state.bind(service_id=self._refresh)

    def refresh(self) -> None:
        state = self.app.state
        snapshot, t, sid = state.snapshot, state.translation, state.service_id
        self.row = service_row(snapshot, sid, state.language, t)
        self.service_name = self.row.name if self.row else ""
        box = self.ids.days
        box.clear_widgets()
        days = slot_days(snapshot, sid, t, state.language)
        if not days:
            box.add_widget(Factory.Notice(text=t.gettext(NONE_FREE)))
            return
        for heading, choices in days:
            box.add_widget(Factory.SectionHeading(text=heading))
            times = Factory.SlotTimes()
            for choice in choices:
                times.add_widget(SlotButton(text=choice.label, offer=choice.offer))
            box.add_widget(times)
