"""Online backups of the office database, and a careful restore.

``backup`` uses SQLite's online backup API, so it is safe while the app
runs and writes: the copy is one consistent snapshot. ``restore`` only
replaces the database after the file has proved to be a whole kiosk
database of this version or older, refuses while a process holds the
database open, and keeps the replaced file next to it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.core.errors import N_, KioskError
from kiosk.core.timekeeping import to_local
from kiosk.store.schema import MIGRATION_NAMES

BACKUP_PREFIX = "kiosk-"
PAGES_PER_STEP = 256  # small steps let the app write in between
REQUIRED_TABLES = {"tickets", "events", "status", "_sqlite_migrations"}
APPLIED_SQL = "SELECT name FROM _sqlite_migrations WHERE migration_set = 'kiosk'"


class BackupError(KioskError):
    template = N_("Sicherung nach {path} fehlgeschlagen: {detail}")


class RestoreRefused(KioskError):
    template = N_("Zurückspielen abgelehnt: {detail}")


@dataclass(frozen=True)
class Restored:
    database: Path
    kept_as: Path | None  # where the replaced database now lies


def restore_command(backup: Path) -> str:
    """The safe procedure, as one line a person can type."""
    return f"sudo systemctl stop kiosk && sudo kiosk restore {backup} && sudo systemctl start kiosk"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_online(source: Path, target: Path) -> None:
    """Snapshot ``source`` into ``target`` (a new file) with the backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=PAGES_PER_STEP)
            # A backup is one self-contained file: no -wal beside it to forget.
            dst.execute("PRAGMA journal_mode=DELETE")
            problems = [r[0] for r in dst.execute("PRAGMA integrity_check(3)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems))
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb") as handle:
        os.fsync(handle.fileno())


def backup(database: Path, destination: Path) -> Path:
    """Write a consistent copy of ``database`` to ``destination``.

    The copy is written to a temporary name and renamed when whole, so a
    power cut never leaves a half backup under the real name.
    """
    if not database.is_file():
        raise BackupError(path=str(destination), detail=f"keine Datenbank unter {database}")
    destination = destination.resolve()
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        _copy_online(database, partial)
        partial.replace(destination)
        _fsync_dir(destination.parent)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise BackupError(path=str(destination), detail=detail) from None
    return destination


def backup_into(database: Path, folder: Path, now: datetime, keep: int) -> Path:
    """A dated backup in ``folder``; only the newest ``keep`` are kept."""
    target = folder / f"{BACKUP_PREFIX}{to_local(now):%Y%m%d-%H%M%S}.db"
    written = backup(database, target)
    for old in sorted(folder.glob(f"{BACKUP_PREFIX}*.db"))[:-keep]:
        old.unlink(missing_ok=True)
    return written


def latest_backup(folder: Path) -> Path | None:
    try:
        found = sorted(folder.glob(f"{BACKUP_PREFIX}*.db"))
    except OSError:
        return None
    return found[-1] if found else None


def check_backup_file(path: Path) -> list[str]:
    """Why ``path`` must not become the office database (empty list: it may)."""
    if not path.is_file():
        return [f"{path} gibt es nicht"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [f"{path} lässt sich nicht öffnen ({error})"]
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(3)")]
        if problems != ["ok"]:
            return [f"{path} ist beschädigt: {'; '.join(problems)}".replace("\n", " ")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables >= REQUIRED_TABLES:
            return [
                f"{path} ist keine Kiosk-Datenbank (es fehlt: {', '.join(sorted(REQUIRED_TABLES - tables))})"
            ]
        applied = [r[0] for r in conn.execute(APPLIED_SQL)]
    except sqlite3.DatabaseError as error:
        return [f"{path} ist keine lesbare Datenbank ({error})"]
    finally:
        conn.close()
    newer = sorted(set(applied) - set(MIGRATION_NAMES))
    if newer:
        found = ", ".join(newer)
        return [f"{path} stammt von einer neueren Kiosk-Version ({found}); erst die Software aktualisieren"]
    return []


def holders(database: Path, proc: Path = Path("/proc")) -> list[int]:
    """Process ids that have the database (or its -wal) open.

    Read from /proc, so it sees every process this user may inspect: run as
    root or as the kiosk user to see the app.
    """
    wanted = {str(database.resolve()), str(database.resolve()) + "-wal"}
    found: list[int] = []
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            links = {str(fd.readlink()) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue  # gone, or not ours to look at
        if links & wanted:
            found.append(int(entry.name))
    return sorted(found)


def _set_aside(database: Path, now: datetime) -> Path | None:
    """Rename the current database and its WAL together, so they stay a pair."""
    if not database.exists():
        return None
    kept = database.with_name(f"{database.stem}-ersetzt-{to_local(now):%Y%m%d-%H%M%S}{database.suffix}")
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            side.replace(kept.with_name(kept.name + suffix))
    database.replace(kept)
    return kept


def restore(backup_file: Path, database: Path, now: datetime, proc: Path = Path("/proc")) -> Restored:
    """Make ``backup_file`` the office database; the old one is kept aside.

    Refused while any process holds the database open: the app would go on
    writing into the file that was just set aside.
    """
    problems = check_backup_file(backup_file)
    if problems:
        raise RestoreRefused(detail=problems[0])
    busy = holders(database, proc)
    if busy:
        raise RestoreRefused(
            detail=f"die Datenbank ist geöffnet (Prozess {', '.join(map(str, busy))}). "
            f"Erst den Kiosk anhalten: {restore_command(backup_file)}"
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    try:
        _copy_online(backup_file, incoming)
        # The app runs as its own user: the new file must belong to it, also
        # when an administrator restores with sudo.
        owner = (database if database.exists() else database.parent).stat()
        if os.geteuid() == 0:
            os.chown(incoming, owner.st_uid, owner.st_gid)
        kept = _set_aside(database, now)
        incoming.replace(database)
        _fsync_dir(database.parent)
    except (sqlite3.Error, OSError) as error:
        incoming.unlink(missing_ok=True)
        raise RestoreRefused(detail=str(error)) from None
    return Restored(database, kept)
