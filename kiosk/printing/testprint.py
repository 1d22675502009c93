"""``kiosk print-test`` as a function: a sample slip to the printer or to a PNG file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kiosk.config import PrinterConfig
from kiosk.core.errors import N_
from kiosk.printing.content import sample_slip
from kiosk.printing.errors import PrinterProblem
from kiosk.printing.paper import paper_for
from kiosk.printing.png_render import PngRenderer
from kiosk.printing.printer import PrintFailed, make_printer
from kiosk.store import Store

PRINTED = N_("Testzettel gedruckt ({printer}). {detail}")
SAVED = N_("Testzettel als Bild gespeichert: {path}")
NOT_SAVED = N_("Das Bild {path} lässt sich nicht speichern ({reason}).")


def print_test(
    config: PrinterConfig, store: Store | None, language: str, now: datetime, png: Path | None = None
) -> str:
    """Print (or draw into ``png``) a sample slip; returns a German line, raises PrintingError.

    A failure says what is wrong and how to fix it, as the transport found it:
    usblp holding the device, no paper, a refused port, a missing library.
    """
    slip = sample_slip(store, config, language, now)
    if png is not None:
        data = PngRenderer(paper_for(config)).render(slip)
        try:
            png.write_bytes(data)
        except OSError as error:
            raise PrinterProblem(detail=NOT_SAVED.format(path=png, reason=error.strerror or error)) from None
        return SAVED.format(path=png)
    printer = make_printer(config)
    try:
        sent = printer.send(printer.render(slip), f"test-{language}")
    except PrintFailed as failure:
        raise PrinterProblem(detail=failure.status.detail) from None
    where = str(sent.preview_png) if sent.preview_png else printer.description
    return PRINTED.format(printer=where, detail=sent.status.detail)
