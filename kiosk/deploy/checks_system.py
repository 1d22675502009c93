"""Checks of the machine: disk, persistence, clock, time sync, power, service."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kiosk.clock import ntp_synchronized
from kiosk.core.timekeeping import BACKWARD_TOLERANCE, PLAUSIBLE_AFTER
from kiosk.deploy.context import Context
from kiosk.deploy.findings import Finding
from kiosk.deploy.mounts import mount_of, read_mounts
from kiosk.deploy.timefmt import local, megabytes

PROBE_BYTES = 64 * 1024  # what a few tickets and a WAL checkpoint need at least


def _run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=10, check=check)


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _write_probe(folder: Path) -> OSError | None:
    """Write and sync a small file: the only sure test that writing works."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as handle:
            handle.write(b"\0" * PROBE_BYTES)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        return error
    return None


def check_disk(ctx: Context) -> Finding:
    name = "Speicherplatz"
    folder = ctx.config.storage.data_dir
    where = _existing(folder)
    stats = os.statvfs(where)
    free = stats.f_bavail * stats.f_frsize
    need = ctx.config.deploy.min_free_mb * 1_000_000
    cleanup = (
        f"Platz schaffen: alte Sicherungen löschen (sudo find {ctx.backup_dir} -name 'kiosk-*.db' -mtime +7 "
        "-delete) und das Systemprotokoll kürzen (sudo journalctl --vacuum-size=50M)"
    )
    if not folder.is_dir():
        return Finding.warn(
            name, f"{folder} gibt es noch nicht", f"sudo install -d -o kiosk -g kiosk {folder}"
        )
    failure = _write_probe(folder)
    if failure is not None:
        if failure.errno in (errno.ENOSPC, errno.EDQUOT):
            return Finding.fail(name, f"Datenträger von {folder} ist voll ({megabytes(free)} frei)", cleanup)
        if failure.errno == errno.EROFS:
            return Finding.fail(
                name,
                f"{folder} ist schreibgeschützt eingehängt",
                "Datenpartition prüfen: findmnt /var/lib/kiosk; nach Stromausfall: sudo reboot",
            )
        return Finding.fail(
            name,
            f"In {folder} kann nicht geschrieben werden: {failure.strerror}",
            f"sudo chown -R kiosk:kiosk {folder}",
        )
    if free < need:
        return Finding.fail(
            name, f"Nur noch {megabytes(free)} frei in {folder} (mindestens {megabytes(need)} nötig)", cleanup
        )
    return Finding.ok(name, f"{megabytes(free)} frei in {folder}")


def check_persistence(ctx: Context) -> Finding:
    """With a read-only root, data must live on its own, writable mount."""
    name = "Datenspeicher"
    folder = _existing(ctx.config.storage.data_dir)
    try:
        mounts = read_mounts(ctx.system.proc)
    except OSError as error:
        return Finding.warn(name, f"Einhängepunkte nicht lesbar ({error.strerror})", "")
    data = mount_of(folder, mounts)
    root = mount_of(Path("/"), mounts)
    if data is None:
        return Finding.warn(name, f"Kein Einhängepunkt für {folder} gefunden", "findmnt -T /var/lib/kiosk")
    if data.fstype == "overlay" or (
        root is not None and root.fstype == "overlay" and data.point == root.point
    ):
        return Finding.fail(
            name,
            f"{folder} liegt im flüchtigen Overlay des Systems: alles geht beim Neustart verloren",
            "Eigene Datenpartition einhängen: sudo deploy/install.sh --data-device LABEL=kioskdata "
            "(bei ausgeschaltetem Overlay: sudo raspi-config nonint disable_overlayfs; sudo reboot)",
        )
    if data.fstype in ("tmpfs", "ramfs"):
        return Finding.warn(
            name,
            f"{folder} liegt im Arbeitsspeicher ({data.fstype}): beim Neustart verloren",
            "Nur für Tests geeignet",
        )
    ro = " (schreibgeschützt!)" if data.read_only else ""
    return Finding.ok(name, f"{data.point} ({data.fstype}, {data.source}){ro}")


def check_clock(ctx: Context) -> Finding:
    """No battery clock on a Pi: the time may be from before a power cut."""
    name = "Uhrzeit"
    now = ctx.clock.now()
    fix = (
        "Netzwerk prüfen, dann stellt sich die Uhr selbst (timedatectl timesync-status). "
        "Notfalls von Hand: sudo date -s 'JJJJ-MM-TT HH:MM', danach sudo systemctl restart kiosk"
    )
    if now < PLAUSIBLE_AFTER:
        return Finding.fail(name, f"Die Uhr zeigt {local(now)}: sie ist nicht gestellt", fix)
    last = ctx.last_known_time()
    if last is not None and now < last - BACKWARD_TOLERANCE:
        return Finding.fail(
            name,
            f"Die Uhr ({local(now)}) steht vor der letzten gespeicherten Zeit ({local(last)}); "
            "der Kiosk zählt mit der gespeicherten Zeit weiter",
            fix,
        )
    flagged = ctx.status("clock") or {}
    if flagged.get("behind"):
        return Finding.warn(
            name,
            f"{local(now)}; der Kiosk hat eine zurückgegangene Uhr gemeldet",
            "timedatectl prüfen; " + fix,
        )
    return Finding.ok(name, local(now))


def check_time_sync(ctx: Context) -> Finding:
    name = "Zeitabgleich"
    synced = ntp_synchronized()
    fix = "Internet prüfen; dann: sudo systemctl restart systemd-timesyncd; timedatectl timesync-status"
    if synced is True:
        return Finding.ok(name, "Uhr per Netzwerk (NTP) abgeglichen")
    if synced is False:
        return Finding.warn(name, "Uhr ist nicht per Netzwerk abgeglichen", fix)
    return Finding.warn(name, "Nicht feststellbar, ob die Uhr abgeglichen ist", fix)


# Bits of the firmware's get_throttled answer (Raspberry Pi documentation).
_THROTTLED_BITS = (
    (0, "Unterspannung jetzt"),
    (2, "gedrosselt jetzt"),
    (16, "Unterspannung seit dem Start"),
    (18, "gedrosselt seit dem Start"),
)


def throttled_text(value: int) -> str | None:
    """What ``vcgencmd get_throttled`` bits mean, or None if all is well."""
    return ", ".join(text for bit, text in _THROTTLED_BITS if value & (1 << bit)) or None


def check_power(ctx: Context) -> Finding:
    """Undervoltage is the usual cause of corrupted SD cards on a Pi."""
    name = "Stromversorgung"
    tool = shutil.which("vcgencmd")
    if tool is None:
        return Finding.ok(name, "kein Raspberry Pi (vcgencmd fehlt): nicht geprüft")
    try:
        out = _run([tool, "get_throttled"], check=True).stdout
        value = int(out.strip().split("=")[-1], 16)
    except (OSError, subprocess.SubprocessError, ValueError):
        return Finding.warn(name, "vcgencmd get_throttled gab keine Antwort", "")
    problem = throttled_text(value)
    if problem:
        return Finding.warn(
            name,
            f"{problem} (0x{value:x})",
            "Offizielles Netzteil verwenden (Pi 4: 5,1 V 3 A; Pi 5: 5,1 V 5 A)",
        )
    return Finding.ok(name, "keine Unterspannung gemeldet")


def check_service(ctx: Context) -> Finding:
    name = "Kiosk-Dienst"
    tool = shutil.which("systemctl")
    if tool is None or not Path("/run/systemd/system").is_dir():
        return Finding.warn(name, "systemd läuft hier nicht: Dienststatus unbekannt", "")
    done = _run([tool, "is-active", "kiosk.service"], check=False)
    state = done.stdout.strip() or "unbekannt"
    if state == "active":
        return Finding.ok(name, "kiosk.service läuft")
    return Finding.fail(
        name,
        f"kiosk.service ist {state}",
        "sudo systemctl restart kiosk; Protokoll: journalctl -u kiosk -n 100",
    )
