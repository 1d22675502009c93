"""Booking codes: what a visitor carries on paper and a scanner or a finger types back.

A code is eight characters, shown in two groups ("K7P4-MX3R"): seven random
ones and a check character (Luhn mod N), so a mistyped character or two
swapped neighbours are caught at once instead of finding someone else's
appointment. It says nothing about the person: it is random.

The alphabet leaves out what people and machines confuse:

- 0/O, 1/I/L, 2/Z, 5/S, 8/B, G/6: look alike on thermal paper (one of each pair, or both, is out);
- Y and Z: a USB scanner typing on a German (QWERTZ) keyboard layout while
  set up for an American one swaps them. Letters and digits otherwise sit on
  the same keys in both layouts, so a code survives the wrong layout; the
  punctuation around it (``:`` ``-`` ``@``) does not, which is why
  :func:`find_codes` looks for codes between any characters that are not
  ASCII letters or digits.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

ALPHABET = "ACDEFHJKMNPRTUVWX34679"
RANDOM_LENGTH = 7
LENGTH = RANDOM_LENGTH + 1
GROUP = 4
_BASE = len(ALPHABET)
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_TOKEN = re.compile(r"[0-9A-Za-z]+")


def _luhn_sum(text: str, double_first: bool) -> int:
    """Luhn mod N over ``text`` read from the right; every second character doubled."""
    total, double = 0, double_first
    for ch in reversed(text):
        value = _INDEX[ch] * (2 if double else 1)
        total += value // _BASE + value % _BASE
        double = not double
    return total


def check_character(payload: str) -> str:
    """The character that makes ``payload`` + it a valid code."""
    return ALPHABET[(-_luhn_sum(payload, double_first=True)) % _BASE]


def is_valid(code: str) -> bool:
    """Whether ``code`` (canonical: eight alphabet characters) carries a correct check character."""
    return (
        len(code) == LENGTH
        and all(ch in _INDEX for ch in code)
        and _luhn_sum(code, double_first=False) % _BASE == 0
    )


def new_code(choose: Callable[[str], str] = secrets.choice) -> str:
    """A fresh random code (canonical form). ``choose`` picks one character; tests may pass their own."""
    payload = "".join(choose(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_character(payload)


def display(code: str) -> str:
    """``K7P4MX3R`` as people read and type it: ``K7P4-MX3R``."""
    return f"{code[:GROUP]}-{code[GROUP:]}" if len(code) == LENGTH else code


def normalise(text: str) -> str | None:
    """The canonical code in what a person typed ("k7p4 mx3r", "K7P4-MX3R"), or None."""
    tokens = _TOKEN.findall(text)
    candidate = "".join(tokens).upper()
    return candidate if is_valid(candidate) else None


def find_codes(text: str) -> list[str]:
    """Every valid code in a scanned text, in order, each once.

    The scanner types the whole QR code: an iCalendar event whose UID and
    description hold the code (``UID:K7P4MX3R@…``, ``Code K7P4-MX3R``). A
    code is an eight-character run of letters and digits, or two runs of
    four joined by anything else; the check character makes a random word
    of the calendar text pass only once in 22 times, and only a booking the
    kiosk knows is ever checked in.
    """
    tokens = [t.upper() for t in _TOKEN.findall(text)]
    found: list[str] = []
    for index, token in enumerate(tokens):
        candidates = [token]
        if len(token) == GROUP and index + 1 < len(tokens) and len(tokens[index + 1]) == GROUP:
            candidates.append(token + tokens[index + 1])
        for candidate in candidates:
            if is_valid(candidate) and candidate not in found:
                found.append(candidate)
    return found
