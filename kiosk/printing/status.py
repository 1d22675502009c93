"""The printer's own status bytes (ESC/POS ``DLE EOT n``) in words for staff.

Epson's real-time status: the printer answers one byte per query at once,
even while it prints. Every answer has bits 1 and 4 set and bits 0 and 7
clear; a byte that does not is not a status answer.
"""

from __future__ import annotations

from kiosk.core.errors import N_
from kiosk.printing.types import PrinterState, PrinterStatus

DLE_EOT = b"\x10\x04"
QUERY_PRINTER = DLE_EOT + b"\x01"  # bit 3: offline
QUERY_OFFLINE_CAUSE = DLE_EOT + b"\x02"  # bit 2: cover open, bit 5: stopped by paper end, bit 6: error
QUERY_PAPER = DLE_EOT + b"\x04"  # bits 2+3: near end, bits 5+6: paper out
QUERIES = (QUERY_PRINTER, QUERY_OFFLINE_CAUSE, QUERY_PAPER)

READY = N_("Der Drucker ist bereit.")
PAPER_OUT = N_("Der Drucker hat kein Papier mehr. Bitte eine neue Rolle einlegen und die Klappe schließen.")
PAPER_LOW = N_("Die Papierrolle ist fast leer. Bitte bald eine neue Rolle einlegen.")
COVER_OPEN = N_("Die Klappe des Druckers ist offen. Bitte schließen.")
PRINTER_ERROR = N_(
    "Der Drucker meldet einen Fehler (etwa ein blockiertes Messer oder Überhitzung). "
    "Bitte die Klappe öffnen, Papierreste entfernen, schließen; sonst aus- und wieder einschalten."
)
NOT_READY = N_("Der Drucker meldet „nicht bereit“. Bitte aus- und wieder einschalten.")
GARBLED = N_(
    "Der Drucker beantwortet die Statusabfrage unverständlich; Papier und Klappe sind unbekannt. "
    "Falls das so bleibt: in [printer] check_status = false setzen."
)


def is_status_byte(value: int) -> bool:
    return value & 0x93 == 0x12


def decode(printer: int, offline_cause: int, paper: int) -> PrinterStatus:
    """One status from the answers to the three queries, the worst first."""
    if not all(is_status_byte(b) for b in (printer, offline_cause, paper)):
        return PrinterStatus(PrinterState.UNKNOWN, GARBLED)
    if paper & 0x60 or offline_cause & 0x20:
        return PrinterStatus(PrinterState.PAPER_OUT, PAPER_OUT)
    if offline_cause & 0x04:
        return PrinterStatus(PrinterState.COVER_OPEN, COVER_OPEN)
    if offline_cause & 0x40:
        return PrinterStatus(PrinterState.OFFLINE, PRINTER_ERROR)
    if printer & 0x08:
        return PrinterStatus(PrinterState.OFFLINE, NOT_READY)
    if paper & 0x0C:
        return PrinterStatus(PrinterState.PAPER_LOW, PAPER_LOW)
    return PrinterStatus(PrinterState.READY, READY)
