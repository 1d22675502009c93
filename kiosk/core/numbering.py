"""Ticket prefixes and display codes: the one place a code is formatted.

A code is the service's prefix letter, a hyphen and the day's number with at
least three digits ("S-007"). Digits are always Western Arabic, whatever the
visitor's language, so staff and visitor compare the same characters.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from kiosk.core.errors import DuplicatePrefix, InvalidPrefix

# O and I read as 0 and 1 on a ticket and on a waiting-room screen.
LOOK_ALIKE = frozenset("OI")
ALLOWED_PREFIXES = frozenset(string.ascii_uppercase) - LOOK_ALIKE

_CODE = re.compile(r"^\s*([A-Za-z])\s*-?\s*(\d{1,4})\s*$")


def check_prefix(prefix: str) -> str:
    """Return the prefix if it is one allowed letter, else raise InvalidPrefix."""
    if prefix not in ALLOWED_PREFIXES:
        raise InvalidPrefix(prefix=prefix)
    return prefix


def check_prefixes(prefix_by_service: Iterable[tuple[str, str]]) -> None:
    """Every service of one office needs its own allowed prefix."""
    seen: dict[str, str] = {}
    for service_id, prefix in prefix_by_service:
        check_prefix(prefix)
        if prefix in seen:
            raise DuplicatePrefix(prefix=prefix, first=seen[prefix], second=service_id)
        seen[prefix] = service_id


def display_code(prefix: str, number: int) -> str:
    """``S-007``; beyond 999 the number simply grows a digit, never wraps."""
    if number < 1:
        raise ValueError(f"ticket numbers start at 1, got {number}")
    return f"{prefix}-{number:03d}"


def parse_code(text: str) -> tuple[str, int] | None:
    """Read what a person typed ("s7", "S-007", "S 007") as (prefix, number)."""
    match = _CODE.match(text)
    if not match:
        return None
    return match.group(1).upper(), int(match.group(2))


def normalise_code(text: str) -> str | None:
    """The canonical display code for typed input, or None if it is no code."""
    parsed = parse_code(text)
    if parsed is None or parsed[1] < 1:
        return None
    return display_code(*parsed)
