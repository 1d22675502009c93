from datetime import date, time, timedelta

import pytest

from kiosk.core.errors import InvalidSchedule, ServiceHasNoDate, ServiceNotOnSite
from kiosk.core.model import Office, Schedule, Service, Session
from kiosk.core.schedule import (
    coming_days,
    is_open,
    next_opening,
    session_for_ticket,
    today_view,
    validate_schedule,
    week_plan,
    without_closures,
)
from tests.conftest import THURSDAY, berlin, office_schedule

SCHEDULE = office_schedule()


def view_at(hour, minute=0, day=THURSDAY):
    return today_view(SCHEDULE.services, SCHEDULE.sessions, berlin(day, hour, minute))


def ids(offers):
    return [o.service_id for o in offers]


def test_morning_view_splits_on_now_and_not_today():
    view = view_at(10)
    assert ids(view.on_now) == ["jobcenter", "schulden"]  # the one ending first comes first
    assert ids(view.not_today) == ["rente"]
    assert view.not_today[0].session.day == THURSDAY + timedelta(days=1)


def test_before_opening_services_come_later_today():
    view = view_at(8)
    assert ids(view.later_today) == ["jobcenter", "schulden"] and view.on_now == []


def test_an_ended_session_is_not_offered_and_says_when_it_comes_next():
    view = view_at(14)
    assert ids(view.on_now) == ["schulden"]
    job = view.offer("jobcenter")
    assert job in view.not_today and job.session is None  # no further date in this small plan


def test_ticket_only_while_a_session_takes_tickets():
    job = SCHEDULE.services[0]
    assert session_for_ticket(job, SCHEDULE.sessions, berlin(THURSDAY, 8, 31)).room == "1"  # 29 min early
    with pytest.raises(ServiceNotOnSite, match=r"26\.11\.2026 09:00"):
        session_for_ticket(job, SCHEDULE.sessions, berlin(THURSDAY, 8, 29))
    with pytest.raises(ServiceHasNoDate):
        session_for_ticket(job, SCHEDULE.sessions, berlin(THURSDAY, 13, 0))


def test_week_plan_lists_each_day():
    plan = week_plan(SCHEDULE.sessions, THURSDAY)
    assert len(plan) == 7 and len(plan[THURSDAY]) == 2 and len(plan[THURSDAY + timedelta(days=1)]) == 1


def test_opening_hours_and_next_opening():
    office = SCHEDULE.office
    assert is_open(office, berlin(THURSDAY, 10))
    assert not is_open(office, berlin(THURSDAY, 18))
    assert next_opening(office, berlin(THURSDAY, 18)) == berlin(THURSDAY + timedelta(days=1), 9)
    # Friday evening: next is Monday
    assert next_opening(office, berlin(THURSDAY + timedelta(days=1), 18)) == berlin(
        THURSDAY + timedelta(days=4), 9
    )


def test_closure_days_are_skipped():
    closed = Office("o", "O", opening_hours=SCHEDULE.office.opening_hours, closures=frozenset({THURSDAY}))
    assert not is_open(closed, berlin(THURSDAY, 10))
    assert next_opening(closed, berlin(THURSDAY, 10)) == berlin(THURSDAY + timedelta(days=1), 9)


def test_a_session_on_the_dst_day_keeps_its_wall_clock_times():
    day = date(2026, 10, 25)  # a Sunday; clocks go back at 03:00
    services = (Service("x", {"de": "X"}, "X"),)
    sessions = (Session("x", day, time(1), time(4), "1"),)
    view = today_view(services, sessions, berlin(day, 3, 30))
    assert ids(view.on_now) == ["x"]
    assert sessions[0].ends_at - sessions[0].starts_at == timedelta(hours=4)  # the extra hour is real


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        (Schedule(SCHEDULE.office, (), ()), "keinen Dienst"),
        (Schedule(SCHEDULE.office, SCHEDULE.services[:1] * 2, ()), "doppelt"),
        (Schedule(SCHEDULE.office, (Service("x", {"de": "X"}, "O"),), ()), "Kürzel"),
        (
            Schedule(SCHEDULE.office, SCHEDULE.services, (Session("nope", THURSDAY, time(9), time(10)),)),
            "unbekannt",
        ),
        (
            Schedule(SCHEDULE.office, SCHEDULE.services, (Session("rente", THURSDAY, time(10), time(9)),)),
            "endet",
        ),
    ],
)
def test_bad_plans_are_refused_with_a_reason(schedule, reason):
    with pytest.raises(InvalidSchedule, match=reason):
        validate_schedule(schedule)


def test_coming_days_drop_what_has_ended_today_and_keep_empty_days():
    plan = coming_days(SCHEDULE.sessions, berlin(THURSDAY, 14))
    assert [p.day for p in plan] == [THURSDAY + timedelta(days=i) for i in range(7)]
    assert [s.service_id for s in plan[0].sessions] == ["schulden"]  # the job centre closed at 13:00
    assert [s.service_id for s in plan[1].sessions] == ["rente"]
    assert all(p.sessions == [] for p in plan[2:])


def test_coming_days_before_opening_show_all_of_today():
    plan = coming_days(SCHEDULE.sessions, berlin(THURSDAY, 7), days=1)
    assert [s.service_id for s in plan[0].sessions] == ["jobcenter", "schulden"]


def test_closures_remove_every_session_of_that_day():
    friday = THURSDAY + timedelta(days=1)
    kept = without_closures(SCHEDULE.sessions, [friday])
    assert [s.service_id for s in kept] == ["jobcenter", "schulden"]
    view = today_view(SCHEDULE.services, kept, berlin(THURSDAY, 10))
    assert view.offer("rente").session is None  # no longer "next on Friday"
