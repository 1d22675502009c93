"""iCalendar import: real exports parse, recurrence is right across DST, cancelled and moved dates."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from kiosk.core.timekeeping import local_datetime
from kiosk.sync.calendar import calendar_sessions, read_calendar
from kiosk.sync.errors import FeedInvalid, FeedNeedsOfficeFile, FeedUnreadable, OfficeFileError
from kiosk.sync.load import FeedSettings, build_schedule
from tests.conftest import THURSDAY, office_schedule
from tests.sync.feeds import feed_document

CALENDARS = Path(__file__).with_name("calendars")
SERVICES = office_schedule().services
MAPPING = {"Rente": "rente", "Rentenversicherung Sondertermin": "rente"}


def plan(name="office_plan.ics", categories=MAPPING, first=date(2026, 10, 1), last=date(2026, 12, 31)):
    calendar = read_calendar((CALENDARS / name).read_bytes())
    return calendar_sessions(calendar, SERVICES, categories, first, last)


def by_service(found, service_id):
    return {s.day: s for s in found.sessions if s.service_id == service_id}


def test_a_weekly_session_keeps_its_wall_clock_time_across_the_end_of_dst():
    jobcenter = by_service(plan(), "jobcenter")
    before, after = date(2026, 10, 20), date(2026, 10, 27)  # clocks went back on 25 October
    assert jobcenter[before].start == jobcenter[after].start == time(9)
    assert jobcenter[after].end == time(12)
    assert jobcenter[after].starts_at - jobcenter[before].starts_at == timedelta(days=7, hours=1)
    assert jobcenter[before].room == "1" and jobcenter[before].languages == ("de", "tr", "ar")


def test_cancelled_occurrences_are_gone_by_exdate_and_by_status():
    jobcenter = by_service(plan(), "jobcenter")
    assert date(2026, 11, 3) not in jobcenter  # EXDATE
    assert date(2026, 11, 17) not in jobcenter  # RECURRENCE-ID with STATUS:CANCELLED
    assert date(2026, 11, 24) in jobcenter


def test_a_moved_occurrence_is_on_its_new_day_time_and_room():
    jobcenter = by_service(plan(), "jobcenter")
    assert date(2026, 11, 10) not in jobcenter
    moved = jobcenter[date(2026, 11, 12)]
    assert (moved.start, moved.end, moved.room, moved.languages) == (time(10), time(13), "2", ("de", "tr"))


def test_the_series_ends_at_until():
    assert max(by_service(plan(), "jobcenter")) == date(2026, 12, 15)


def test_fortnightly_by_title_and_utc_and_floating_times():
    found = plan()
    schulden = sorted(by_service(found, "schulden"))
    assert schulden[:3] == [date(2026, 10, 14), date(2026, 10, 28), date(2026, 11, 11)]
    rente = by_service(found, "rente")
    # Stored in UTC (07:00Z): 09:00 in summer time, 08:00 after the change, as RFC 5545 says.
    assert rente[date(2026, 10, 22)].start == time(9) and rente[date(2026, 10, 29)].start == time(8)
    assert rente[date(2026, 11, 27)].start == time(14)  # floating: the office's local time
    assert rente[date(2026, 11, 27)].starts_at == local_datetime(date(2026, 11, 27), time(14))


def test_what_belongs_to_no_service_is_skipped_and_named():
    found = plan()
    assert "„Teamsitzung“: keinem Dienst zugeordnet" in found.skipped
    assert "„Jobcenter Klausurtag“: ganztägig, kein Zeitfenster" in found.skipped
    assert not [s for s in found.sessions if s.start == time(8) and s.day.weekday() == 0]


def test_a_mapping_to_an_unknown_service_is_refused():
    with pytest.raises(FeedInvalid, match="unbekannte Dienste: zahnarzt"):
        plan(categories={"Zahnarzt": "zahnarzt"})


def test_a_google_calendar_export_parses_with_dst_exdate_and_moved_dates():
    found = plan(
        "google_export.ics",
        {"OpenLab": "jobcenter", "Montessori Schulklasse": "schulden", "mB-onTour: repairCafé": "rente"},
        date(2018, 10, 1),
        date(2019, 3, 31),
    )
    openlab = by_service(found, "jobcenter")
    assert openlab[date(2018, 10, 25)].start == openlab[date(2018, 11, 1)].start == time(18)
    montessori = by_service(found, "schulden")
    assert date(2019, 2, 28) in montessori and date(2019, 3, 7) not in montessori
    assert date(2019, 3, 1) in montessori  # the Friday series of the same title
    repair = by_service(found, "rente")
    assert date(2019, 2, 16) not in repair and repair[date(2019, 2, 24)].start == time(11)


def test_a_nextcloud_export_parses():
    found = plan("nextcloud_export.ics", {"test6": "jobcenter"}, date(2019, 3, 1), date(2019, 5, 1))
    days = sorted(by_service(found, "jobcenter"))
    assert len(days) == 7 and date(2019, 3, 11) not in days  # one of eight deleted (EXDATE in UTC)
    assert by_service(found, "jobcenter")[date(2019, 3, 4)].start == time(0, 30)


def test_an_exchange_export_with_a_windows_time_zone_name_parses():
    found = plan("exchange_export.ics", {"Test 4": "jobcenter"}, date(2017, 2, 1), date(2017, 2, 28))
    session = by_service(found, "jobcenter")[date(2017, 2, 24)]
    assert (session.start, session.end) == (time(21), time(21, 30))  # 12:00 in California


def test_an_exchange_export_with_a_malformed_rule_is_refused_not_half_read():
    with pytest.raises(FeedInvalid, match=r"Kalender: BadRuleStringFormat: .*BYDAY=MO"):
        plan("exchange_broken_rrule.ics", {"Sprint 25 Daily Standup": "jobcenter"}, date(2015, 7, 1))


@pytest.mark.parametrize(
    "data", [b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", b"\xff\xfeBEGIN", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n"]
)
def test_broken_calendars_are_unreadable(data):
    with pytest.raises(FeedUnreadable):
        read_calendar(data)


def test_a_calendar_feed_takes_office_and_services_from_the_office_file(tmp_path):
    office_file = tmp_path / "office.json"
    office_file.write_text(json.dumps(feed_document()), encoding="utf-8")
    settings = FeedSettings(
        office_id="test-office", office_file=office_file, categories=MAPPING, horizon_days=60
    )
    loaded = build_schedule((CALENDARS / "office_plan.ics").read_bytes(), settings, date(2026, 10, 20), "cal")
    assert loaded.format == "ical" and loaded.version.startswith("ics-") and loaded.generated_at is None
    assert {s.id for s in loaded.schedule.services} == {"jobcenter", "schulden", "rente"}
    sources = {s.id.rsplit("@", 1)[0] for s in loaded.schedule.sessions if s.day == date(2026, 10, 22)}
    assert "jobcenter-do" in sources and "rente-utc@quartier.example" in sources  # file and calendar merged
    assert "„Teamsitzung“: keinem Dienst zugeordnet" in loaded.skipped


def test_a_calendar_without_office_file_is_refused(tmp_path):
    data = (CALENDARS / "office_plan.ics").read_bytes()
    with pytest.raises(FeedNeedsOfficeFile):
        build_schedule(data, FeedSettings(), THURSDAY)
    with pytest.raises(OfficeFileError, match="office_file ist nicht verwendbar"):
        build_schedule(data, FeedSettings(office_file=tmp_path / "missing.json"), THURSDAY)
