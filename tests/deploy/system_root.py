"""A writable copy of this Debian Bookworm machine to install into.

An overlay mount with the machine's own root as the lower layer: the
installer sees a whole, real Bookworm system (dpkg, apt, useradd, systemd's
units, python3) and writes only into a throw-away upper layer. /proc, /sys
and /dev are bound in so the installer can chroot into it; root's pip cache
is shared so repeated runs do not download the same wheels again.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

PIP_CACHE = Path("/root/.cache/pip")


def run(*command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=check, timeout=900)


class SystemRoot:
    """``root.path`` is the merged tree; ``close()`` unmounts everything."""

    def __init__(self, base: Path, lower: Path = Path("/")) -> None:
        self.base = base
        self.path = base / "root"
        for name in ("upper", "work", "root"):
            (base / name).mkdir(parents=True, exist_ok=True)
        options = f"lowerdir={lower},upperdir={base / 'upper'},workdir={base / 'work'}"
        run("mount", "-t", "overlay", "overlay", "-o", options, self.path)
        self.mounted = [self.path]
        for name in ("proc", "sys", "dev"):
            self.bind(Path("/") / name, name, recursive=True)
        PIP_CACHE.mkdir(parents=True, exist_ok=True)
        self.bind(PIP_CACHE, "root/.cache/pip")

    def bind(self, source: Path, inside: str, recursive: bool = False) -> None:
        target = self.path / inside
        target.mkdir(parents=True, exist_ok=True)
        run("mount", "--rbind" if recursive else "--bind", source, target)
        if recursive:
            run("mount", "--make-rslave", target)
        self.mounted.append(target)

    def mount(self, device: Path, inside: str, *options: str) -> None:
        target = self.path / inside
        target.mkdir(parents=True, exist_ok=True)
        run("mount", *options, device, target)
        self.mounted.append(target)

    def chroot(self, *command: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return run("chroot", self.path, *command, check=check)

    def close(self) -> None:
        for target in reversed(self.mounted):
            run("umount", "-R", target, check=False)
