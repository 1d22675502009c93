"""What every screen shares: access to the app's state, theme and flow."""

from __future__ import annotations

from kivy.app import App
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A screen that re-renders itself when the snapshot or the language changes."""

    show_calls = True  # whether the band of called numbers shows under this screen

    @property
    def app(self):
        return App.get_running_app()

    def on_kv_post(self, base_widget: object) -> None:
        state = self.app.state
        state.bind(snapshot=self._refresh, tr=self._refresh)
        self._refresh()

    def _refresh(self, *_args: object) -> None:
        if self.app.state.snapshot is not None:
            self.refresh()

    def refresh(self) -> None:
        """Fill data-driven parts from the latest snapshot (texts from kv re-render on their own)."""
