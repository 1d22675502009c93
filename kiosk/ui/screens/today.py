""" "Here today": services on site now, later today, and when the others come next."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty

from kiosk.core.errors import N_
from kiosk.core.timekeeping import office_day
from kiosk.ui.present import LATER, NOT_TODAY, NOW, day_name, today_rows
from kiosk.ui.present_booking import with_booking_hint
from kiosk.ui.screens.base import KioskScreen

SECTIONS = {
    NOW: N_("Jetzt da – Sie können eine Nummer ziehen"),
    LATER: N_("Später heute"),
    NOT_TODAY: N_("Nicht heute"),
}


class TodayScreen(KioskScreen):
    date_text = StringProperty("")

    def refresh(self) -> None:
        state = self.app.state
        snapshot, t = state.snapshot, state.translation
        self.date_text = day_name(office_day(snapshot.now), office_day(snapshot.now), t, state.language)
        box = self.ids.rows
        box.clear_widgets()
        rows = today_rows(snapshot, state.language, t)
        if snapshot.has_slots:  # appointments: check in by scanning the slip or typing its code
            box.add_widget(Factory.CheckInBar())
        bookable = {offer.slot.service_id for offer in snapshot.offers}
        rows = [with_booking_hint(row, t) if row.service_id in bookable else row for row in rows]
        if not rows:
            box.add_widget(
                Factory.Notice(text=t.gettext("Heute ist kein Plan geladen. Bitte fragen Sie am Empfang."))
            )
            return
        section = None
        for row in rows:
            if row.status != section:
                section = row.status
                box.add_widget(Factory.SectionHeading(text=t.gettext(SECTIONS[section])))
            box.add_widget(Factory.ServiceRowView(row=row, on_release=self._open))

    def _open(self, view) -> None:
        self.app.flow.open_service(view.row.service_id)
