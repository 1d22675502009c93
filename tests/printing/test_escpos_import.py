"""python-escpos is imported only when a slip is rendered, and leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = """
import logging, sys
import kiosk.printing, kiosk.printing.worker
assert "escpos" not in sys.modules, "importing kiosk.printing must not import python-escpos"
from kiosk.printing.escpos_lib import escpos
escpos()
assert "escpos" in sys.modules
assert logging.getLogger().handlers == [], logging.getLogger().handlers
print("ok")
"""


def test_importing_escpos_adds_no_log_handler_and_no_temporary_folder(tmp_path: Path):
    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(cache)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
    assert list(temp.iterdir()) == []  # python-escpos would leave /tmp/tmpXXXX with a pickle
    assert list((cache / "kiosk" / "escpos").glob("*.capabilities.pickle"))  # reused at the next start


def test_a_pickle_folder_this_user_cannot_make_is_replaced_by_the_temporary_folder(tmp_path: Path):
    """`sudo kiosk` inherits root's environment; a folder it cannot write must not end the run."""
    from kiosk.printing.escpos_lib import usable_cache

    assert usable_cache(str(tmp_path / "cache")) == str(tmp_path / "cache")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert usable_cache(str(blocked / "escpos")) == tempfile.gettempdir()
