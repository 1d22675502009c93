"""Checks of what the kiosk keeps: config, database, plan, last sync."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta

from kiosk.deploy.backup import APPLIED_SQL, latest_backup, restore_command
from kiosk.deploy.context import Context
from kiosk.deploy.findings import UPDATE_FIX, Finding
from kiosk.deploy.timefmt import age, local
from kiosk.store.schema import MIGRATION_NAMES

CONFIG_FILE_HINT = "/etc/kiosk/kiosk.toml"


def check_config(ctx: Context) -> Finding:
    name = "Konfiguration"
    where = ctx.config.source
    if ctx.config_error:
        return Finding.fail(
            name, ctx.config_error, f"Datei korrigieren: sudo nano {CONFIG_FILE_HINT}, dann kiosk doctor"
        )
    if not ctx.config.office.id:
        return Finding.warn(
            name,
            f"{where}: keine Büro-Kennung ([office] id) eingetragen",
            f'In {CONFIG_FILE_HINT} unter [office] id = "…" eintragen (Kennung von der Stadt)',
        )
    return Finding.ok(name, f"{where}, Büro „{ctx.config.office.id}“")


def _restore_fix(ctx: Context) -> str:
    backup = latest_backup(ctx.backup_dir)
    return (
        restore_command(backup)
        if backup
        else (
            f"Keine Sicherung in {ctx.backup_dir}: Datei {ctx.database} beiseitelegen "
            "(sudo mv …), dann sudo systemctl restart kiosk (legt eine leere Datenbank an)"
        )
    )


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
    try:
        return [r[0] for r in conn.execute(APPLIED_SQL)]
    except sqlite3.OperationalError:
        return []  # a database from before any migration ran


def check_database(ctx: Context) -> Finding:
    """Integrity of the office database, read-only, as the app will find it."""
    name = "Datenbank"
    path = ctx.database
    if not path.exists():
        return Finding.warn(
            name,
            f"{path} gibt es noch nicht (wird beim ersten Start angelegt)",
            "sudo systemctl restart kiosk",
        )
    conn = ctx.connection()
    try:
        if conn is None:
            raise sqlite3.DatabaseError("lässt sich nicht öffnen")
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as error:
        return Finding.fail(name, f"{path} ist beschädigt ({error})", _restore_fix(ctx))
    if problems != ["ok"]:
        said = "; ".join(problems)[:200].replace("\n", " ")
        return Finding.fail(name, f"{path} ist beschädigt: {said}", _restore_fix(ctx))
    applied = _applied_migrations(conn)
    unknown = sorted(set(applied) - set(MIGRATION_NAMES))
    if unknown:
        return Finding.fail(
            name,
            f"{path} stammt von einer neueren Kiosk-Version ({', '.join(unknown)})",
            UPDATE_FIX,
        )
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return Finding.fail(
            name,
            f"{path} ist für diesen Benutzer nicht beschreibbar",
            f"sudo chown -R kiosk:kiosk {path.parent}",
        )
    pending = len(set(MIGRATION_NAMES) - set(applied))
    note = f", {pending} Aktualisierung(en) beim nächsten Start" if pending else ""
    size = path.stat().st_size // 1024
    return Finding.ok(name, f"{path} unversehrt ({size} KB{note})")


def check_schedule(ctx: Context) -> Finding:
    name = "Plan"
    info = ctx.status("schedule")
    if not info:
        return Finding.fail(
            name,
            "Kein Plan geladen: der Kiosk kennt keine Angebote",
            "sudo systemctl start kiosk-sync.service, danach: kiosk sync --status",
        )
    loaded = info.get("loaded_at")
    when = f", geladen {local(datetime.fromisoformat(loaded))}" if loaded else ""
    return Finding.ok(name, f"Version {info.get('version') or '?'}{when}")


def check_last_sync(ctx: Context) -> Finding:
    """The nightly feed download: a stale plan shows yesterday's agencies."""
    name = "Letzter Abgleich"
    info = ctx.status("sync") or {}
    fix = "sudo systemctl start kiosk-sync.service; Protokoll: journalctl -u kiosk-sync -n 50"
    success = info.get("last_success")
    error = info.get("last_error")
    if not success:
        detail = f" (letzter Fehler: {error})" if error else ""
        return Finding.warn(name, f"Noch nie mit dem Server abgeglichen{detail}", fix)
    then = datetime.fromisoformat(success)
    since = ctx.clock.now() - then
    limit = timedelta(hours=ctx.config.deploy.max_sync_age_hours)
    text = f"{local(then)} ({age(since)})"
    if since > limit:
        detail = f"; letzter Fehler: {error}" if error else ""
        return Finding.fail(name, f"Zuletzt erfolgreich {text}{detail}", fix)
    return Finding.ok(name, text)
