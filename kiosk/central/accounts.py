"""Planner and viewer accounts, and their browser sessions.

Passwords are argon2id hashes (:mod:`kiosk.passwords`, the kiosk's one way
to hash a secret). A session cookie is a random token; only its SHA-256 is
stored, beside the session's CSRF token. Roles: ``planner`` changes the
plan, enrols and revokes kiosks; ``viewer`` reads the plan, the dashboard
and the fleet.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.central.db import CentralDB, from_text, to_text
from kiosk.central.errors import AlreadyExists, InvalidName, UnknownUser
from kiosk.passwords import hash_secret, verify_secret
from kiosk.tokens import new_token, token_hash

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class Role(enum.StrEnum):
    PLANNER = "planner"
    VIEWER = "viewer"


def add_user(db: CentralDB, name: str, secret: str, role: Role) -> None:
    if not NAME.match(name):
        raise InvalidName(name=name)
    hashed = hash_secret(secret)
    with db.write() as tx:
        if tx.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
            raise AlreadyExists(name=name)
        tx.execute(
            "INSERT INTO users (name, role, secret_hash, created_at) VALUES (?, ?, ?, ?)",
            [name, role.value, hashed, to_text(tx.now)],
        )


def set_password(db: CentralDB, name: str, secret: str) -> None:
    hashed = hash_secret(secret)
    with db.write() as tx:
        if not tx.execute("UPDATE users SET secret_hash = ? WHERE name = ?", [hashed, name]).rowcount:
            raise UnknownUser(name=name)
        tx.execute("DELETE FROM user_sessions WHERE user_name = ?", [name])


def remove_user(db: CentralDB, name: str) -> None:
    with db.write() as tx:
        if not tx.execute("DELETE FROM users WHERE name = ?", [name]).rowcount:
            raise UnknownUser(name=name)


def users(db: CentralDB) -> list[dict]:
    return db.rows("SELECT name, role, created_at FROM users ORDER BY name")


def check_password(db: CentralDB, name: str, secret: str) -> Role | None:
    """The user's role if the password is right; as slow for unknown names as for known ones."""
    row = db.row("SELECT role, secret_hash FROM users WHERE name = ?", [name])
    if not verify_secret(row["secret_hash"] if row else None, secret) or row is None:
        return None
    return Role(row["role"])


@dataclass(frozen=True)
class UserSession:
    user: str
    role: Role
    csrf_token: str
    expires_at: datetime
    last_seen: datetime
    token_hash: str

    @property
    def planner(self) -> bool:
        return self.role == Role.PLANNER


def open_session(db: CentralDB, name: str, lifetime: timedelta) -> tuple[str, str]:
    """A new session: (cookie token, CSRF token). Only the token's hash is stored."""
    token, csrf = new_token(), new_token()
    with db.write() as tx:
        tx.execute("DELETE FROM user_sessions WHERE expires_at < ?", [to_text(tx.now)])
        tx.execute(
            "INSERT INTO user_sessions (token_hash, user_name, csrf_token, created_at, expires_at, "
            "last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [token_hash(token), name, csrf, to_text(tx.now), to_text(tx.now + lifetime), to_text(tx.now)],
        )
    return token, csrf


def find_session(db: CentralDB, token: str) -> UserSession | None:
    hashed = token_hash(token)
    row = db.row(
        "SELECT s.*, u.role FROM user_sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ?",
        [hashed],
    )
    if row is None:
        return None
    return UserSession(
        row["user_name"],
        Role(row["role"]),
        row["csrf_token"],
        from_text(row["expires_at"]) or datetime.min,
        from_text(row["last_seen"]) or datetime.min,
        hashed,
    )


def touch_session(db: CentralDB, hashed: str) -> None:
    with db.write() as tx:
        tx.execute("UPDATE user_sessions SET last_seen = ? WHERE token_hash = ?", [to_text(tx.now), hashed])


def end_session(db: CentralDB, hashed: str) -> None:
    with db.write() as tx:
        tx.execute("DELETE FROM user_sessions WHERE token_hash = ?", [hashed])
