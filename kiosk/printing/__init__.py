"""Ticket slips on ESC/POS thermal printers (and as PNG previews).

The app uses only what this module exports: :func:`make_printer` for the
configured printer, :class:`kiosk.printing.worker.PrintWorker` to print
queued slips off the UI thread, :func:`render_preview` for a slip's picture,
and the types. Backends are never imported directly.

Import python-escpos only inside this package (through
:mod:`kiosk.printing.escpos_lib`): importing it configures logging and
creates temporary folders.
"""

from kiosk.printing.content import render_preview
from kiosk.printing.printer import PrintFailed, Sent, TicketPrinter, make_printer
from kiosk.printing.types import PrinterState, PrinterStatus, PrintOutcome

__all__ = [
    "PrintFailed",
    "PrintOutcome",
    "PrinterState",
    "PrinterStatus",
    "Sent",
    "TicketPrinter",
    "make_printer",
    "render_preview",
]
