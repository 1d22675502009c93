"""Devices, mounts, time sync, display switching and the network record.

This machine has no DRM card, no input devices and no USB bus in /sys, so the
device readers are pointed at folders laid out as the kernel lays out /sys
and /proc on a Raspberry Pi (contents copied from a Pi 4 with the official
7" display and an Epson TM-T20). Mounts are real (tmpfs), the HTTP server is
real (127.0.0.1), the clock check asks the real kernel.
"""

from __future__ import annotations

import http.server
import subprocess
import threading
import time
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.clock import _kernel_synchronized, ntp_synchronized
from kiosk.config import parse_config
from kiosk.core.model import Office
from kiosk.core.timekeeping import FixedClock
from kiosk.deploy.checks_devices import check_display, check_touch
from kiosk.deploy.checks_system import check_persistence, throttled_text
from kiosk.deploy.context import Context, SystemPaths
from kiosk.deploy.devices import connected_displays, touchscreens, usb_printers
from kiosk.deploy.display import display_wanted, switch
from kiosk.deploy.findings import Level
from kiosk.deploy.mounts import mount_of, read_mounts
from kiosk.store import Store
from tests.conftest import THURSDAY, berlin
from tests.deploy.helpers import kiosk, needs_root, write_config

PI_TOUCH = """I: Bus=0018 Vendor=0000 Product=0000 Version=0000
N: Name="generic ft5x06 (79)"
P: Phys=
S: Sysfs=/devices/platform/soc/fe205000.i2c/i2c-22/i2c-10/10-0038/input/input2
U: Uniq=
H: Handlers=mouse0 event2
B: PROP=2
B: EV=b
B: KEY=400 0 0 0 0 0 0 0 0 0 0
B: ABS=2608000 3

I: Bus=0003 Vendor=046d Product=c52b Version=0111
N: Name="Logitech USB Receiver Mouse"
P: Phys=usb-0000:01:00.0-1.2/input1
S: Sysfs=/devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.2/input/input0
U: Uniq=
H: Handlers=mouse1 event0
B: PROP=0
B: EV=17
B: KEY=ffff0000 0 0 0 0
B: REL=1943
B: MSC=10
"""


def lay_out(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def pi_sys(tmp_path: Path) -> SystemPaths:
    sys_root = lay_out(
        tmp_path / "sys",
        {
            "class/drm/card1-HDMI-A-1/status": "connected\n",
            "class/drm/card1-HDMI-A-2/status": "disconnected\n",
            "class/drm/card1-DSI-1/status": "connected\n",
            "bus/usb/devices/1-1.3/idVendor": "04b8\n",
            "bus/usb/devices/1-1.3/idProduct": "0e28\n",
            "bus/usb/devices/1-1.3/product": "TM-T20III\n",
            "bus/usb/devices/1-1.3/1-1.3:1.0/bInterfaceClass": "07\n",
            "bus/usb/devices/1-1.4/idVendor": "0483\n",
            "bus/usb/devices/1-1.4/idProduct": "5720\n",
            "bus/usb/devices/1-1.4/1-1.4:1.0/bInterfaceClass": "08\n",  # an STM32 USB stick: not a printer
            "bus/usb/devices/1-1.5/idVendor": "0416\n",
            "bus/usb/devices/1-1.5/idProduct": "5011\n",
            "bus/usb/devices/1-1.5/1-1.5:1.0/bInterfaceClass": "ff\n",
            "class/backlight/10-0045/bl_power": "0\n",
        },
    )
    proc_root = lay_out(tmp_path / "proc", {"bus/input/devices": PI_TOUCH})
    (tmp_path / "dev" / "dri").mkdir(parents=True)
    (tmp_path / "dev" / "dri" / "card1").touch()
    return SystemPaths(sys=sys_root, dev=tmp_path / "dev", proc=proc_root)


def test_screen_touch_and_printers_are_found_as_the_kernel_lists_them(pi_sys: SystemPaths):
    assert connected_displays(pi_sys.sys) == ["card1-DSI-1", "card1-HDMI-A-1"]
    assert touchscreens(pi_sys.proc) == ["generic ft5x06 (79)"]  # the mouse is not a touchscreen
    assert [str(p) for p in usb_printers(pi_sys.sys)] == ["TM-T20III (04b8:0e28)", "Winbond (0416:5011)"]
    ctx = Context(parse_config({}), FixedClock(berlin(THURSDAY, 10)), system=pi_sys)
    assert check_display(ctx).level is Level.OK and check_touch(ctx).level is Level.OK


def test_a_card_without_a_connected_screen_fails_with_a_cable_fix(pi_sys: SystemPaths):
    for status in (pi_sys.sys / "class" / "drm").glob("*/status"):
        status.write_text("disconnected\n")
    (pi_sys.proc / "bus" / "input" / "devices").write_text(PI_TOUCH.split("\n\n")[1])
    ctx = Context(parse_config({}), FixedClock(berlin(THURSDAY, 10)), system=pi_sys)
    display, touch = check_display(ctx), check_touch(ctx)
    assert display.level is Level.FAIL and "HDMI-Kabel" in display.fix
    assert touch.level is Level.FAIL and "USB-Kabel des Touchscreens" in touch.fix


def test_this_machine_without_dri_is_told_to_load_the_kms_driver():
    ctx = Context(parse_config({}), FixedClock(berlin(THURSDAY, 10)))
    finding = check_display(ctx)
    if not Path("/dev/dri").exists():
        assert finding.level is Level.FAIL and "dtoverlay=vc4-kms-v3d" in finding.fix
    else:
        assert finding.level in (Level.OK, Level.FAIL)


def test_undervoltage_bits_are_read_as_vcgencmd_gives_them():
    assert throttled_text(0x0) is None
    assert throttled_text(0x50005) == (
        "Unterspannung jetzt, gedrosselt jetzt, Unterspannung seit dem Start, gedrosselt seit dem Start"
    )
    assert throttled_text(0x10000) == "Unterspannung seit dem Start"


def test_the_root_mount_is_found_in_the_real_mount_table():
    mounts = read_mounts()
    root = mount_of(Path("/"), mounts)
    assert root is not None and root.point == Path("/")
    assert mount_of(Path("/proc/self"), mounts).fstype == "proc"


@needs_root
def test_data_on_a_tmpfs_is_warned_about(tmp_path: Path):
    data = tmp_path / "ram"
    data.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(data)], check=True)
    try:
        config = parse_config({"storage": {"data_dir": str(data / "kiosk")}})
        finding = check_persistence(Context(config, FixedClock(berlin(THURSDAY, 10))))
    finally:
        subprocess.run(["umount", str(data)], check=True)
    assert finding.level is Level.WARN and "tmpfs" in finding.finding


def test_the_timesync_flag_file_counts_as_synchronised(tmp_path: Path):
    flag = tmp_path / "synchronized"
    flag.touch()
    assert ntp_synchronized(flag) is True
    # Without the flag, the kernel's own answer (what timedatectl reports) is used.
    assert ntp_synchronized(tmp_path / "missing") == _kernel_synchronized()


def test_wait_for_time_gives_up_after_the_timeout_and_starts_anyway(tmp_path: Path, caplog):
    config = write_config(tmp_path, tmp_path / "data")
    started = time.monotonic()
    kiosk(config, "wait-for-time", "--timeout", "1")
    assert time.monotonic() - started < 10
    if ntp_synchronized() is True:
        assert "clock is NTP-synchronised" in caplog.text
    else:
        assert "starting with the clock flagged as unverified" in caplog.text


OFFICE = Office(
    "o",
    "Quartiersbüro",
    opening_hours={3: ((clock_time(9), clock_time(12)), (clock_time(14), clock_time(17)))},  # Thursdays
    closures=frozenset({THURSDAY + timedelta(days=7)}),
)


@pytest.mark.parametrize(
    ("at", "wanted"),
    [
        (berlin(THURSDAY, 8, 29), False),
        (berlin(THURSDAY, 8, 30), True),
        (berlin(THURSDAY, 13), True),  # lunch: the screen stays on
        (berlin(THURSDAY, 17, 30), True),
        (berlin(THURSDAY, 17, 31), False),
        (berlin(THURSDAY + timedelta(days=1), 10), False),  # Friday: closed
        (berlin(THURSDAY + timedelta(days=7), 10), False),  # a closure day
    ],
)
def test_the_screen_follows_the_opening_hours(at, wanted):
    assert display_wanted(OFFICE, at, timedelta(minutes=30)) is wanted


def test_without_opening_hours_the_screen_stays_on():
    assert display_wanted(None, berlin(THURSDAY, 3), timedelta(0)) is True


def test_the_backlight_is_written_only_when_it_changes(pi_sys: SystemPaths):
    power = pi_sys.sys / "class" / "backlight" / "10-0045" / "bl_power"
    assert switch(False, pi_sys.sys).changed is True and power.read_text() == "4"
    assert switch(False, pi_sys.sys).changed is False
    assert switch(True, pi_sys.sys).changed is True and power.read_text() == "0"


def test_netcheck_records_reachability_and_since_when(tmp_path: Path):
    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = write_config(tmp_path, tmp_path / "data", server_url=url)
    clock = FixedClock(berlin(THURSDAY, 10))
    try:
        assert "antwortet (HTTP 200)" in kiosk(config, "netcheck", clock=clock).output
        clock.advance(minutes=10)
        kiosk(config, "netcheck", clock=clock)
    finally:
        server.shutdown()
        server.server_close()
    clock.advance(minutes=10)
    kiosk(config, "netcheck", clock=clock)
    with Store(tmp_path / "data" / "kiosk.db", clock) as store:
        state = store.get_status("network")
    assert state["reachable"] is False and "Verbindung abgelehnt" in state["detail"]
    assert state["since"] == berlin(THURSDAY, 10, 20).isoformat()


def test_display_auto_follows_the_office_hours_from_the_plan(tmp_path: Path):
    from kiosk.store.schedule import replace_schedule
    from tests.conftest import office_schedule

    data = tmp_path / "data"
    data.mkdir()
    with Store(data / "kiosk.db", FixedClock(berlin(THURSDAY, 8))) as store:
        replace_schedule(store, office_schedule())  # open Monday to Friday, 9 to 17
    config = write_config(tmp_path, data, display_night="off")
    for hour, on in ((10, True), (22, False)):
        clock = FixedClock(berlin(THURSDAY, hour))
        out = kiosk(config, "display", "auto", clock=clock).output
        with Store(data / "kiosk.db", clock) as store:
            assert store.get_status("display")["on"] is on
        if not list(Path("/sys/class/backlight").glob("*")):
            assert f"Bildschirm soll {'an' if on else 'aus'} sein" in out
