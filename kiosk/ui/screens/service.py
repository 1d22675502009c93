"""One service: what it helps with, what to bring, when and where, and the way to a ticket."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.i18n.languages import LANGUAGES
from kiosk.ui.present import feed_text, service_row, takes_tickets_now
from kiosk.ui.present_booking import service_offers
from kiosk.ui.screens.base import KioskScreen


class ServiceScreen(KioskScreen):
    row = ObjectProperty(None, allownone=True)
    description = StringProperty("")
    description_language = StringProperty("")  # "" or the language of a fallback (present.feed_text)
    bring = StringProperty("")
    bring_language = StringProperty("")
    can_take = BooleanProperty(False)
    can_book = BooleanProperty(False)  # the service has appointment slots this kiosk may book
    show_calls = False

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.app.state.bind(service_id=self._refresh)

    def refresh(self) -> None:
        state = self.app.state
        snapshot, sid = state.snapshot, state.service_id
        service = snapshot.services.get(sid)
        self.row = service_row(snapshot, sid, state.language, state.translation) if service else None
        about, bring = (service.descriptions, service.what_to_bring) if service else ({}, {})
        self.description, self.description_language = feed_text(about, state.language)
        self.bring, self.bring_language = feed_text(bring, state.language)
        self.can_take = takes_tickets_now(snapshot, sid)
        self.can_book = bool(service_offers(snapshot, sid))
        chips = self.ids.spoken
        chips.clear_widgets()
        offer = snapshot.view.offer(sid)
        spoken = offer.session.languages if offer and offer.session else ()
        for code in spoken:
            if code in LANGUAGES:
                chips.add_widget(Factory.LanguageChip(text=LANGUAGES[code].native))
