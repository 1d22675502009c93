"""Random session tokens and the hash of them that is stored.

Shared by the staff console and the city server; kept apart from
``kiosk.web`` so that the CLI (and the touchscreen's start) need not import
the web stack just to name an account.
"""

from __future__ import annotations

import hashlib
import secrets


def token_hash(token: str) -> str:
    """What the database keeps of a cookie's token (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)
