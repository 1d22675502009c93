"""The one printer interface the app uses: status, render, send.

A :class:`TicketPrinter` joins a transport (how bytes reach the printer) and
a renderer (ESC/POS bytes, or a PNG for the preview backend). Sending a slip
is one connection: open, ask the status, refuse if there is no paper, write,
ask again (a printer that vanished or ran out of paper during the slip shows
up here), close. Every failure becomes :class:`PrintFailed` with the status
staff should see and whether any byte had already gone out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config import PrinterConfig
from kiosk.printing.escpos_render import EscposRenderer
from kiosk.printing.paper import Paper, paper_for
from kiosk.printing.png_render import PngRenderer
from kiosk.printing.slip import Slip
from kiosk.printing.transports import Transport, TransportError, make_transport
from kiosk.printing.types import PrinterStatus


class PrintFailed(Exception):
    """The slip did not (or not surely) come out; ``started``: some bytes had gone out."""

    def __init__(self, status: PrinterStatus, started: bool) -> None:
        super().__init__(status.detail)
        self.status = status
        self.started = started


@dataclass(frozen=True)
class Sent:
    status: PrinterStatus  # as the printer reported it after the slip
    preview_png: Path | None = None  # the preview backend's picture of it


class TicketPrinter:
    """A printer model behind a connection. Use from one thread (the print worker)."""

    def __init__(self, transport: Transport, paper: Paper, *, as_png: bool = False) -> None:
        self.transport = transport
        self.paper = paper
        self.as_png = as_png
        self._png = PngRenderer(paper)
        self._escpos: EscposRenderer | None = None

    @property
    def description(self) -> str:
        return self.transport.description

    def status(self) -> PrinterStatus:
        """Ask the printer now (I/O, up to the connect and status timeouts)."""
        try:
            self.transport.open()
            return self.transport.status()
        except TransportError as error:
            return error.status
        finally:
            self.transport.close()

    def render(self, slip: Slip) -> bytes:
        """The bytes ``send`` expects: ESC/POS, or PNG for the preview backend."""
        if self.as_png:
            return self._png.render(slip)
        if self._escpos is None:
            self._escpos = EscposRenderer(self.paper)
        return self._escpos.render(slip)

    def preview(self, slip: Slip) -> bytes:
        """The slip as PNG bytes, whatever the backend."""
        return self._png.render(slip)

    def send(self, data: bytes, label: str = "slip") -> Sent:
        """Print rendered bytes; raises PrintFailed. Never retries: see kiosk.store.printjobs."""
        transport = self.transport
        transport.label = label
        try:
            transport.open()
        except TransportError as error:
            raise PrintFailed(error.status, started=False) from None
        try:
            before = _status(transport, started=False)
            try:
                transport.write(data)
            except TransportError as error:
                raise PrintFailed(error.status, started=error.sent > 0) from None
            after = _status(transport, started=True) if transport.asks_printer else before
            return Sent(after, transport.output_png())
        finally:
            transport.close()


def _status(transport: Transport, started: bool) -> PrinterStatus:
    try:
        status = transport.status()
    except TransportError as error:
        raise PrintFailed(error.status, started) from None
    if not status.can_print:
        raise PrintFailed(status, started)
    return status


def make_printer(config: PrinterConfig) -> TicketPrinter:
    """The configured printer. Raises a PrintingError (German) for an unknown profile or code page."""
    return TicketPrinter(make_transport(config), paper_for(config), as_png=config.backend == "preview")
