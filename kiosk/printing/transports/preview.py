"""No printer: each slip is written as a PNG into a folder (``kiosk demo``, the screen)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kiosk.core.errors import N_
from kiosk.printing.transports.base import Transport, offline
from kiosk.printing.types import PrinterState, PrinterStatus

READY = N_("Vorschau: Zettel werden als Bild in {folder} abgelegt.")
NOT_WRITABLE = N_("In den Vorschau-Ordner {folder} kann nicht geschrieben werden ({reason}).")


def default_folder() -> Path:
    return Path(tempfile.gettempdir()) / "kiosk-previews"


class PreviewTransport(Transport):
    """Writes each slip's PNG bytes to ``<folder>/<label>.png`` and keeps the newest ``keep``."""

    def __init__(self, folder: Path | None = None, keep: int = 200) -> None:
        self.folder = Path(folder) if folder else default_folder()
        self.keep = keep
        self.description = f"Die Vorschau in {self.folder}"

    def path_for(self, label: str) -> Path:
        return self.folder / f"{label}.png"

    def output_png(self) -> Path | None:
        return self.path_for(self.label)

    def open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise offline(NOT_WRITABLE, folder=self.folder, reason=error.strerror or error) from None

    def status(self) -> PrinterStatus:
        if not os.access(self.folder, os.W_OK):
            raise offline(NOT_WRITABLE, folder=self.folder, reason="keine Schreibrechte")
        return PrinterStatus(PrinterState.READY, READY.format(folder=self.folder))

    def write(self, data: bytes) -> None:
        target = self.path_for(self.label)
        partial = target.with_suffix(".part")
        try:
            partial.write_bytes(data)
            partial.replace(target)  # the screen never loads half a picture
        except OSError as error:
            raise offline(NOT_WRITABLE, folder=self.folder, reason=error.strerror or error) from None
        self._prune()

    def _prune(self) -> None:
        slips = sorted(self.folder.glob("*.png"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in slips[self.keep :]:
            old.unlink(missing_ok=True)

    def close(self) -> None:
        pass
