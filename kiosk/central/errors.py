"""The central server's errors: German sentences a planner or an admin can act on."""

from __future__ import annotations

from kiosk.core.errors import N_, KioskError


class CentralError(KioskError):
    """Something the server refused on purpose. Nothing was changed."""


class UnknownOffice(CentralError):
    template = N_("Das Büro „{office}“ gibt es nicht.")


class UnknownServiceId(CentralError):
    template = N_("Den Dienst „{service}“ gibt es nicht.")


class UnknownSession(CentralError):
    template = N_("Den Termin „{session}“ gibt es nicht.")


class UnknownCalendar(CentralError):
    template = N_("Den Kalender {calendar} gibt es nicht.")


class AlreadyExists(CentralError):
    template = N_("„{name}“ gibt es schon.")


class ServiceInUse(CentralError):
    template = N_("Der Dienst „{service}“ hat noch Termine in: {offices}. Erst die Termine löschen.")


class PlanInvalid(CentralError):
    template = N_("So wäre der Plan ungültig, nichts wurde gespeichert: {problem}")


class NoPlanYet(CentralError):
    template = N_("Für das Büro „{office}“ ist noch kein Plan veröffentlicht (es hat keine Termine).")


class UnknownUser(CentralError):
    template = N_("Das Konto „{name}“ gibt es nicht.")


class InvalidName(CentralError):
    template = N_(
        "„{name}“ ist kein gültiger Name (Kleinbuchstaben, Ziffern, - und _; höchstens 64 Zeichen)."
    )


class SigningKeyMissing(CentralError):
    template = N_(
        "Der Signaturschlüssel {path} fehlt oder ist nicht lesbar; bitte `kiosk central init` ausführen."
    )
