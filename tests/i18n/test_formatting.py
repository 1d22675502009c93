"""Times, dates and numbers in each language, always with Western digits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest

from kiosk.core.model import Session
from kiosk.i18n import translation
from kiosk.i18n.formatting import clock_time, day_and_month, number, numeric_date, time_span, weekday
from kiosk.i18n.languages import LANGUAGES
from kiosk.printing.slip import build_slip
from kiosk.ui.present import day_name, heading, opening_hours_lines, when_next

THURSDAY = date(2026, 11, 26)
MORNING = datetime(2026, 11, 26, 8, 5, tzinfo=UTC)  # 09:05 in Berlin (winter time)
ONLY_WESTERN = re.compile(r"^[^\u0660-\u0669\u06f0-\u06f9]*$")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "09:05"), ("en", "09:05"), ("ar", "09:05"), ("fa", "9:05"), ("bg", "09:05 ч."), ("tr", "09:05")],
)
def test_clock_times_are_local_24_hour_and_western(language, expected):
    assert clock_time(MORNING, language) == expected
    assert clock_time(time(14, 30), language).startswith("14:30")


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("de", "Donnerstag", "26. November"),
        ("de-easy", "Donnerstag", "26. November"),
        ("en", "Thursday", "26 November"),  # English as written in Germany, not "November 26"
        ("tr", "Perşembe", "26 Kasım"),
        ("ar", "الخميس", "26 نوفمبر"),
        ("uk", "четвер", "26 листопада"),  # the genitive a Ukrainian date needs
        ("ru", "четверг", "26 ноября"),
        ("pl", "czwartek", "26 listopada"),
        ("fa", "پنجشنبه", "26 نوامبر"),
        ("ku", "pêncşem", "26ê mijdarê"),
    ],
)
def test_weekdays_and_dates_follow_the_language(language, day, month):
    assert weekday(THURSDAY, language) == day and weekday(3, language) == day
    assert day_and_month(THURSDAY, language) == month


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_writes_western_digits(language):
    written = [
        clock_time(MORNING, language),
        day_and_month(THURSDAY, language),
        numeric_date(THURSDAY, language),
        number(1250, language),
        number(7, language),
    ]
    assert all(ONLY_WESTERN.match(text) for text in written), written
    assert number(7, language) == "7"


def test_a_day_name_is_put_together_by_the_catalog_in_the_language_s_order():
    today = date(2026, 11, 24)
    assert day_name(THURSDAY, today, translation("de"), "de") == "Donnerstag, 26. November"
    assert day_name(THURSDAY, today, translation("tr"), "tr") == "26 Kasım Perşembe"
    assert day_name(today, today, translation("uk"), "uk") == "сьогодні"
    assert heading(day_name(THURSDAY, today, translation("uk"), "uk")) == "Четвер, 26 листопада"


def test_the_next_date_reads_as_a_sentence_in_arabic_and_persian():
    session = Session("schulden", THURSDAY, time(9), time(12), "2")
    assert when_next(session, date(2026, 11, 25), translation("ar"), "ar") == "غدًا الساعة 09:00"
    assert when_next(session, date(2026, 11, 25), translation("fa"), "fa") == "فردا ساعت 9:00"


def test_opening_hours_name_the_weekday_in_the_language():
    from kiosk.core.model import Office
    from kiosk.ui.snapshot import Snapshot

    office = Office("o", "Büro", opening_hours={0: ((time(9), time(17)),)})
    snapshot = Snapshot(now=MORNING, event_id=0, office=office)
    assert opening_hours_lines(snapshot, "uk") == [("Понеділок", "09:00–17:00")]
    # In Arabic the span is marked right to left: the opening time stands on the right.
    assert opening_hours_lines(snapshot, "ar") == [("الاثنين", "\u200f09:00–17:00")]


def test_a_time_span_reads_from_where_the_reader_starts():
    from kiosk.printing.bidi import visual_runs

    assert time_span(time(9), time(17), "de") == "09:00–17:00"
    left_to_right = [run.text.strip("\u200f") for run in visual_runs(time_span(time(9), time(17), "fa"))]
    assert [text for text in left_to_right if text] == ["17:00", "–", "9:00"]  # 9:00 on the right


def test_the_slip_dates_the_ticket_as_the_language_writes_a_date():
    from kiosk.core.model import Service
    from kiosk.printing.slip import Line, SlipData

    data = SlipData("Büro", MORNING, "S-007", "ar", Service("s", {"de": "Beratung"}, "S"))
    lines = [b.text for b in build_slip(data, translation("ar").gettext).blocks if isinstance(b, Line)]
    assert "26\u200f/11\u200f/2026 · 09:05" in lines  # CLDR's Arabic date, Western digits
    data = SlipData("Büro", MORNING, "S-007", "de", Service("s", {"de": "Beratung"}, "S"))
    lines = [b.text for b in build_slip(data, translation("de").gettext).blocks if isinstance(b, Line)]
    assert "26.11.2026 · 09:05" in lines
