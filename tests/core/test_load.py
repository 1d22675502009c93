"""The staff's traffic light: people waiting per active desk."""

import pytest

from kiosk.core.load import GREEN_UP_TO, YELLOW_UP_TO, LoadLevel, load_level


@pytest.mark.parametrize(
    ("waiting", "desks", "level"),
    [
        (0, 0, LoadLevel.GREEN),  # nobody waiting: nothing to do, even with no desk open
        (0, 3, LoadLevel.GREEN),
        (3, 1, LoadLevel.GREEN),
        (4, 1, LoadLevel.YELLOW),
        (6, 1, LoadLevel.YELLOW),
        (7, 1, LoadLevel.RED),
        (12, 2, LoadLevel.YELLOW),
        (13, 2, LoadLevel.RED),
        (1, 0, LoadLevel.RED),  # someone waits and nobody will call them
    ],
)
def test_light_by_people_waiting_per_active_desk(waiting, desks, level):
    assert load_level(waiting, desks).level == level


def test_thresholds_can_be_moved_and_the_ratio_is_reported():
    load = load_level(5, 2, green_up_to=2, yellow_up_to=2.4)
    assert (load.per_desk, load.level) == (2.5, LoadLevel.RED)
    assert load_level(4, 0).per_desk is None
    assert GREEN_UP_TO < YELLOW_UP_TO


def test_negative_counts_are_a_programming_error():
    with pytest.raises(ValueError):
        load_level(-1, 1)
