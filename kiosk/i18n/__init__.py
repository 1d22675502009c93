"""Languages, gettext catalogs and the words around numbers.

German is the source language: every msgid is German, and a missing
translation falls back to it (never to an empty string).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import lru_cache

from kiosk.core.model import WaitEstimate
from kiosk.i18n.catalogs import load

Translate = Callable[[str], str]


@lru_cache(maxsize=32)
def translation(language: str) -> gettext.NullTranslations:
    """The catalog for a language code such as "ar" or "de-easy" (loaded once per process)."""
    return load(language)


def translator(language: str) -> Translate:
    return translation(language).gettext


def wait_text(estimate: WaitEstimate, _: Translate = str) -> str:
    """ "10–20 Min.", "unter 5 Min." or "unbekannt", as a person would say it."""
    if not estimate.known:
        return _("Wartezeit unbekannt")
    low, high = estimate.low_minutes, estimate.high_minutes
    if low == 0 and high is not None and high <= 5:
        return _("unter 5 Min.")
    # Translators: an estimated wait in minutes, "10–20 Min."; short, it stands after "Wartezeit:".
    return _("{low}–{high} Min.").format(low=low, high=high)
