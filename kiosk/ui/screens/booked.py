"""The booked appointment: the time very large, the day, the room, the code, how the slip printed."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.core.errors import N_
from kiosk.core.timekeeping import office_day
from kiosk.i18n.formatting import bare_time
from kiosk.ui.present import Translation, day_name, service_row
from kiosk.ui.present_booking import code_line, come_back, slot_room
from kiosk.ui.screens.base import KioskScreen

PRINTING = N_("Ihr Zettel wird gedruckt …")
PRINTED = N_("Bitte nehmen Sie Ihren Zettel unten am Gerät.")
FAILED = N_(
    "Der Zettel konnte nicht gedruckt werden. Bitte schreiben Sie sich Tag, Uhrzeit und Termin-Code auf "
    "oder fotografieren Sie den Bildschirm."
)
NO_PRINTER = N_(
    "Bitte schreiben Sie sich Tag, Uhrzeit und Termin-Code auf oder fotografieren Sie den Bildschirm."
)


class BookedScreen(KioskScreen):
    headline = StringProperty("")
    time = StringProperty("")
    day = StringProperty("")
    service_name = StringProperty("")
    room = StringProperty("")
    code = StringProperty("")
    advice = StringProperty("")
    print_text = StringProperty("")
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        state = self.app.state
        state.bind(booking=self._refresh, booking_error=self._refresh, booking_print=self._refresh)

    def refresh(self) -> None:
        state = self.app.state
        t, offer, made, error = state.translation, state.offer, state.booking, state.booking_error
        slot = made.slot if made else (offer.slot if offer else None)
        today = office_day(state.snapshot.now)
        if slot is not None:
            row = service_row(state.snapshot, slot.service_id, state.language, t)
            self.service_name = row.name if row else slot.service_id
            self.time = bare_time(slot.starts_at)  # huge: digits alone read the same in every language
            self.day = day_name(slot.day, today, t, state.language)
            self.room = slot_room(slot, t)
        if error is not None:
            self.headline = t.gettext("Leider hat das nicht geklappt.")
            self.code, self.advice, self.print_text = "", error.render(t.gettext, state.language), ""
            return
        if made is None:
            self.headline = t.gettext("Ihr Termin wird gebucht …")
            self.code = self.advice = self.print_text = ""
            return
        self.headline = t.gettext("Ihr Termin ist gebucht.")
        self.code = code_line(made.booking.code, t)
        self.advice = come_back(made.slot, today, t, state.language)
        self.print_text = self._print_text(t)

    def _print_text(self, t: Translation) -> str:
        status = self.app.state.booking_print
        texts = {"printing": PRINTING, "printed": PRINTED, "failed": FAILED, "off": NO_PRINTER}
        return t.gettext(texts[status]) if status in texts else ""
