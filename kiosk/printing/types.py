"""What the rest of the app knows about printing: states and outcomes.

The UI, the web console and ``kiosk doctor`` depend only on these types and
on :class:`PrintWorker`'s small surface; layouts and transports stay inside
:mod:`kiosk.printing`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class PrinterState(enum.StrEnum):
    READY = "ready"
    PAPER_LOW = "paper_low"  # paper near end: still prints, staff should refill
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # not reachable: unplugged, powered off, busy device
    UNKNOWN = "unknown"  # the backend cannot tell (file, preview)

    @property
    def can_print(self) -> bool:
        return self in (PrinterState.READY, PrinterState.PAPER_LOW, PrinterState.UNKNOWN)


@dataclass(frozen=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""  # one German sentence for staff, e.g. the cause and the fix

    @property
    def can_print(self) -> bool:
        return self.state.can_print


@dataclass(frozen=True)
class PrintOutcome:
    """How one print job ended, as the screen and the staff page show it."""

    job_id: int
    ticket_id: int
    code: str
    ok: bool
    status: PrinterStatus
    message: str = ""  # German sentence for the visitor when not ok (translate with gettext)
    preview_png: Path | None = None  # the slip as an image, to show on screen when paper failed
    booking_id: int = 0  # an appointment slip's booking (its ticket_id is 0)
