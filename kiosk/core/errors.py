"""Errors a person can act on.

Every error that can reach a visitor, a member of staff or an admin is a
subclass of :class:`KioskError`. Its ``template`` is a German sentence (German is
the source language of the gettext catalogs) with ``{named}`` placeholders;
``str(error)`` gives the German text, and the edges translate ``template`` with
gettext before formatting, so the same error reads right in every language.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any


def N_(message: str) -> str:
    """Mark a string for gettext extraction without translating it here."""
    return message


def staff_only(message: str) -> str:
    """Mark a German text only office staff read (the console, the command line).

    It is no gettext keyword in babel.cfg, so the text stays out of the
    visitor catalog: no translator is asked for it, and it shows in German.
    """
    return message


class KioskError(Exception):
    """Base class: a one-sentence, actionable message; never a traceback."""

    template: str = N_("Unbekannter Fehler.")

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.render())

    def render(self, translate: Any = None, language: str = "de") -> str:
        """The message in another language; ``translate`` is a gettext function.

        Dates and times among the parameters are written as ``language``
        writes them ("26.11.2026", "26‏/11‏/2026"; "09:30"), German in
        ``str(error)``.
        """
        template = translate(self.template) if translate else self.template
        return template.format(**{name: _written(value, language) for name, value in self.params.items()})


def _written(value: Any, language: str) -> Any:
    if not isinstance(value, date | time):
        return value
    # Imported here: kiosk.i18n builds on the core, not the other way round.
    from kiosk.i18n.formatting import clock_time, numeric_date

    if isinstance(value, datetime | time):
        return clock_time(value, language)
    return numeric_date(value, language)


class DomainError(KioskError):
    """A queue or schedule rule said no. Nothing was changed.

    Errors only a desk can meet (calling, transferring, finishing) are
    ``staff_only``: staff read them in German in the console and the CLI.
    Those a visitor can meet at the touchscreen are translated.
    """


class UnknownService(DomainError):
    template = N_("Den Dienst „{service}“ gibt es hier nicht. Bekannt sind: {known}.")


class UnknownDesk(DomainError):
    template = staff_only("Den Platz {desk} gibt es nicht. Eingerichtet sind: {known}.")


class UnknownTicket(DomainError):
    template = staff_only("Die Nummer {ticket} gibt es heute nicht.")


class IllegalTransition(DomainError):
    template = staff_only("{code} kann nicht „{action}“ werden: die Nummer ist {state}.")


class TicketHeldElsewhere(DomainError):
    template = staff_only("{code} wird schon an Platz {desk} bearbeitet.")


class DeskBusy(DomainError):
    template = staff_only(
        "Platz {desk} hat noch {code} aufgerufen. Bitte erst „erledigt“, "
        "„nicht erschienen“ oder „weiterleiten“ wählen."
    )


class NothingWaiting(DomainError):
    template = staff_only("Für {services} wartet gerade niemand.")


class DeskServesNothing(DomainError):
    template = staff_only("Platz {desk} hat keine Dienste gewählt. Bitte zuerst Dienste auswählen.")


class ServiceNotOnSite(DomainError):
    template = N_("{service} ist jetzt nicht vor Ort. Nächster Termin: {next}.")


class ServiceHasNoDate(DomainError):
    template = N_("{service} ist jetzt nicht vor Ort; ein nächster Termin steht noch nicht fest.")


class InvalidPrefix(DomainError):
    template = N_(
        "Das Kürzel „{prefix}“ geht nicht: erlaubt ist ein Großbuchstabe A–Z "
        "außer O und I (zu leicht mit 0 und 1 zu verwechseln)."
    )


class DuplicatePrefix(DomainError):
    template = N_("Das Kürzel „{prefix}“ haben sowohl {first} als auch {second}.")


class TransferToSameService(DomainError):
    template = staff_only("{code} wartet schon bei {service}.")


class ClockNotSet(DomainError):
    template = N_(
        "Die Uhr des Geräts steht auf {clock} und ist offenbar nicht gestellt. "
        "Nummern werden erst vergeben, wenn die Uhrzeit stimmt."
    )


class InvalidSchedule(DomainError):
    template = N_("Der Plan ist ungültig: {reason}")


class NoTicketAtDesk(DomainError):
    template = staff_only("Platz {desk} hat gerade keine aufgerufene Nummer.")
