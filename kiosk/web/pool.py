"""One office-database connection per server thread.

:class:`kiosk.store.Store` holds one sqlite connection that must not be used
by two threads at once. The web server runs blocking handlers on a pool of
worker threads, so each thread lazily opens its own Store and keeps it; the
pool remembers them all to close them when the server stops.
"""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.core.timekeeping import Clock
from kiosk.store import Store


class StorePool:
    def __init__(self, path: Path | str, clock: Clock) -> None:
        self.path = Path(path)
        self.clock = clock
        self._local = threading.local()
        self._opened: list[Store] = []
        self._guard = threading.Lock()
        self._closed = False

    def migrate(self) -> None:
        """Create or upgrade the schema once, before any worker opens the file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        Store(self.path, self.clock).close()

    def get(self) -> Store:
        """This thread's Store, opened on first use."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            with self._guard:
                if self._closed:
                    raise RuntimeError("the web server is stopping")
                store = Store(self.path, self.clock, migrate=False)
                self._opened.append(store)
            self._local.store = store
        return store

    def close_thread(self) -> None:
        """Close this thread's Store early (a thread that is about to end)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            with self._guard:
                if store in self._opened:
                    self._opened.remove(store)
            store.close()

    def close(self) -> None:
        with self._guard:
            self._closed = True
            opened, self._opened = self._opened, []
        for store in opened:
            store.close()
