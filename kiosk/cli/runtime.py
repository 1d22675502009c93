"""What a CLI command needs: the config, the clock and the office database."""

from __future__ import annotations

from kiosk.clock import SystemClock
from kiosk.config import Config, load_config
from kiosk.core.timekeeping import Clock
from kiosk.store import Store
from kiosk.store.desks import register_desks
from kiosk.store.errors import StoreUnavailable


class Runtime:
    """Loads the config and opens the store on first use, once per command."""

    def __init__(self, config_path: str | None, clock: Clock | None = None) -> None:
        self.config_path = config_path
        self.clock: Clock = clock or SystemClock()
        self._config: Config | None = None
        self._store: Store | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def store(self) -> Store:
        """The office database; created with its schema on first use."""
        if self._store is None:
            path = self.config.storage.database
            if not path.parent.is_dir():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise StoreUnavailable(path=str(path), detail=error.strerror or str(error)) from None
            self._store = Store(path, self.clock)
            if self.config.desks:
                register_desks(self._store, self.config.desk_list())
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
