"""Checks of the hardware: screen, touch, printer (stored state and live)."""

from __future__ import annotations

import concurrent.futures
from typing import Any

from kiosk.deploy.context import Context
from kiosk.deploy.devices import connected_displays, drm_cards, touchscreens, usb_printers
from kiosk.deploy.findings import UPDATE_FIX, Finding
from kiosk.printing.types import PrinterState

PROBE_TIMEOUT_S = 15
RESTART = "sudo systemctl restart kiosk"

_PRINTER_FIX = {
    PrinterState.PAPER_LOW: "Papierrolle bald wechseln",
    PrinterState.PAPER_OUT: "Neue Papierrolle einlegen (Deckel öffnen, Rolle einlegen, Deckel schließen)",
    PrinterState.COVER_OPEN: "Druckerdeckel schließen, bis er einrastet",
    PrinterState.OFFLINE: "Drucker einschalten, USB-/Netzwerkkabel prüfen, dann " + RESTART,
    PrinterState.UNKNOWN: "Testdruck: kiosk print-test",
}
_PRINTER_WORDS = {
    PrinterState.READY: "bereit",
    PrinterState.PAPER_LOW: "Papier geht zur Neige",
    PrinterState.PAPER_OUT: "kein Papier",
    PrinterState.COVER_OPEN: "Deckel offen",
    PrinterState.OFFLINE: "nicht erreichbar",
    PrinterState.UNKNOWN: "Zustand unbekannt",
}


def _printer_finding(name: str, state: PrinterState, detail: str) -> Finding:
    text = _PRINTER_WORDS[state] + (f": {detail}" if detail else "")
    if state is PrinterState.READY:
        return Finding.ok(name, text)
    if state in (PrinterState.PAPER_LOW, PrinterState.UNKNOWN):
        return Finding.warn(name, text, _PRINTER_FIX[state])
    return Finding.fail(name, text, _PRINTER_FIX[state])


def check_display(ctx: Context) -> Finding:
    name = "Bildschirm"
    outputs = connected_displays(ctx.system.sys)
    if outputs:
        return Finding.ok(name, "angeschlossen: " + ", ".join(outputs))
    if not drm_cards(ctx.system.dev):
        return Finding.fail(
            name,
            "Kein Grafiktreiber (/dev/dri fehlt)",
            "In /boot/firmware/config.txt muss dtoverlay=vc4-kms-v3d stehen; dann sudo reboot",
        )
    return Finding.fail(
        name,
        "Kein Bildschirm erkannt",
        "Bildschirm einschalten, HDMI-Kabel in den Anschluss neben dem Strom (HDMI0), dann sudo reboot",
    )


def check_touch(ctx: Context) -> Finding:
    name = "Touch"
    found = touchscreens(ctx.system.proc)
    if found:
        return Finding.ok(name, ", ".join(found))
    return Finding.fail(
        name,
        "Kein Touch-Eingabegerät erkannt",
        "USB-Kabel des Touchscreens prüfen (beim offiziellen Display: Flachbandkabel), dann sudo reboot",
    )


def check_printer_state(ctx: Context) -> Finding:
    """The printer as the running app last saw it (it holds the device)."""
    name = "Drucker (gemeldet)"
    stored = ctx.status("printer")
    if not stored:
        return Finding.warn(name, "Der Kiosk hat noch keinen Druckerzustand gemeldet", RESTART)
    try:
        state = PrinterState(stored.get("state", "unknown"))
    except ValueError:
        state = PrinterState.UNKNOWN
    finding = _printer_finding(name, state, stored.get("detail", ""))
    at = stored.get("at")
    return Finding(
        finding.name, finding.level, finding.finding + (f" (Stand {at[:16]})" if at else ""), finding.fix
    )


def _probe(printer_config: Any) -> Any:
    from kiosk.printing import make_printer  # type: ignore[attr-defined]

    printer = make_printer(printer_config)
    try:
        return printer.status()
    finally:
        close = getattr(printer, "close", None)
        if callable(close):
            close()


def check_printer_live(ctx: Context) -> Finding:
    """Ask the printer itself; names USB printers seen when that is not possible."""
    name = "Drucker (jetzt)"
    seen = usb_printers(ctx.system.sys)
    seen_text = ("USB: " + ", ".join(map(str, seen))) if seen else "kein USB-Drucker erkannt"
    try:
        import kiosk.printing as printing

        if not hasattr(printing, "make_printer"):
            raise ImportError("make_printer")
    except ImportError:
        return Finding.warn(
            name,
            f"Druckerunterstützung ist in dieser Version nicht installiert; {seen_text}",
            UPDATE_FIX,
        )
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        status = pool.submit(_probe, ctx.config.printer).result(timeout=PROBE_TIMEOUT_S)
    except concurrent.futures.TimeoutError:
        return _printer_finding(
            name, PrinterState.OFFLINE, f"keine Antwort in {PROBE_TIMEOUT_S} s; {seen_text}"
        )
    except Exception as error:  # a probe must report, whatever the backend raises
        return _printer_finding(name, PrinterState.OFFLINE, f"{error}; {seen_text}")
    finally:
        pool.shutdown(wait=False)
    return _printer_finding(name, status.state, status.detail)
