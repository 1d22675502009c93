"""The one place that imports python-escpos, with its import side effects contained.

Importing ``escpos`` calls ``logging.basicConfig()`` (a stderr handler on the
root logger of whoever imports it first) and ``tempfile.mkdtemp()`` (a new
empty folder in /tmp per process, plus a 100 kB pickle of its printer
database written there, re-parsed from YAML on every start). Here the
capability pickle goes to one cache folder reused across starts, no stray
temporary folder is made, and the root logger keeps exactly the handlers it
had.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

PICKLE_DIR_VAR = "ESCPOS_CAPABILITIES_PICKLE_DIR"
_import_lock = threading.Lock()


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kiosk" / "escpos"


def usable_cache(folder: str) -> str:
    """``folder`` if this user can write the pickle there, else the temporary folder.

    `sudo kiosk` runs as the kiosk user with root's environment: HOME, and a
    pickle folder a root process chose, may be root's and closed to it.
    """
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    except OSError:
        pass
    return tempfile.gettempdir()  # the pickle goes to /tmp once


@cache
def escpos() -> ModuleType:
    """The ``escpos.escpos`` module (Escpos, profiles, constants), imported once."""
    with _import_lock:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        folder = usable_cache(os.environ.get(PICKLE_DIR_VAR) or str(cache_dir()))
        os.environ[PICKLE_DIR_VAR] = folder
        real_mkdtemp = tempfile.mkdtemp
        # escpos.capabilities evaluates mkdtemp() even when the variable is set.
        tempfile.mkdtemp = lambda *args, **kwargs: folder  # type: ignore[assignment]
        try:
            import escpos.escpos as module
            import escpos.printer
        finally:
            tempfile.mkdtemp = real_mkdtemp
            for handler in root.handlers[:]:
                if handler not in handlers:
                    root.removeHandler(handler)
            root.setLevel(level)
        return module


def dummy_printer(profile: str) -> Any:
    """A python-escpos printer that only collects bytes (``.output``)."""
    escpos()
    from escpos.printer import Dummy

    return Dummy(profile=profile)


def profile_data(name: str) -> dict:
    """The capability database entry of a printer model; KeyError if unknown."""
    escpos()
    from escpos.capabilities import CAPABILITIES

    return CAPABILITIES["profiles"][name]


def profile_names() -> list[str]:
    escpos()
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"])
