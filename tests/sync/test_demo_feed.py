"""The demo office goes through the real feed path, at any hour of the day."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk.core.schedule import today_view
from kiosk.demo import OFFICE, SERVICES, demo_feed, demo_schedule
from kiosk.i18n.languages import LANGUAGES
from kiosk.sync.feed import schema_problems
from tests.conftest import THURSDAY, berlin


@pytest.mark.parametrize(("hour", "minute"), [(0, 20), (8, 0), (10, 45), (16, 30), (23, 40)])
def test_the_demo_feed_is_valid_and_shows_services_on_now(hour, minute):
    now = berlin(THURSDAY, hour, minute)
    document = demo_feed(now)
    assert schema_problems(json.loads(json.dumps(document))) == []
    plan = demo_schedule(now)
    assert plan.office.id == OFFICE.id and len(plan.services) == len(SERVICES)
    assert plan.source == "built-in demo" and plan.version == f"demo-{THURSDAY}"
    view = today_view(plan.services, plan.sessions, now)
    assert len(view.on_now) == 4  # the four services laid around the start, even near midnight


def test_the_demo_speaks_every_offered_language():
    """What a newcomer sees first: names, what a service helps with and what to bring, all translated."""
    for service in SERVICES:
        for texts in (service.names, service.descriptions, service.what_to_bring):
            assert sorted(texts) == sorted(LANGUAGES), service.id
            assert all(text.strip() for text in texts.values()), service.id
            assert len(set(texts.values())) == len(texts), f"{service.id}: a text copied between languages"
    assert sorted(OFFICE.info) == sorted(LANGUAGES)


def test_the_usual_week_recurs_and_today_is_laid_around_now():
    now = berlin(THURSDAY, 11)
    plan = demo_schedule(now)
    next_thursday = [s for s in plan.sessions if s.day == THURSDAY + timedelta(days=7)]
    assert {s.service_id for s in next_thursday} == {"rente", "sucht"}  # the usual Thursday
    today = {s.service_id for s in plan.sessions if s.day == THURSDAY}
    assert today == {"jobcenter", "schulden", "migration", "jugendamt", "rente", "senioren"}
