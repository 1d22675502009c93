"""The real clock, for the edges. The core only ever receives one."""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

# systemd-timesyncd touches this file once it has set the clock from NTP.
TIMESYNC_FLAG = Path("/run/systemd/timesync/synchronized")

_STA_UNSYNC = 0x0040  # kernel: "clock not synchronised" (linux/timex.h)
_MAXERROR_UNSYNCED_US = 16_000_000  # what the kernel reports until NTP has spoken


class SystemClock:
    """The device's clock; may be wrong on a Pi until NTP has answered."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class _Timex(ctypes.Structure):
    # struct timex from <sys/timex.h> on 64-bit Linux: 11 longs after the mode,
    # then the rest we never read; the padding keeps the kernel's writes inside.
    _fields_ = [
        ("modes", ctypes.c_uint),
        ("offset", ctypes.c_long),
        ("freq", ctypes.c_long),
        ("maxerror", ctypes.c_long),
        ("esterror", ctypes.c_long),
        ("status", ctypes.c_int),
        ("rest", ctypes.c_byte * 256),
    ]


def _kernel_synchronized() -> bool | None:
    """What timedated itself reads: adjtimex(2) with no modes is read-only.

    Returns None where the call is refused (a seccomp filter such as
    systemd's ProtectClock=) or libc is not found.
    """
    name = ctypes.util.find_library("c")
    if not name:
        return None
    libc = ctypes.CDLL(name, use_errno=True)
    timex = _Timex()
    if libc.adjtimex(ctypes.byref(timex)) < 0:
        return None
    return not (timex.status & _STA_UNSYNC) and timex.maxerror < _MAXERROR_UNSYNCED_US


def _timedatectl_synchronized() -> bool | None:
    tool = shutil.which("timedatectl")
    if tool is None:
        return None
    try:
        done = subprocess.run(
            [tool, "show", "-p", "NTPSynchronized", "--value"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = done.stdout.strip()
    return {"yes": True, "no": False}.get(answer) if done.returncode == 0 else None


def ntp_synchronized(flag: Path = TIMESYNC_FLAG) -> bool | None:
    """Whether the system clock has been set from the network since boot.

    True/False as ``timedatectl show -p NTPSynchronized`` would say, None when
    nothing can tell. The timesyncd flag file is read first because it needs
    neither D-Bus nor a syscall a hardened service may be denied.
    """
    if flag.exists():
        return True
    answer = _kernel_synchronized()
    if answer is None:
        answer = _timedatectl_synchronized()
    return answer
