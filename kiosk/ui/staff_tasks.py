"""What the maintenance screen starts: a sync in its own process, a test print.

Both run on a short-lived thread and report one sentence back; the UI thread
only starts them and shows the answer.
"""

from __future__ import annotations

import subprocess
import sys

from kiosk.core.errors import N_

SYNC_TIMEOUT_S = 180


def sync_command(config_path: str | None) -> list[str]:
    config = ["--config", config_path] if config_path else []
    return [sys.executable, "-m", "kiosk", *config, "sync"]


def run_sync(config_path: str | None, timeout: float = SYNC_TIMEOUT_S) -> tuple[bool, str]:
    """Run ``kiosk sync`` as the nightly timer does; (ok, a line for staff)."""
    try:
        done = subprocess.run(
            sync_command(config_path), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return False, N_("Der Abgleich hat zu lange gedauert und wurde abgebrochen.")
    except OSError as error:
        return False, f"kiosk sync: {error}"
    output = (done.stdout if done.returncode == 0 else done.stderr).strip().splitlines()
    if done.returncode == 0:
        return True, output[-1] if output else N_("Plan abgeglichen.")
    if "No such command" in done.stderr:
        return False, N_("„kiosk sync“ gibt es in dieser Version noch nicht.")
    return False, output[-1] if output else f"kiosk sync: exit {done.returncode}"
