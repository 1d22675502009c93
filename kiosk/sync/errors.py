"""Why a sync did not update the plan, phrased for the person who reads the status.

Each error is one German sentence (the gettext source language). The class
says what a caller can do about it: :class:`FeedUnavailable` means the feed
did not arrive and trying again later may help; :class:`FeedRefused` means it
arrived and was refused, so somebody has to fix the feed or the kiosk's
config. Either way the previous plan stays in use.
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.core.errors import N_, KioskError

# The exit codes of ``kiosk sync`` (docs/sync.md), all here so that a caller
# reading them (the 'sync now' runner) need not import the sync itself.
EXIT_OK = 0
EXIT_UNAVAILABLE = 3
EXIT_REFUSED = 4
EXIT_UPLOAD_PENDING = 5
EXIT_NOT_CONFIGURED = 6
EXIT_BUSY = 7


class SyncError(KioskError):
    """The plan was not updated; the previous one stays in use."""

    exit_code: ClassVar[int] = EXIT_REFUSED


class FeedUnavailable(SyncError):
    """The feed did not arrive (whole); a later try may succeed."""

    exit_code = EXIT_UNAVAILABLE


class FeedTimeout(FeedUnavailable):
    template = N_("Der Plan-Server {host} hat nicht rechtzeitig geantwortet (Zeitlimit {seconds} s).")


class FeedConnectionFailed(FeedUnavailable):
    template = N_("Der Plan-Server {host} ist nicht erreichbar ({detail}).")


class FeedServerError(FeedUnavailable):
    template = N_("Der Plan-Server {host} meldet einen vorübergehenden Fehler (HTTP {status}).")


class FeedTruncated(FeedUnavailable):
    template = N_("Der Plan kam nur unvollständig an: die Verbindung brach nach {received} Bytes ab.")


class FeedTooSlow(FeedUnavailable):
    template = N_("Der Plan kam zu langsam an und wurde nach {seconds} s abgebrochen.")


class FeedRefused(SyncError):
    """The server answered, but what it sent cannot be used."""


class FeedHttpRefused(FeedRefused):
    template = N_("Der Plan-Server {host} liefert unter {path} keinen Plan (HTTP {status}).")


class FeedRedirectLoop(FeedRefused):
    template = N_("Der Plan-Server {host} leitet mehr als {limit}-mal weiter; die Adresse stimmt wohl nicht.")


class FeedTooLarge(FeedRefused):
    template = N_("Der Plan ist größer als die erlaubten {limit} Bytes und wurde nicht geladen.")


class FeedNotAFeed(FeedRefused):
    template = N_("Unter {url} liegt kein Plan, sondern {what} (Content-Type: {content_type}).")


class FeedUndecodable(FeedRefused):
    template = N_("Der Plan ließ sich nicht entpacken: der Server gibt eine falsche Kodierung an ({detail}).")


class FeedUnreadable(FeedRefused):
    template = N_("Der Plan ist keine lesbare Datei im Format {format} ({detail}).")


class FeedInvalid(FeedRefused):
    template = N_("Der Plan entspricht nicht dem Format: {problem}.")

    def __init__(self, problem: str) -> None:
        super().__init__(problem=problem.rstrip(". "))  # the problem may be a sentence of its own


class FeedFormatUnknown(FeedRefused):
    template = N_(
        "Der Plan hat die Formatversion {found}, diese Kiosk-Software liest nur Version {known} "
        "und muss aktualisiert werden."
    )


class FeedUnsigned(FeedRefused):
    template = N_("Der Plan ist nicht signiert ({detail}), obwohl ein Schlüssel eingerichtet ist.")


class FeedBadSignature(FeedRefused):
    template = N_(
        "Die Signatur des Plans passt nicht zum eingerichteten Schlüssel; der Plan wurde verworfen."
    )


class FeedReplayed(FeedRefused):
    template = N_("Der Plan vom {got} ist älter als der verwendete vom {have} und wurde nicht übernommen.")


class FeedOfficeMissing(FeedRefused):
    template = N_("Der Plan enthält das Büro „{office}“ nicht (enthalten: {known}).")


class FeedOfficeAmbiguous(FeedRefused):
    template = N_("Der Plan enthält mehrere Büros ({known}); bitte in der Konfiguration [office] id setzen.")


class FeedNeedsOfficeFile(FeedRefused):
    template = N_(
        "Ein Kalender enthält nur Termine; für Büro und Dienste fehlt "
        "[sync] office_file in der Konfiguration."
    )


class OfficeFileError(FeedRefused):
    template = N_("Die Datei {path} aus [sync] office_file ist nicht verwendbar: {problem}")


class SyncFailedUnexpectedly(SyncError):
    """A bug met during a sync: recorded like any failure, then raised for the log."""

    exit_code = 70
    template = N_("Der Abgleich scheiterte an einem unerwarteten Fehler ({kind}); bitte melden.")


class SyncBusy(SyncError):
    """Another ``kiosk sync`` holds the lock; this one did nothing."""

    exit_code = EXIT_BUSY
    template = N_("Ein anderer Abgleich läuft gerade; dieser wurde nicht gestartet.")


class KeyFileError(KioskError):
    template = N_("Die Schlüsseldatei {path} ist nicht verwendbar: {problem}.")
