"""Shared pieces for the deployment tests: a config on disk, real mounts."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.core.timekeeping import Clock

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a filesystem image needs root")


def write_config(folder: Path, data_dir: Path, **deploy: object) -> Path:
    lines = ['[office]\nid = "test-office"\n', f'[storage]\ndata_dir = "{data_dir}"\n', "[deploy]\n"]
    lines += [f"{key} = {json.dumps(value)}\n" for key, value in deploy.items()]
    path = folder / "kiosk.toml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def kiosk(config: Path, *args: str, clock: Clock | None = None, expect: int | None = 0):
    result = CliRunner().invoke(main, ["--config", str(config), *args], obj=clock)
    if expect is not None:
        assert result.exit_code == expect, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def doctor(config: Path, clock: Clock | None = None, expect: int | None = None) -> dict[str, dict[str, str]]:
    """Run ``kiosk doctor --json``; findings by check name."""
    result = kiosk(config, "doctor", "--json", clock=clock, expect=expect)
    return {f["name"]: f for f in json.loads(result.output)}


@contextlib.contextmanager
def ext4_image(folder: Path, size_mb: int) -> Iterator[Path]:
    """A real ext4 filesystem of ``size_mb`` in a file, loop-mounted; no reserved blocks."""
    image, mount = folder / "disk.img", folder / "mnt"
    mount.mkdir()
    with image.open("wb") as handle:
        handle.truncate(size_mb * 1024 * 1024)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)], check=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def fill(folder: Path) -> None:
    """Write until the filesystem says ENOSPC."""
    with (folder / "ballast").open("wb") as handle:
        try:
            while True:
                handle.write(b"\xff" * 65536)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            assert error.errno == 28, error  # ENOSPC


def damage_pages(path: Path, last: int | None = None) -> None:
    """Scribble over pages after the first (or only the ``last`` few), as a failing SD card does."""
    size = path.stat().st_size
    page = 4096
    first = page if last is None else max(page, size - last * page)
    with path.open("r+b") as handle:
        for offset in range(first, size, page):
            handle.seek(offset + 8)
            handle.write(b"\xa5" * 64)
            handle.seek(offset + page // 2)
            handle.write(b"\x5a" * 256)
