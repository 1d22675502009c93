"""Times, dates and numbers in the visitor's language: the one place that formats them.

Babel (CLDR) knows each language's weekday and month names, their grammar
("26 листопада", "26ê mijdarê"), the order of day and month and the clock
pattern. The screens and the slip call these functions and never write a
date or a time with f-strings.

Digits: Western (0-9) in every language, also in Arabic and Persian, for
times, dates, counts and minutes alike. Everything a visitor compares them
with in a German office is written with Western digits: the ticket code on
the call display, room doors, the wall clock, the dates on letters from the
Jobcenter. One digit system per screen also avoids the Arabic-Indic "٥" (5)
sitting next to the "0" of a ticket code, and "٠" (0) looking like a dot.
Babel itself formats dates with Western digits; numbers are asked for in the
"latn" numbering system explicitly, so Persian's CLDR default ("arabext")
does not creep in through separators. Ticket codes are never formatted at all.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_skeleton, get_day_names
from babel.numbers import format_decimal

from kiosk.core.timekeeping import to_local
from kiosk.i18n.languages import is_rtl

# The CLDR locale whose conventions fit a visitor in Germany best. English as
# written in Germany: day before month and a 24-hour clock, as on every sign
# in the building (plain "en" is American: "Nov 26", "2:05 PM").
REGIONAL = {"en": "en_DE"}
DIGITS = "latn"
RLM = "\u200f"  # RIGHT-TO-LEFT MARK: invisible, makes a run of digits an RTL paragraph


@lru_cache(maxsize=32)
def babel_locale(language: str) -> Locale:
    """The CLDR locale for an app language ("de-easy" formats as German)."""
    base = language.split("-")[0]
    return Locale.parse(REGIONAL.get(base, base))


def clock_time(moment: datetime | time, language: str) -> str:
    """A time of day on the 24-hour clock, local to the office: "14:05", "9:00" in Persian."""
    wall = to_local(moment) if isinstance(moment, datetime) else datetime.combine(date(2000, 1, 1), moment)
    return format_skeleton("Hm", wall, locale=babel_locale(language))


def bare_time(moment: datetime) -> str:
    """Hours and minutes alone, local to the office, in every language: "09:30".

    For a time that stands alone in very large type (an appointment's time on
    its slip and on the screen), where a language's "Uhr" or "ч." would only
    crowd it; the words around it say what it is.
    """
    return f"{to_local(moment):%H:%M}"


def time_span(start: datetime | time, end: datetime | time, language: str) -> str:
    """'09:00–17:00'; in Arabic and Persian the start stands on the right, where the reader begins.

    Two times and a dash have no letters to tell their direction, so on an
    RTL screen they would run left to right and read "17:00 to 09:00"; the
    right-to-left mark in front makes the span an RTL paragraph.
    """
    text = f"{clock_time(start, language)}–{clock_time(end, language)}"
    return f"{RLM}{text}" if is_rtl(language) else text


def weekday(day: date | int, language: str) -> str:
    """The full name of a date's weekday (or of weekday 0 = Monday ... 6): "Donnerstag", "четвер"."""
    index = day if isinstance(day, int) else day.weekday()
    return get_day_names("wide", locale=babel_locale(language))[index]


def day_and_month(day: date, language: str) -> str:
    """Day and month name, in the language's order and grammar: "26. November", "26 листопада"."""
    return format_skeleton("MMMMd", day, locale=babel_locale(language))


def numeric_date(day: date, language: str) -> str:
    """A full date in digits, as the language writes it: "26.11.2026", "26‏/11‏/2026"."""
    return format_skeleton("yMd", day, locale=babel_locale(language))


def number(value: int, language: str) -> str:
    """A count with the language's grouping, in Western digits: "3", "1.250", "1 250"."""
    return format_decimal(value, locale=babel_locale(language), numbering_system=DIGITS)


def capitalized(text: str) -> str:
    """The text with its first letter upper case, for a weekday that starts a heading.

    CLDR writes weekdays as they appear mid-sentence ("четвер", "joi"); at the
    start of a heading they take a capital like any first word.
    """
    return text[:1].upper() + text[1:]
