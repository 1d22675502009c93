"""Commands for running a kiosk for years: doctor, backup, restore, and the
small jobs deploy/'s systemd units start (wait-for-time, netcheck, display).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import timedelta
from pathlib import Path

import click

from kiosk.cli.runtime import Runtime
from kiosk.clock import ntp_synchronized
from kiosk.config import ConfigError
from kiosk.core.errors import KioskError
from kiosk.deploy import backup as backups
from kiosk.deploy.context import Context
from kiosk.deploy.display import display_wanted, switch
from kiosk.deploy.doctor import render, run_checks, worst
from kiosk.deploy.findings import Level
from kiosk.deploy.network import probe, server_url
from kiosk.store.schedule import load_office

log = logging.getLogger("kiosk.deploy")
pass_runtime = click.make_pass_decorator(Runtime)

EXIT_DOCTOR_FAILED = 1


def _context(rt: Runtime) -> Context:
    try:
        return Context(rt.config, rt.clock)
    except ConfigError as error:
        return Context.broken_config(str(error), rt.clock)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Findings as JSON instead of a table.")
@pass_runtime
def doctor(rt: Runtime, as_json: bool) -> None:
    """Check config, database, disk, clock, network, printer, screen; say how to fix each problem.

    Exit code 1 when any check failed (warnings alone exit 0).
    """
    ctx = _context(rt)
    try:
        findings = run_checks(ctx)
    finally:
        ctx.close()
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        click.echo(render(findings))
    if worst(findings) is Level.FAIL:
        sys.exit(EXIT_DOCTOR_FAILED)


@click.command()
@click.argument("target", type=click.Path(path_type=Path), required=False)
@click.option(
    "--keep", type=int, help="Keep this many dated backups in the folder (default: [deploy] backup_keep)."
)
@pass_runtime
def backup(rt: Runtime, target: Path | None, keep: int | None) -> None:
    """Copy the office database to TARGET while the kiosk runs (SQLite online backup).

    TARGET is a file, or a folder (ending in / or existing) for a dated copy;
    without TARGET, a dated copy goes to the backup folder of the config.
    """
    database = rt.config.storage.database
    if target is None:
        target = Context(rt.config, rt.clock).backup_dir
    if keep is not None or target.is_dir() or str(target).endswith("/") or target.suffix != ".db":
        written = backups.backup_into(database, target, rt.clock.now(), keep or rt.config.deploy.backup_keep)
    else:
        written = backups.backup(database, target)
    click.echo(f"Sicherung geschrieben: {written}")


@click.command()
@click.argument("backup_file", type=click.Path(path_type=Path, dir_okay=False))
@pass_runtime
def restore(rt: Runtime, backup_file: Path) -> None:
    """Make BACKUP_FILE the office database (the kiosk must be stopped first).

    The file is checked first (integrity, a kiosk database, not from a newer
    version); the replaced database is kept next to it.
    """
    done = backups.restore(backup_file, rt.config.storage.database, rt.clock.now())
    click.echo(f"Zurückgespielt: {backup_file} → {done.database}")
    if done.kept_as:
        click.echo(f"Die bisherige Datenbank liegt jetzt unter {done.kept_as}")
    click.echo("Jetzt den Kiosk starten: sudo systemctl start kiosk")


@click.command("wait-for-time")
@click.option("--timeout", type=int, help="Seconds to wait (default: [deploy] time_sync_wait).")
@pass_runtime
def wait_for_time(rt: Runtime, timeout: int | None) -> None:
    """Wait until the clock is NTP-synchronised, at most TIMEOUT seconds.

    Always exits 0: after the wait the kiosk starts anyway, its store holds
    the clock at the last known time and staff see the clock flagged.
    """
    limit = rt.config.deploy.time_sync_wait if timeout is None else timeout
    deadline = time.monotonic() + limit
    while True:
        synced = ntp_synchronized()
        if synced:
            log.warning("clock is NTP-synchronised")  # warning: shows with the default log level
            return
        if synced is None or time.monotonic() >= deadline:
            break
        time.sleep(1)
    why = (
        "cannot tell whether the clock is synchronised"
        if synced is None
        else f"not synchronised after {limit} s"
    )
    log.warning("%s; starting with the clock flagged as unverified", why)


@click.command()
@pass_runtime
def netcheck(rt: Runtime) -> None:
    """Probe the central server and record the result for the staff page (never reboots)."""
    url = server_url(rt.config)
    seen = probe(url) if url else None
    state = {
        "reachable": bool(seen and seen.reachable),
        "url": url,
        "detail": seen.detail if seen else "keine Server-Adresse eingetragen",
    }
    store = rt.store()
    was = store.get_status("network") or {}
    with store.write() as tx:
        since = was.get("since") if was.get("reachable") == state["reachable"] else tx.now.isoformat()
        store.set_status("network", {**state, "since": since, "at": tx.now.isoformat()}, tx.now)
    if was.get("reachable") != state["reachable"]:
        log.warning(
            "central server %s: %s", "reachable" if state["reachable"] else "NOT reachable", state["detail"]
        )
    click.echo(f"{url or '-'}: {state['detail']}")


@click.command()
@click.argument("mode", type=click.Choice(["auto", "on", "off"]), default="auto")
@pass_runtime
def display(rt: Runtime, mode: str) -> None:
    """Switch the screen on/off, or (auto) follow the opening hours if [deploy] display_night = "off"."""
    if mode == "auto":
        if rt.config.deploy.display_night == "on":
            on = True
        else:
            store = rt.store()
            margin = timedelta(minutes=rt.config.deploy.display_margin_minutes)
            on = display_wanted(load_office(store), store.now(), margin)
    else:
        on = mode == "on"
    result = switch(on)
    word = "an" if on else "aus"
    if result.how:
        click.echo(
            f"Bildschirm {word} ({result.how}: {result.detail}{'' if result.changed else ', unverändert'})"
        )
    else:
        click.echo(
            f"Bildschirm soll {word} sein; {result.detail}: der Kiosk zeigt dann seinen Ruhe-Bildschirm"
        )
    try:
        store = rt.store()
        with store.write() as tx:
            store.set_status("display", {"on": on, "how": result.how, "at": tx.now.isoformat()}, tx.now)
    except KioskError as error:
        log.warning("could not record the display state: %s", error)


COMMANDS = [doctor, backup, restore, wait_for_time, netcheck, display]
