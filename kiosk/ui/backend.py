"""The UI's one worker thread: every database call of the touchscreen runs here.

The main (Kivy) thread only puts requests in a queue and gets results back
through ``deliver`` (in the app: ``Clock.schedule_once``), so a slow SD card,
a busy database or a nightly sync writing its plan never freezes a tap.

Between requests the thread polls the event log (one indexed ``MAX(id)``):
a ticket called at a desk, a plan replaced by ``kiosk sync`` in another
process, or a printer status report shows up within ``poll_interval``. It
also reloads once a minute, because sessions start and end as time passes
without any event.

Issuing is guarded here, not only in the button: one confirmation screen
visit carries one ``attempt`` token, and a token is honoured once, so a
bouncing touchscreen, a double tap or an impatient second press never
issues two tickets or queues two slips.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.appointments import SlotKey
from kiosk.core.errors import KioskError
from kiosk.core.timekeeping import Clock
from kiosk.store import Store
from kiosk.store import queue as ops
from kiosk.store.bookings import CheckedIn, Reserved, check_in
from kiosk.store.queue import Issued
from kiosk.sync.bookings import OnlineConfirmer, book
from kiosk.ui.snapshot import Snapshot, load_snapshot

log = logging.getLogger("kiosk.ui")

Deliver = Callable[[Callable[[], None]], None]

POLL_INTERVAL = 0.5
RELOAD_INTERVAL = 30.0


@dataclass(frozen=True)
class IssueResult:
    """How one take-a-ticket request ended: a committed ticket or an error."""

    attempt: str
    issued: Issued | None = None
    error: KioskError | None = None


@dataclass(frozen=True)
class BookResult:
    """How one book-this-slot request ended: a standing booking or an error."""

    attempt: str
    reserved: Reserved | None = None
    error: KioskError | None = None


@dataclass(frozen=True)
class CheckInResult:
    """How one check-in (scan or typed code) ended: the appointment's ticket or an error."""

    code: str
    checked_in: CheckedIn | None = None
    error: KioskError | None = None


class Backend:
    """Owns a :class:`Store` on its own thread and answers the UI's requests."""

    def __init__(
        self,
        db_path: str | Path,
        clock: Clock,
        deliver: Deliver,
        on_snapshot: Callable[[Snapshot], None],
        *,
        print_slips: bool = True,
        on_issued: Callable[[Issued | Reserved], None] | None = None,
        poll_interval: float = POLL_INTERVAL,
        reload_interval: float = RELOAD_INTERVAL,
        confirmer: OnlineConfirmer | None = None,
    ) -> None:
        self.db_path = str(db_path)
        self.clock = clock
        self.deliver = deliver
        self.on_snapshot = on_snapshot
        self.print_slips = print_slips
        self.on_issued = on_issued  # called on this thread when a slip was queued: wakes the print worker
        self.poll_interval = poll_interval
        self.reload_interval = reload_interval
        self.confirmer = confirmer  # the city's online confirmation of slots not assigned to this kiosk
        self._requests: queue.Queue[Callable[[Store], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._attempts: set[str] = set()
        self._last_event = -1
        self._last_load = 0.0
        self.failing = False

    # --- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kiosk-ui-backend", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is None:
            return
        self._requests.put(None)
        self._thread.join(timeout)
        self._thread = None

    # --- requests from the UI thread ----------------------------------------

    def refresh(self) -> None:
        """Reload the snapshot now (after a tap that changes what is shown)."""
        self._requests.put(self._reload)

    def issue(
        self, attempt: str, service_id: str, language: str, done: Callable[[IssueResult], None]
    ) -> None:
        """Take a ticket once per ``attempt``; ``done`` runs on the UI thread."""

        def work(store: Store) -> None:
            if attempt in self._attempts:
                log.info("ignored a repeated take-a-ticket request")
                return
            self._attempts.add(attempt)
            try:
                issued = ops.issue_ticket(store, service_id, language, print_slip=self.print_slips)
            except KioskError as error:
                log.warning("issuing a ticket failed: %s", error)
                result = IssueResult(attempt, error=error)
                self.deliver(lambda: done(result))
                return
            if self.on_issued is not None:
                self.on_issued(issued)
            self.deliver(lambda: done(IssueResult(attempt, issued=issued)))
            self._reload(store)

        self._requests.put(work)

    def book(
        self, attempt: str, key: SlotKey, language: str, name: str, done: Callable[[BookResult], None]
    ) -> None:
        """Book a slot once per ``attempt`` (guarded like :meth:`issue`); ``done`` runs on the UI thread.

        A slot that needs the city's confirmation waits here for its answer
        (a few seconds at most): this thread waits, the screen does not.
        """

        def work(store: Store) -> None:
            if attempt in self._attempts:
                log.info("ignored a repeated book-this-slot request")
                return
            self._attempts.add(attempt)
            try:
                reserved = book(
                    store, key, language, name, confirmer=self.confirmer, print_slip=self.print_slips
                )
            except KioskError as error:
                log.warning("booking a slot failed: %s", type(error).__name__)  # no code in the log
                failed = BookResult(attempt, error=error)
                self.deliver(lambda: done(failed))
                self._reload(store)
                return
            if self.on_issued is not None and reserved.print_job_id is not None:
                self.on_issued(reserved)
            self.deliver(lambda: done(BookResult(attempt, reserved=reserved)))
            self._reload(store)

        self._requests.put(work)

    def check_in(self, code: str, done: Callable[[CheckInResult], None]) -> None:
        """Check a booking in (a second time shows the same ticket); ``done`` runs on the UI thread."""

        def work(store: Store) -> None:
            try:
                arrived = check_in(store, code, print_slip=self.print_slips)
            except KioskError as error:
                log.info("check-in refused: %s", type(error).__name__)
                refused = CheckInResult(code, error=error)
                self.deliver(lambda: done(refused))
                return
            if self.on_issued is not None and arrived.issued.print_job_id is not None:
                self.on_issued(arrived.issued)
            self.deliver(lambda: done(CheckInResult(code, checked_in=arrived)))
            self._reload(store)

        self._requests.put(work)

    def call(self, work: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        """Run ``work(store)`` here and hand its result (or KioskError) to ``done``."""

        def job(store: Store) -> None:
            try:
                result = work(store)
            except KioskError as error:
                result = error
            self.deliver(lambda: done(result))

        self._requests.put(job)

    # --- the thread ------------------------------------------------------------

    def _run(self) -> None:
        store = self._open()
        if store is None:
            return
        try:
            self._reload(store)
            while True:
                try:
                    request = self._requests.get(timeout=self.poll_interval)
                except queue.Empty:
                    self._poll(store)
                    continue
                if request is None:
                    return
                try:
                    request(store)
                except Exception:
                    log.exception("a UI request failed")
        finally:
            store.close()

    def _open(self) -> Store | None:
        while True:
            try:
                return Store(self.db_path, self.clock)
            except KioskError as error:
                log.error("cannot open the office database, retrying: %s", error)
                try:
                    if self._requests.get(timeout=5.0) is None:
                        return None
                except queue.Empty:
                    continue

    def _poll(self, store: Store) -> None:
        try:
            changed = ops.last_event_id(store) != self._last_event
        except KioskError as error:
            self._note_failure(error)
            return
        if changed or time.monotonic() - self._last_load >= self.reload_interval:
            self._reload(store)

    def _reload(self, store: Store) -> None:
        try:
            snapshot = load_snapshot(store, online_booking=self.confirmer is not None)
        except KioskError as error:
            self._note_failure(error)
            return
        if self.failing:
            log.info("reading the office database works again")
            self.failing = False
        self._last_event = snapshot.event_id
        self._last_load = time.monotonic()
        self.deliver(lambda: self.on_snapshot(snapshot))

    def _note_failure(self, error: KioskError) -> None:
        # Log when it starts failing, not every half second; the screens keep
        # the last good snapshot meanwhile.
        if not self.failing:
            log.error("reading the office database failed; showing the last good state: %s", error)
            self.failing = True
