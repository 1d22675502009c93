"""Ticket slips on ESC/POS thermal printers (and as PNG previews).

Import python-escpos only inside this package: importing it configures
logging and creates temporary folders.
"""

from kiosk.printing.types import PrinterState, PrinterStatus, PrintOutcome

__all__ = ["PrintOutcome", "PrinterState", "PrinterStatus"]
