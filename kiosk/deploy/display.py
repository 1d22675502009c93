"""Screen on during opening hours, off at night if the config says so.

On KMS/DRM without X, the running Kivy app is the DRM master: no other
process may switch the HDMI output off (vcgencmd display_power does nothing
under the KMS driver, wlr-randr needs a Wayland compositor we do not run).
What a separate process can do, and does here:

- a DSI panel (the official Raspberry Pi touch display): its backlight in
  /sys/class/backlight (udev gives the video group write access);
- an HDMI screen or TV that speaks CEC: standby / image-view-on through
  ``cec-ctl`` on /dev/cec0 (v4l-utils).

A screen that supports neither stays on; the app shows its dimmed "closed"
screen outside opening hours, deciding with :func:`display_wanted` too.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.core.model import Office
from kiosk.core.timekeeping import local_datetime, to_local

log = logging.getLogger(__name__)

BL_POWER_ON = "0"  # FB_BLANK_UNBLANK
BL_POWER_OFF = "4"  # FB_BLANK_POWERDOWN


def display_wanted(office: Office | None, now: datetime, margin: timedelta) -> bool:
    """True from ``margin`` before the day's first opening to ``margin`` after its last closing.

    Unknown opening hours (no plan yet) keep the screen on: a dark kiosk
    on a working morning is worse than a lit one at night.
    """
    if office is None or not office.opening_hours:
        return True
    day = to_local(now).date()
    if day in office.closures:
        return False
    spans = office.opening_hours.get(day.weekday(), ())
    if not spans:
        return False
    first = min(local_datetime(day, opens) for opens, _ in spans) - margin
    last = max(local_datetime(day, closes) for _, closes in spans) + margin
    return first <= now <= last


@dataclass(frozen=True)
class Switched:
    how: str  # "backlight", "cec" or "" when nothing could be switched
    changed: bool
    detail: str


def backlights(sys_root: Path) -> list[Path]:
    return sorted((sys_root / "class" / "backlight").glob("*"))


def _set_backlight(device: Path, on: bool) -> bool:
    """Write bl_power only when it differs, so a timer can call this often."""
    target = BL_POWER_ON if on else BL_POWER_OFF
    control = device / "bl_power"
    if control.read_text().strip() == target:
        return False
    control.write_text(target)
    return True


def _cec(on: bool, device: str = "/dev/cec0") -> str:
    tool = shutil.which("cec-ctl")
    if tool is None or not Path(device).exists():
        return ""
    message = "--image-view-on" if on else "--standby"
    done = subprocess.run(
        [tool, "-d", device, "--playback", "--to", "0", message],
        capture_output=True,
        text=True,
        timeout=15,
        check=False,
    )
    return "cec" if done.returncode == 0 else ""


def switch(on: bool, sys_root: Path = Path("/sys")) -> Switched:
    """Switch every backlight found, else try HDMI-CEC; say what happened."""
    lights = backlights(sys_root)
    if lights:
        changed = False
        for device in lights:
            changed = _set_backlight(device, on) or changed
        if changed:
            log.info("display backlight switched %s", "on" if on else "off")
        return Switched("backlight", changed, ", ".join(d.name for d in lights))
    if _cec(on):
        log.info("display switched %s through HDMI-CEC", "on" if on else "off")
        return Switched("cec", True, "HDMI-CEC")
    return Switched("", False, "weder Hintergrundbeleuchtung noch HDMI-CEC gefunden")
