"""The print worker: a thread that turns queued print jobs into slips.

The ticket is committed, with its print job, before the worker ever hears of
it; the in-memory signal (:meth:`PrintWorker.wake`) only says "look now". The
worker also looks every ``poll_seconds`` on its own, for reprints that staff
queued through the web console in another process. Each job is claimed
once (``printing``) before any byte goes out and is never printed again by
itself: after a failure staff reprint. The printer's status goes to the
store under the key ``printer`` for the staff page, and every slip's end is
reported to ``on_outcome`` on this thread (the UI moves it to its own).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.config import PrinterConfig
from kiosk.core.errors import N_
from kiosk.core.timekeeping import Clock
from kiosk.printing.content import booking_label, booking_slip, sample_slip, save_png, slip_label, ticket_slip
from kiosk.printing.printer import PrintFailed, TicketPrinter
from kiosk.printing.slip import Slip
from kiosk.printing.types import PrinterState, PrinterStatus, PrintOutcome
from kiosk.store import Store
from kiosk.store.bookings import booking_by_id
from kiosk.store.printjobs import JobKind, PrintJob, claim_next, finish_job
from kiosk.store.queue import ticket_by_id

log = logging.getLogger(__name__)

STATUS_KEY = "printer"
# A job found pending this long after it was queued (the app was down, or the
# printer hung for minutes) is not printed and gets no outcome: nobody waits
# at the kiosk for it any more, and a stray slip would only confuse.
STALE_AFTER = timedelta(minutes=10)
# The status in the store is rewritten at least this often, so staff see it is current.
STATUS_REFRESH = timedelta(minutes=5)
TEST_QUEUE_SIZE = 8
RETRY_SECONDS = 5.0  # after the database itself failed

NOT_ASKED = N_("Der Drucker wurde noch nicht abgefragt.")
STALE = N_("Nicht gedruckt: der Auftrag war schon über 10 Minuten alt; am Kiosk wartet niemand mehr darauf.")
INTERNAL = N_("Der Zettel konnte nicht erstellt werden (interner Fehler, siehe Protokoll).")

# What the visitor reads on screen when the slip did not come out (gettext msgids).
VISITOR_PAPER_OUT = N_("Der Drucker hat kein Papier mehr. Bitte merken Sie sich Ihre Nummer.")
VISITOR_COVER_OPEN = N_("Der Drucker ist gerade offen. Bitte merken Sie sich Ihre Nummer.")
VISITOR_OFFLINE = N_("Der Drucker ist gerade nicht erreichbar. Bitte merken Sie sich Ihre Nummer.")
VISITOR_INTERRUPTED = N_(
    "Der Druck wurde unterbrochen. Bitte merken Sie sich Ihre Nummer; "
    "am Empfang bekommen Sie einen neuen Zettel."
)
VISITOR_FAILED = N_("Der Zettel konnte nicht gedruckt werden. Bitte merken Sie sich Ihre Nummer.")


def visitor_message(status: PrinterStatus, started: bool) -> str:
    """The sentence for the visitor (a German msgid: the UI translates it)."""
    if started:
        return VISITOR_INTERRUPTED
    return {
        PrinterState.PAPER_OUT: VISITOR_PAPER_OUT,
        PrinterState.COVER_OPEN: VISITOR_COVER_OPEN,
        PrinterState.OFFLINE: VISITOR_OFFLINE,
    }.get(status.state, VISITOR_FAILED)


class PrintWorker:
    """Prints queued slips on its own thread; every public method returns at once."""

    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        printer: TicketPrinter,
        config: PrinterConfig,
        on_outcome: Callable[[PrintOutcome], None] | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.clock = clock
        self.printer = printer
        self.config = config
        self.on_outcome = on_outcome
        self._wake = threading.Event()  # a bounded wake queue: ten wakes make one look
        self._stopping = threading.Event()
        self._tests: queue.Queue[str] = queue.Queue(maxsize=TEST_QUEUE_SIZE)
        self._status = PrinterStatus(PrinterState.UNKNOWN, NOT_ASKED)
        self._stored: tuple[PrinterStatus, datetime] | None = None
        self._last_check = float("-inf")
        self._thread: threading.Thread | None = None

    # --- the surface the UI uses ---------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="kiosk-printer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        """Ask the thread to end and wait up to ``timeout`` (a slip in progress finishes first)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("print worker still busy after %.1f s; leaving it (daemon thread)", timeout)

    def wake(self) -> None:
        """A job was queued: look now. Cheap, never blocks, from any thread."""
        self._wake.set()

    @property
    def status(self) -> PrinterStatus:
        """The last known printer status (no I/O)."""
        return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def print_test(self, language: str) -> None:
        """Queue a test slip; its outcome arrives with job_id 0 and ticket_id 0."""
        try:
            self._tests.put_nowait(language)
        except queue.Full:
            log.warning("test print ignored: %d test prints are already waiting", TEST_QUEUE_SIZE)
        self._wake.set()

    # --- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        store: Store | None = None
        try:
            while not self._stopping.is_set():
                try:
                    if store is None:
                        store = Store(self.db_path, self.clock)
                    self._round(store)
                    pause = self.config.poll_seconds
                except Exception:
                    log.exception("print worker: round failed; trying again in %.0f s", RETRY_SECONDS)
                    if store is not None:
                        store.close()
                        store = None
                    pause = RETRY_SECONDS
                self._wake.wait(pause)
                self._wake.clear()
        finally:
            if store is not None:
                store.close()

    def _round(self, store: Store) -> None:
        while not self._stopping.is_set():
            try:
                language = self._tests.get_nowait()
            except queue.Empty:
                break
            self._print_test(store, language)
        while not self._stopping.is_set() and (job := claim_next(store)) is not None:
            self._print_job(store, job)
        if time.monotonic() - self._last_check >= self.config.status_seconds:
            self._note_status(store, self.printer.status())

    def _print_job(self, store: Store, job: PrintJob) -> None:
        if job.kind is JobKind.APPOINTMENT:
            self._print_appointment(store, job)
            return
        ticket = None
        try:
            ticket = ticket_by_id(store, job.ticket_id)
            if store.now() - job.created_at > STALE_AFTER:
                finish_job(store, job.id, STALE)
                log.info("print job %d skipped: queued %s, too old", job.id, job.created_at.isoformat())
                return
            slip = ticket_slip(store, ticket, self.config, reprint=job.kind is JobKind.REPRINT)
            data = self.printer.render(slip)
        except Exception:
            log.exception("print job %d: could not build the slip", job.id)
            finish_job(store, job.id, INTERNAL)
            self._emit(
                PrintOutcome(
                    job.id, job.ticket_id, ticket.code if ticket else "", False, self._status, VISITOR_FAILED
                )
            )
            return
        outcome = self._send(
            store, slip, data, slip_label(ticket, ticket.language, job.id), job.id, job.ticket_id
        )
        finish_job(store, job.id, None if outcome.ok else outcome.status.detail)
        self._emit(outcome)

    def _print_appointment(self, store: Store, job: PrintJob) -> None:
        """A booking's appointment slip: the same claim-once rules as a ticket's slip."""
        assert job.booking_id is not None
        booking = None
        try:
            booking = booking_by_id(store, job.booking_id)
            if store.now() - job.created_at > STALE_AFTER:
                finish_job(store, job.id, STALE)
                return
            slip = booking_slip(store, booking)
            data = self.printer.render(slip)
        except Exception:
            log.exception("print job %d: could not build the appointment slip", job.id)
            finish_job(store, job.id, INTERNAL)
            self._emit(
                PrintOutcome(job.id, 0, "", False, self._status, VISITOR_FAILED, booking_id=job.booking_id)
            )
            return
        outcome = self._send(store, slip, data, booking_label(booking, booking.language, job.id), job.id, 0)
        finish_job(store, job.id, None if outcome.ok else outcome.status.detail)
        self._emit(replace(outcome, booking_id=job.booking_id))

    def _print_test(self, store: Store, language: str) -> None:
        try:
            slip = sample_slip(store, self.config, language, store.now())
            data = self.printer.render(slip)
        except Exception:
            log.exception("test print: could not build the slip")
            self._emit(PrintOutcome(0, 0, "", False, self._status, VISITOR_FAILED))
            return
        self._emit(self._send(store, slip, data, f"test-{language}", 0, 0))

    def _send(
        self, store: Store, slip: Slip, data: bytes, label: str, job_id: int, ticket_id: int
    ) -> PrintOutcome:
        try:
            sent = self.printer.send(data, label)
        except PrintFailed as failure:
            self._note_status(store, failure.status)
            log.warning("slip %s not printed (%s)", label, failure.status.state.value)
            return PrintOutcome(
                job_id,
                ticket_id,
                slip.code,
                False,
                failure.status,
                visitor_message(failure.status, failure.started),
                self._picture(slip, label),
            )
        self._note_status(store, sent.status)
        return PrintOutcome(job_id, ticket_id, slip.code, True, sent.status, "", sent.preview_png)

    def _picture(self, slip: Slip, label: str) -> Path | None:
        """The slip as a PNG for the screen; None if even that fails (logged)."""
        try:
            return save_png(self.config, label, self.printer.preview(slip))
        except Exception:
            log.exception("could not save the picture of slip %s", label)
            return None

    def _note_status(self, store: Store, status: PrinterStatus) -> None:
        """Remember the status; write it to the store when it changed or is getting old."""
        self._last_check = time.monotonic()
        previous = self._status
        self._status = status
        if previous.state != status.state:
            log.info("printer: %s -> %s", previous.state.value, status.state.value)
        now = store.now()
        if self._stored is not None and self._stored[0] == status and now - self._stored[1] < STATUS_REFRESH:
            return
        with store.write() as tx:
            at = tx.now.astimezone(UTC).isoformat(timespec="seconds")
            store.set_status(
                STATUS_KEY, {"state": status.state.value, "detail": status.detail, "at": at}, tx.now
            )
        self._stored = (status, now)

    def _emit(self, outcome: PrintOutcome) -> None:
        if self.on_outcome is None:
            return
        try:
            self.on_outcome(outcome)
        except Exception:
            log.exception("on_outcome raised for job %d", outcome.job_id)
