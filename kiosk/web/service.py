"""The staff web server as a background service of ``kiosk run``.

The touchscreen must come up even when the web server cannot (the port is
taken, the configured LAN address is not on this machine yet because DHCP is
slow): the server starts on its own thread, a failure is logged and recorded
under the store's status key 'web' for ``kiosk doctor`` and the maintenance
screen, and the kiosk keeps handing out numbers.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.core.errors import KioskError
from kiosk.core.timekeeping import Clock
from kiosk.store import Store

if TYPE_CHECKING:
    from kiosk.web.server import ServerHandle

log = logging.getLogger("kiosk.web")


class WebService:
    """Starts ``serve_in_thread`` off the caller's thread; ``stop`` ends it."""

    def __init__(self, config: Config, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.handle: ServerHandle | None = None
        self.error: str | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._start, name="kiosk-web-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        # Imported here, on this thread: FastAPI and uvicorn take half a second
        # to import, which the touchscreen must not wait for.
        from kiosk.web.server import serve_in_thread

        try:
            handle = serve_in_thread(self.config, self.clock)
        except KioskError as error:
            self.error = str(error)
            log.error("the staff web server did not start: %s", error)
            self._record({"running": False, "error": self.error})
            return
        with self._lock:
            if self._stopping:
                handle.stop()
                return
            self.handle = handle
        self._record({"running": True, "url": handle.url, "error": None})

    def _record(self, value: dict[str, object]) -> None:
        try:
            with Store(self.config.storage.database, self.clock) as store, store.write() as tx:
                store.set_status("web", value, tx.now)
        except KioskError as error:
            log.error("could not record the web server's state: %s", error)

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._stopping = True
            handle, self.handle = self.handle, None
        if handle is not None:
            handle.stop(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
