"""The ticket: the number very large, where to wait, how long, and how the slip printed."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui.present import Translation, ahead_text, estimated_wait, feed_text, room_text
from kiosk.ui.present_booking import appointment_lines
from kiosk.ui.screens.base import KioskScreen


class TicketScreen(KioskScreen):
    code = StringProperty("")
    service_name = StringProperty("")
    service_language = StringProperty("")  # "" or the language of a fallback name (present.feed_text)
    room = StringProperty("")
    ahead = StringProperty("")
    wait = StringProperty("")
    headline = StringProperty("")
    print_text = StringProperty("")
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.app.state.bind(
            issued=self._refresh,
            issue_error=self._refresh,
            print_state=self._refresh,
            print_message=self._refresh,
        )

    def refresh(self) -> None:
        state = self.app.state
        t = state.translation
        issued, error = state.issued, state.issue_error
        if error is not None:
            self.headline = t.gettext("Leider hat das nicht geklappt.")
            self.code = ""
            self.service_name, self.service_language = error.render(t.gettext, state.language), ""
            self.room = self.ahead = self.wait = self.print_text = ""
            return
        if issued is None:
            self.headline = t.gettext("Ihre Nummer wird vergeben …")
            self.code = "…"
            self.service_name = self.service_language = ""
            self.room = self.ahead = self.wait = self.print_text = ""
            return
        ticket, estimate = issued.ticket, issued.ticket.estimate
        self.headline = t.gettext("Ihre Nummer")
        self.code = ticket.code
        self.service_name, self.service_language = feed_text(issued.service.names, state.language)
        self.room = room_text(issued.session, t)
        self.ahead = ahead_text(estimate, t, state.language) if estimate else ""
        self.wait = estimated_wait(estimate, t) if estimate else ""
        self.print_text = self._print_text(t)
        if state.checked_in is not None:  # an appointment: its time matters, not the queue
            self.headline, self.ahead, self.wait = appointment_lines(state.checked_in, t, state.language)
            if state.checked_in.again:
                self.print_text = t.gettext("Sie sind schon angemeldet. Das ist Ihre Nummer.")

    def _print_text(self, t: Translation) -> str:
        state = self.app.state
        if state.print_state == "printing":
            return t.gettext("Ihr Zettel wird gedruckt …")
        if state.print_state == "printed":
            return t.gettext("Bitte nehmen Sie Ihren Zettel unten am Gerät.")
        if state.print_state == "failed":
            reason = t.gettext(state.print_message) if state.print_message else ""
            remember = t.gettext("Bitte merken Sie sich Ihre Nummer.")
            # The printer's sentence may already ask for that (ending in ";" or "."); say it once.
            return reason if remember.rstrip(".") in reason else f"{reason} {remember}".strip()
        if state.print_state == "off":
            return t.gettext("Bitte merken Sie sich Ihre Nummer oder fotografieren Sie sie.")
        return ""
