"""Staff accounts and signed-in sessions of the staff console.

This module stores what it is given: hashing PINs and making tokens is the
web part's job (:mod:`kiosk.web.auth`), so the store never sees a secret.
Sessions live in the database rather than in memory so that a sign-in holds
across a restart of the app and across the web server's worker threads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.errors import N_, DomainError
from kiosk.store.database import Store, from_text, to_text
from kiosk.store.desks import get_desk

ACCOUNT_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


class InvalidAccountName(DomainError):
    template = N_(
        "„{name}“ geht nicht als Anmeldename: bitte 1–32 Kleinbuchstaben, Ziffern, Punkt, "
        "Binde- oder Unterstrich."
    )


class AccountExists(DomainError):
    template = N_("Den Anmeldenamen „{name}“ gibt es schon.")


class UnknownAccount(DomainError):
    template = N_("Den Anmeldenamen „{name}“ gibt es nicht.")


@dataclass(frozen=True)
class StaffAccount:
    name: str
    secret_hash: str
    desk_id: int | None  # a desk account always signs in at its desk
    created_at: datetime


@dataclass(frozen=True)
class StaffSession:
    account: str
    desk_id: int
    csrf_token: str
    created_at: datetime
    last_seen: datetime
    expires_at: datetime


def check_account_name(name: str) -> str:
    if not ACCOUNT_NAME.match(name):
        raise InvalidAccountName(name=name)
    return name


def add_account(store: Store, name: str, secret_hash: str, desk_id: int | None = None) -> StaffAccount:
    """Create an account; refuses a name that exists or a desk that does not."""
    check_account_name(name)
    with store.write() as tx:
        if desk_id is not None:
            get_desk(tx, desk_id)
        if tx.db.execute("SELECT 1 FROM staff_accounts WHERE name = ?", [name]).fetchone():
            raise AccountExists(name=name)
        tx.db.execute(
            "INSERT INTO staff_accounts (name, secret_hash, desk_id, created_at) VALUES (?, ?, ?, ?)",
            [name, secret_hash, desk_id, to_text(tx.now)],
        )
        return StaffAccount(name, secret_hash, desk_id, tx.now)


def set_secret(store: Store, name: str, secret_hash: str) -> None:
    """A new PIN or password; every session of the account ends with it."""
    with store.write() as tx:
        cursor = tx.db.execute(
            "UPDATE staff_accounts SET secret_hash = ? WHERE name = ?", [secret_hash, name]
        )
        if cursor.rowcount == 0:
            raise UnknownAccount(name=name)
        tx.db.execute("DELETE FROM staff_sessions WHERE account = ?", [name])


def remove_account(store: Store, name: str) -> None:
    with store.write() as tx:
        tx.db.execute("DELETE FROM staff_sessions WHERE account = ?", [name])
        if tx.db.execute("DELETE FROM staff_accounts WHERE name = ?", [name]).rowcount == 0:
            raise UnknownAccount(name=name)


def _account(row: tuple) -> StaffAccount:
    created = from_text(row[3])
    assert created is not None
    return StaffAccount(row[0], row[1], row[2], created)


def get_account(store: Store, name: str) -> StaffAccount | None:
    with store.errors():
        row = store.db.execute(
            "SELECT name, secret_hash, desk_id, created_at FROM staff_accounts WHERE name = ?", [name]
        ).fetchone()
    return _account(row) if row else None


def list_accounts(store: Store) -> list[StaffAccount]:
    with store.errors():
        rows = store.db.execute(
            "SELECT name, secret_hash, desk_id, created_at FROM staff_accounts ORDER BY name"
        ).fetchall()
    return [_account(r) for r in rows]


def create_session(
    store: Store, token_hash: str, account: str, desk_id: int, csrf_token: str, expires_at: datetime
) -> StaffSession:
    """Record a sign-in at a desk; drops sessions that have expired meanwhile."""
    with store.write() as tx:
        get_desk(tx, desk_id)
        tx.db.execute("DELETE FROM staff_sessions WHERE expires_at <= ?", [to_text(tx.now)])
        tx.db.execute(
            "INSERT INTO staff_sessions (token_hash, account, desk_id, csrf_token, created_at, last_seen, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [token_hash, account, desk_id, csrf_token, to_text(tx.now), to_text(tx.now), to_text(expires_at)],
        )
        return StaffSession(account, desk_id, csrf_token, tx.now, tx.now, expires_at)


def get_session(store: Store, token_hash: str) -> StaffSession | None:
    """The session for a cookie's token hash, expired or not (the caller decides)."""
    with store.errors():
        row = store.db.execute(
            "SELECT account, desk_id, csrf_token, created_at, last_seen, expires_at FROM staff_sessions "
            "WHERE token_hash = ?",
            [token_hash],
        ).fetchone()
    if row is None:
        return None
    created, seen, expires = (from_text(v) for v in row[3:])
    assert created is not None and seen is not None and expires is not None
    return StaffSession(row[0], row[1], row[2], created, seen, expires)


def touch_session(store: Store, token_hash: str) -> None:
    """Note that the session was used now (for the idle timeout)."""
    with store.write() as tx:
        tx.db.execute(
            "UPDATE staff_sessions SET last_seen = ? WHERE token_hash = ?", [to_text(tx.now), token_hash]
        )


def end_session(store: Store, token_hash: str) -> None:
    with store.write() as tx:
        tx.db.execute("DELETE FROM staff_sessions WHERE token_hash = ?", [token_hash])
