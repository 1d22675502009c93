"""Finding the screen, the touch panel and USB receipt printers in /sys and /proc.

Kivy on KMS/DRM needs a DRM card with a connected output and an evdev
touch device; these are read the way the kernel exposes them, without udev,
so the same code works on a Pi, in a chroot and on a developer's laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Receipt-printer makers: every product of theirs is a printer worth reaching.
PRINTER_VENDORS = {
    "04b8": "Epson",
    "0519": "Star Micronics",
    "1d90": "Citizen",
    "2730": "Citizen",
    "1504": "Bixolon",
    "154f": "SNBC",
    "0dd4": "Custom",
}
# Chip makers whose parts sit in many cheap POS printers (and in much else):
# only their devices with a printer or vendor-specific interface count.
GENERIC_POS_VENDORS = {"0416": "Winbond", "0483": "STMicroelectronics", "28e9": "GigaDevice"}

_INPUT_PROP_DIRECT = 1  # the kernel's mark for a touchscreen (not a touchpad)
_ABS_X = 0x00
_ABS_MT_POSITION_X = 0x35


@dataclass(frozen=True)
class UsbPrinter:
    vendor: str
    product: str
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor}:{self.product})"


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def connected_displays(sys_root: Path) -> list[str]:
    """Names of DRM outputs with a screen attached, e.g. ``card1-HDMI-A-1``."""
    return sorted(
        p.parent.name for p in (sys_root / "class" / "drm").glob("card*-*/status") if _read(p) == "connected"
    )


def drm_cards(dev_root: Path) -> list[Path]:
    return sorted((dev_root / "dri").glob("card*"))


def _bits(mask: str) -> set[int]:
    """Decode an evdev bitmap from /proc/bus/input/devices (hex words, high first)."""
    bits: set[int] = set()
    for index, word in enumerate(reversed(mask.split())):
        value = int(word, 16)
        bits.update(index * 64 + b for b in range(64) if value >> b & 1)
    return bits


def touchscreens(proc_root: Path) -> list[str]:
    """Names of input devices the kernel marks as direct (touch) with positions."""
    try:
        text = (proc_root / "bus" / "input" / "devices").read_text()
    except OSError:
        return []
    found = []
    for block in text.split("\n\n"):
        name, props, absolute = "", set(), set()
        for line in block.splitlines():
            if line.startswith("N: Name="):
                name = line.split("=", 1)[1].strip('"')
            elif line.startswith("B: PROP="):
                props = _bits(line.split("=", 1)[1])
            elif line.startswith("B: ABS="):
                absolute = _bits(line.split("=", 1)[1])
        if _INPUT_PROP_DIRECT in props and absolute & {_ABS_X, _ABS_MT_POSITION_X}:
            found.append(name or "Touch")
    return found


def _interface_classes(device: Path) -> set[str]:
    return {_read(i / "bInterfaceClass") for i in device.glob(f"{device.name}:*")}


def usb_printers(sys_root: Path) -> list[UsbPrinter]:
    """USB devices that are receipt printers by maker or by interface class."""
    found = []
    for device in sorted((sys_root / "bus" / "usb" / "devices").glob("[0-9]*")):
        vendor = _read(device / "idVendor").lower()
        if not vendor:
            continue
        product = _read(device / "idProduct").lower()
        classes = _interface_classes(device)
        name = _read(device / "product") or PRINTER_VENDORS.get(vendor) or GENERIC_POS_VENDORS.get(vendor, "")
        if (
            vendor in PRINTER_VENDORS
            or "07" in classes
            or (vendor in GENERIC_POS_VENDORS and "ff" in classes)
        ):
            found.append(UsbPrinter(vendor, product, name or "Drucker"))
    return found
