"""Storage failures, phrased for the person who has to fix them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kiosk.core.errors import N_, KioskError


class StoreError(KioskError):
    """The database could not do what was asked. Nothing was changed."""


class StoreCorrupt(StoreError):
    template = N_(
        "Die Datenbank {path} ist beschädigt ({detail}). Bitte mit „kiosk restore“ "
        "eine Sicherung zurückspielen."
    )


class StoreReadOnly(StoreError):
    template = N_(
        "In die Datenbank {path} kann nicht geschrieben werden (nur lesbar). "
        "Bitte Dateirechte und Datenträger prüfen."
    )


class StoreFull(StoreError):
    template = N_("Der Datenträger von {path} ist voll. Bitte Platz schaffen; nichts wurde gespeichert.")


class StoreBusy(StoreError):
    template = N_(
        "Die Datenbank {path} ist zu lange von einem anderen Programm belegt. "
        "Bitte gleich noch einmal versuchen."
    )


class StoreUnavailable(StoreError):
    template = N_("Die Datenbank {path} lässt sich nicht öffnen: {detail}.")


class StoreRefused(StoreError):
    template = N_("Die Datenbank {path} hat den Vorgang abgelehnt ({detail}); nichts wurde gespeichert.")


class StoreTooNew(StoreError):
    template = N_(
        "Die Datenbank {path} stammt von einer neueren Kiosk-Version ({found}). "
        "Bitte die Software aktualisieren."
    )


def _read_only(path: str) -> bool:
    """Whether the file or the filesystem under it refuses writes."""
    target = Path(path)
    folder = target.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return (target.exists() and not os.access(target, os.W_OK)) or not os.access(folder, os.W_OK)


def translate(error: sqlite3.Error, path: str) -> StoreError:
    """Turn an sqlite3 exception into a message a person can act on."""
    text = str(error)
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return StoreReadOnly(path=path)
    if "unable to open" in lowered and path != ":memory:" and _read_only(path):
        # WAL needs its -shm file next to the database: on a read-only mount
        # SQLite cannot even open it, and says so unhelpfully.
        return StoreReadOnly(path=path)
    if "full" in lowered:
        return StoreFull(path=path)
    if "locked" in lowered or "busy" in lowered:
        return StoreBusy(path=path)
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreCorrupt(path=path, detail=text)
    if isinstance(error, sqlite3.IntegrityError):
        return StoreRefused(path=path, detail=text)
    if "unable to open" not in lowered and "disk i/o" not in lowered:
        return StoreRefused(path=path, detail=text)
    return StoreUnavailable(path=path, detail=text)
