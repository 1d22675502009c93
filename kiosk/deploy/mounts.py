"""Which mount a path lives on, from /proc/self/mountinfo.

Needed to tell whether the data directory survives a reboot: with a
read-only (overlay) root, only a separate mount keeps what is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mount:
    point: Path
    fstype: str
    source: str
    options: frozenset[str]

    @property
    def read_only(self) -> bool:
        return "ro" in self.options


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def read_mounts(proc: Path = Path("/proc")) -> list[Mount]:
    mounts = []
    for line in (proc / "self" / "mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 6 or len(tail) < 2:
            continue
        mounts.append(
            Mount(Path(_unescape(fields[4])), tail[0], _unescape(tail[1]), frozenset(fields[5].split(",")))
        )
    return mounts


def mount_of(path: Path, mounts: list[Mount]) -> Mount | None:
    """The mount a path is on: the deepest mount point above it (last one wins)."""
    path = path.resolve()
    best: Mount | None = None
    for mount in mounts:
        above = path == mount.point or mount.point in path.parents
        if above and (best is None or len(mount.point.parts) >= len(best.point.parts)):
            best = mount
    return best
