from datetime import UTC, date, datetime, time, timedelta

import pytest

from kiosk.core.errors import ClockNotSet
from kiosk.core.timekeeping import effective_time, local_datetime, office_day

LAST = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def test_office_day_is_the_berlin_date():
    # 23:30 UTC on 25 Nov is 00:30 on 26 Nov in Berlin (CET, UTC+1)
    assert office_day(datetime(2026, 11, 25, 23, 30, tzinfo=UTC)) == date(2026, 11, 26)
    # in summer (CEST, UTC+2), 22:30 UTC is already the next day
    assert office_day(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(2026, 7, 2)


def test_wall_clock_times_on_dst_days():
    # clocks go forward on 29 March 2026: 09:00 is 07:00 UTC
    assert local_datetime(date(2026, 3, 29), time(9)).hour == 7
    # and back on 25 October 2026: 09:00 is 08:00 UTC, and the day is 25 hours long
    day = date(2026, 10, 25)
    assert local_datetime(day, time(9)).hour == 8
    assert local_datetime(day, time(23, 59)) - local_datetime(day, time(0)) == timedelta(hours=24, minutes=59)
    # 02:30 happens twice that night; the first (summer time) is meant
    assert local_datetime(day, time(2, 30)).hour == 0  # 00:30 UTC


def test_a_clock_behind_the_store_is_held_at_the_stored_time():
    reading = effective_time(LAST - timedelta(hours=3), LAST)
    assert reading.at == LAST and reading.suspicious


def test_a_small_step_back_is_absorbed_quietly():
    reading = effective_time(LAST - timedelta(seconds=20), LAST)
    assert reading.at == LAST and not reading.suspicious


def test_a_clock_in_1970_with_an_empty_store_refuses_to_number():
    with pytest.raises(ClockNotSet, match=r"01\.01\.1970"):
        effective_time(datetime(1970, 1, 1, tzinfo=UTC), None)


def test_a_clock_in_1970_with_history_keeps_the_history_time():
    reading = effective_time(datetime(1970, 1, 1, tzinfo=UTC), LAST)
    assert reading.at == LAST and reading.suspicious


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError):
        effective_time(datetime(2026, 11, 26, 9), None)
