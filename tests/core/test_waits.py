import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.waits import estimate_hit, estimate_wait, round_for_people, visit_durations


def test_unknown_when_no_desk_serves():
    est = estimate_wait(people_ahead=3, desks_serving=0, recent_visits=[10, 12], default_minutes=15)
    assert not est.known and est.people_ahead == 3


def test_nobody_ahead_and_a_free_desk_is_under_five_minutes():
    est = estimate_wait(0, 1, [], 15)
    assert (est.low_minutes, est.high_minutes) == (0, 5)


def test_slot_is_duration_divided_by_desks():
    one = estimate_wait(6, 1, [], 20)
    two = estimate_wait(6, 2, [], 20)
    assert one.low_minutes >= 2 * two.low_minutes - 5
    assert one.high_minutes >= 2 * two.high_minutes - 15


def test_todays_real_visits_replace_the_default():
    slow_default = estimate_wait(4, 1, [], 30)
    fast_today = estimate_wait(4, 1, [5, 6, 5, 7, 6], 30)
    assert fast_today.high_minutes < slow_default.low_minutes


def test_visits_in_progress_make_the_pessimistic_end_longer():
    idle = estimate_wait(2, 1, [], 20)
    busy = estimate_wait(2, 1, [], 20, busy_elapsed=[2])
    assert busy.high_minutes > idle.high_minutes and busy.low_minutes == idle.low_minutes


def test_default_fills_in_when_few_visits_are_known():
    short, long = visit_durations([2], default_minutes=20)
    assert short < 20 < long


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 0, (0, 5)),
        (0, 3.2, (0, 5)),
        (12, 17, (10, 20)),
        (58, 70, (55, 75)),
        (80, 130, (75, 135)),
        (20, 20, (20, 25)),
    ],
)
def test_rounding_reads_like_people_talk(low, high, expected):
    assert round_for_people(low, high) == expected


@given(st.floats(0, 600), st.floats(0, 600))
def test_rounded_range_contains_the_estimate(a, b):
    low, high = sorted((a, b))
    r_low, r_high = round_for_people(low, high)
    assert r_low <= low and high <= r_high and r_low < r_high


def test_hit_is_none_for_an_unknown_estimate():
    assert estimate_hit(None, None, 12) is None
    assert estimate_hit(10, 20, 12) is True
    assert estimate_hit(10, 20, 25) is False
