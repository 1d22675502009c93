"""The staff PIN for the maintenance screen: stored only as a salted hash.

The config lives on an SD card that anyone with a screwdriver can read, so it
holds ``pbkdf2_sha256$iterations$salt$hash`` and never the PIN. A short PIN
is no strong secret either way; the hash just keeps it off the card.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 120_000  # about 0.1 s on a Pi 4; checked off the UI thread
MIN_DIGITS = 4


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """The line to put in ``[screen] staff_pin_hash``."""
    if not pin.isdigit() or len(pin) < MIN_DIGITS:
        raise ValueError(f"a PIN is at least {MIN_DIGITS} digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches ``stored``; False for an empty or malformed hash."""
    try:
        algorithm, iterations, salt, expected = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)
