"""PINs and passwords: stored only as salted argon2id hashes, in one place.

Staff accounts of the web console and the maintenance PIN of the
touchscreen both go through here. The config and the database live on an SD
card anyone with a screwdriver can read; a short PIN is no strong secret, but
the hash keeps it off the card. Verifying costs tens of milliseconds on
purpose: callers on the Kivy thread must verify on a worker thread.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_SECRET = 4

_hasher = PasswordHasher()


@cache
def _dummy() -> str:
    """A hash to verify against when there is no stored one: that takes as long as
    a real check, so the answer's timing does not tell which account names exist.
    Made on first use, not at import: a hash costs ~140 ms, and the touchscreen's
    start would pay it before its first frame."""
    return _hasher.hash("not-a-real-secret")


class SecretTooShort(ValueError):
    pass


def hash_secret(secret: str) -> str:
    """A salted argon2id hash of a PIN or password (the only form that is stored)."""
    if len(secret) < MIN_SECRET:
        raise SecretTooShort(f"at least {MIN_SECRET} characters")
    return _hasher.hash(secret)


def verify_secret(secret_hash: str | None, secret: str) -> bool:
    """Whether ``secret`` matches; False for a missing or malformed hash."""
    try:
        return _hasher.verify(secret_hash or _dummy(), secret) and bool(secret_hash)
    except (VerificationError, InvalidHashError):
        return False
