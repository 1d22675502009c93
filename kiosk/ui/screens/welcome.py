"""The first screen: a greeting in each offered language, and the languages by their own names."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import NumericProperty, StringProperty

from kiosk.i18n.languages import LANGUAGES
from kiosk.ui.present import closed_text
from kiosk.ui.screens.base import KioskScreen

STAFF_HOLD_S = 3.0  # hold the greeting this long to reach the staff PIN


class WelcomeScreen(KioskScreen):
    greeting = StringProperty("")
    greeting_rtl = NumericProperty(0)
    closed = StringProperty("")

    def on_kv_post(self, base_widget: object) -> None:
        self._turn = 0
        self._event = None
        self._held_since: float | None = None
        self.build_languages()
        self.next_greeting()
        super().on_kv_post(base_widget)

    def build_languages(self) -> None:
        grid = self.ids.languages
        grid.clear_widgets()
        for code in self.app.kiosk_config.screen.languages:
            grid.add_widget(Factory.LanguageButton(code=code, text=LANGUAGES[code].native))

    def on_pre_enter(self, *args: object) -> None:
        super().on_pre_enter(*args)
        interval = self.app.kiosk_config.screen.greeting_interval_s
        self._event = Clock.schedule_interval(lambda _dt: self.next_greeting(), interval)

    def on_leave(self, *_args: object) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def next_greeting(self) -> None:
        codes = self.app.kiosk_config.screen.languages
        language = LANGUAGES[codes[self._turn % len(codes)]]
        self._turn += 1
        self.greeting_rtl = 1 if language.rtl else 0
        self.greeting = language.greeting

    def refresh(self) -> None:
        state = self.app.state
        self.closed = closed_text(state.snapshot, state.translation, state.language)

    # The staff gesture: press and hold the office name (no visible button).
    def staff_down(self, touch) -> bool:
        # The screen handler sees the touch in the screen manager's (window)
        # coordinates, but a Screen is a RelativeLayout placed above the band
        # of calls: the greeting's own position is screen-local.
        greeting = self.ids.greeting
        if greeting.collide_point(*greeting.to_widget(*touch.pos)):
            self._held_since = self.app.monotonic()
            return True
        return False

    def staff_up(self, touch) -> bool:
        started, self._held_since = self._held_since, None
        if started is not None and self.app.monotonic() - started >= STAFF_HOLD_S:
            self.app.flow.ask_staff_pin()
            return True
        return False
