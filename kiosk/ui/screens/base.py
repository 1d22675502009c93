"""What every screen shares: access to the app's state, theme and flow."""

from __future__ import annotations

from kivy.app import App
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A screen that re-renders itself when the snapshot or the language changes.

    Only the screen on view re-renders at once; the others note that they are
    stale and catch up just before they are shown. Re-rendering every hidden
    screen on each new snapshot cost over half a second of the UI thread
    right after a ticket was taken (the week plan alone is a hundred labels).
    """

    show_calls = True  # whether the band of called numbers shows under this screen
    _stale = True

    @property
    def app(self):
        return App.get_running_app()

    def on_kv_post(self, base_widget: object) -> None:
        self.app.state.bind(snapshot=self._refresh, tr=self._refresh)
        self._refresh()

    def _on_view(self) -> bool:
        return self.manager is not None and self.manager.current == self.name

    def _refresh(self, *_args: object) -> None:
        if not self._on_view():
            self._stale = True
            return
        if self.app.state.snapshot is not None:
            self._stale = False
            self.refresh()

    def on_pre_enter(self, *_args: object) -> None:
        if self._stale and self.app.state.snapshot is not None:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Fill data-driven parts from the latest snapshot (texts from kv re-render on their own)."""
