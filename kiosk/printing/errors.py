"""Printing problems a person can act on (German templates, see kiosk.core.errors)."""

from __future__ import annotations

from kiosk.core.errors import N_, KioskError


class PrintingError(KioskError):
    """Printing could not be set up or a slip could not be printed."""


class ShapingUnavailable(PrintingError):
    template = N_(
        "Arabische und persische Schrift kann nicht gesetzt werden ({detail}). "
        "Bitte das Debian-Paket libfribidi0 installieren."
    )


class UnknownProfile(PrintingError):
    template = N_(
        "Das Druckerprofil „{profile}“ kennt python-escpos nicht. Bitte in [printer] profile "
        "einen dieser Namen eintragen: {known}."
    )


class UnknownCodePage(PrintingError):
    template = N_(
        "Das Druckerprofil „{profile}“ hat die Codepage „{code_page}“ nicht. Bitte in [printer] "
        "code_page „auto“, „none“ oder eine dieser eintragen: {known}."
    )


class PrinterProblem(PrintingError):
    """The printer (or the preview folder) could not take a slip; ``detail`` says why and what to do."""

    template = N_("{detail}")
