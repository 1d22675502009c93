"""Where the project's data folders are: ``assets/`` and ``locales/``.

They sit beside the ``kiosk`` package in a checkout (and in an editable
install). ``deploy/install.sh`` installs the package into a release's
virtual environment without them and keeps the whole source tree in the
release's ``src/`` folder, which is ``sys.prefix/src`` for the running
``kiosk``; the folders are found there.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def project_folder(name: str) -> Path:
    """``assets`` or ``locales``: the first that exists, else the checkout's (for a clear error)."""
    for root in (CHECKOUT, Path(sys.prefix) / "src"):
        if (root / name).is_dir():
            return root / name
    return CHECKOUT / name
