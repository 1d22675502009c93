"""deploy/install.sh, run for real on a Debian Bookworm system root.

The root is this (Bookworm) machine itself behind an overlay (see
system_root.py): apt-get, useradd, systemctl --root, pip and chroot all do
their real work there. What no chroot has: a running systemd as PID 1 and
the Pi's hardware, so services are enabled but not started, and the
installed doctor reports the missing screen and touch panel.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.deploy.helpers import needs_root
from tests.deploy.system_root import SystemRoot, run

pytestmark = needs_root

REPO = Path(__file__).resolve().parents[2]
INSTALL = REPO / "deploy" / "install.sh"
UNITS = sorted(p.name for p in (REPO / "deploy").iterdir() if p.suffix in (".service", ".timer"))


def install(root: SystemRoot, *options: str) -> str:
    done = run(INSTALL, "--root", root.path, *options, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def doctor_rows(root: SystemRoot) -> tuple[int, dict[str, dict[str, str]]]:
    done = root.chroot("/usr/local/bin/kiosk", "doctor", "--json")
    return done.returncode, {f["name"]: f for f in json.loads(done.stdout)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SystemRoot, str]]:
    root = SystemRoot(tmp_path_factory.mktemp("bookworm"))
    try:
        yield root, install(root)
    finally:
        root.close()


def test_the_first_run_sets_up_the_kiosk_and_says_what_is_left(installed):
    root, out = installed
    for path in (
        "etc/kiosk/kiosk.toml",
        "etc/udev/rules.d/70-kiosk.rules",
        "usr/local/bin/kiosk",
        "opt/kiosk/current/bin/kiosk",
        "etc/systemd/system/multi-user.target.wants/kiosk.service",
        "etc/systemd/system/timers.target.wants/kiosk-sync.timer",
        "etc/systemd/system/timers.target.wants/kiosk-netcheck.timer",
        "etc/systemd/system/timers.target.wants/kiosk-display.timer",
    ):
        assert (root.path / path).is_symlink() or (root.path / path).is_file(), path
    assert not (root.path / "etc/systemd/system/timers.target.wants/kiosk-restart.timer").is_symlink()
    groups = root.chroot("id", "-nG", "kiosk", check=True).stdout.split()
    assert {"kiosk", "video", "render", "input", "lp", "dialout"} <= set(groups)
    assert root.chroot("stat", "-c", "%a %U:%G", "/etc/kiosk/kiosk.toml").stdout.strip() == "640 root:kiosk"
    assert root.chroot("stat", "-c", "%U", "/var/lib/kiosk").stdout.strip() == "kiosk"
    assert "Änderung(en) vorgenommen." in out
    assert "Büro-Kennung eintragen: sudo nano /etc/kiosk/kiosk.toml" in out
    assert "Danach prüfen: sudo kiosk doctor" in out


def test_a_second_run_changes_nothing_and_says_so(installed):
    root, _ = installed
    before = run("find", root.base / "upper", "-newer", root.path / "opt/kiosk/current/.complete").stdout
    out = install(root)
    assert "Keine Änderung: alles war schon eingerichtet." in out
    assert "geändert" not in out
    after = run("find", root.base / "upper", "-newer", root.path / "opt/kiosk/current/.complete").stdout
    assert after == before


def test_every_unit_passes_systemd_analyze_verify(installed):
    root, _ = installed
    folder = root.path / "etc/systemd/system"
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"--root={root.path}", *UNITS],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    # The same check does catch a broken unit.
    broken = folder / "kiosk-broken.service"
    broken.write_text("[Service]\nExecStart=/opt/kiosk/current/bin/kiosk-typo run\n")
    try:
        failed = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", f"--root={root.path}", broken.name],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        broken.unlink()
    assert failed.returncode != 0 and "is not executable" in failed.stderr


def test_the_udev_rules_parse_without_complaint(installed):
    root, _ = installed
    rules = "/etc/udev/rules.d/70-kiosk.rules"
    done = root.chroot("udevadm", "test", "/sys/devices/virtual/mem/null")
    out = done.stdout + done.stderr
    assert f"Reading rules file: {rules}" in out
    assert f"{rules}:" not in out  # udevadm names file:line for every rule it rejects
    bad = root.path / "etc/udev/rules.d/71-bad.rules"
    bad.write_text('SUBSYSTEM=="usb", GRUOP="lp"\n')
    try:
        again = root.chroot("udevadm", "test", "/sys/devices/virtual/mem/null")
        assert "/etc/udev/rules.d/71-bad.rules:1 Invalid key 'GRUOP'" in again.stdout + again.stderr
    finally:
        bad.unlink()


def test_the_installed_kiosk_works_as_its_user_and_its_doctor_reports(installed):
    root, _ = installed
    assert root.chroot("/usr/local/bin/kiosk", "netcheck").returncode == 0  # creates the database
    assert root.chroot("stat", "-c", "%U", "/var/lib/kiosk/kiosk.db").stdout.strip() == "kiosk"
    backup = root.chroot("/usr/local/bin/kiosk", "backup", check=True).stdout
    assert "Sicherung geschrieben: /var/lib/kiosk/backups/kiosk-" in backup

    code, rows = doctor_rows(root)
    assert code == 1
    assert rows["Konfiguration"]["level"] == "warn" and "[office] id" in rows["Konfiguration"]["finding"]
    assert rows["Datenbank"]["level"] == "ok"
    assert rows["Speicherplatz"]["level"] == "ok"
    # Inside the chroot, / is an overlay: exactly the read-only-root case without a data partition.
    assert (
        rows["Datenspeicher"]["level"] == "fail" and "flüchtigen Overlay" in rows["Datenspeicher"]["finding"]
    )
    assert rows["Plan"]["level"] == "fail"
    if not Path("/dev/dri").exists():
        assert rows["Bildschirm"]["level"] == "fail"

    # The release finds its fonts and its compiled catalogs (both live beside the package, in src/).
    python = "/opt/kiosk/current/bin/python"
    probe = (
        "from kiosk.i18n import translator; from kiosk.printing.fonts import Face; "
        "print(translator('ar')('Ihre Nummer'), Face.ARABIC.path.is_file())"
    )
    assert root.chroot(python, "-c", probe, check=True).stdout.split() == ["رقمك", "True"]
    assert list((root.path / "opt/kiosk/current/src/locales/ar/LC_MESSAGES").glob("kiosk.mo"))
    slip = root.chroot(
        "/usr/local/bin/kiosk", "print-test", "--lang", "fa", "--png", "/var/lib/kiosk/test-fa.png"
    )
    assert slip.returncode == 0, slip.stderr
    with Image.open(root.path / "var/lib/kiosk/test-fa.png") as picture:
        assert picture.width == 512 and picture.height > 600

    saved = backup.split(": ", 1)[1].strip()
    restored = root.chroot("/usr/local/bin/kiosk", "restore", saved, check=True).stdout
    assert "Zurückgespielt" in restored
    assert root.chroot("stat", "-c", "%U", "/var/lib/kiosk/kiosk.db").stdout.strip() == "kiosk"


def test_a_data_partition_under_a_read_only_root(installed, tmp_path: Path):
    lower, _ = installed
    root = SystemRoot(tmp_path / "ro", lower=lower.path)
    try:
        image = tmp_path / "data.img"
        with image.open("wb") as handle:
            handle.truncate(32 * 1024 * 1024)
        run("mkfs.ext4", "-q", "-F", "-L", "kioskdata", image)
        root.mount(image, "var/lib/kiosk", "-o", "loop")

        out = install(root, "--data-device", "LABEL=kioskdata", "--read-only-root")
        fstab = (root.path / "etc/fstab").read_text()
        assert "LABEL=kioskdata\t/var/lib/kiosk\text4\tdefaults,noatime" in fstab
        assert "Storage=volatile" in (root.path / "etc/systemd/journald.conf.d/kiosk.conf").read_text()
        assert "raspi-config fehlt" in out and "sudo reboot" in out
        assert "Keine Änderung" in install(root, "--data-device", "LABEL=kioskdata", "--read-only-root")

        root.chroot("/usr/local/bin/kiosk", "netcheck", check=True)
        _, rows = doctor_rows(root)
        assert rows["Datenspeicher"]["level"] == "ok", rows["Datenspeicher"]
        assert "/var/lib/kiosk (ext4, /dev/loop" in rows["Datenspeicher"]["finding"]
    finally:
        root.close()


def test_read_only_root_is_refused_without_a_data_partition(installed, tmp_path: Path):
    lower, _ = installed
    root = SystemRoot(tmp_path / "nodata", lower=lower.path)
    try:
        done = run(INSTALL, "--root", root.path, "--read-only-root", check=False)
    finally:
        root.close()
    assert done.returncode == 1 and "braucht eine eigene Datenpartition" in done.stderr
