"""From feed bytes to the office's plan: one path for downloads, files, checks and the demo.

Whatever the source (a download, ``kiosk feed check FILE``, the demo), the
bytes go through :func:`build_schedule`, so what a city tests with
``feed check`` is exactly what its kiosks will load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.core.errors import InvalidSchedule
from kiosk.core.model import Schedule
from kiosk.core.schedule import validate_schedule, without_closures
from kiosk.sync.errors import (
    FeedInvalid,
    FeedNeedsOfficeFile,
    FeedNotAFeed,
    FeedRefused,
    FeedUnreadable,
    OfficeFileError,
)
from kiosk.sync.feed import DAYS_BEHIND, DEFAULT_HORIZON_DAYS, JsonFeed, read_json_feed

JSON = "json"
ICAL = "ical"


@dataclass(frozen=True)
class FeedSettings:
    """What the kiosk's config says about reading feeds (kept apart from pydantic)."""

    office_id: str = ""
    format: str = "auto"
    office_file: Path | None = None
    categories: Mapping[str, str] = field(default_factory=dict)
    horizon_days: int = DEFAULT_HORIZON_DAYS


@dataclass(frozen=True)
class Loaded:
    """A plan ready to replace the one in use, and what the feed told about itself."""

    schedule: Schedule
    format: str
    sha256: str
    skipped: list[str] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.schedule.version

    @property
    def generated_at(self) -> datetime | None:
        return self.schedule.generated_at


def detect_format(data: bytes, content_type: str = "", url: str = "") -> str:
    """JSON or iCalendar by the content itself: a Content-Type can lie, the first bytes cannot.

    A captive portal or a proxy's login page arrives as HTML, often labelled
    as whatever was asked for; it is named as such rather than reported as
    "invalid JSON".
    """
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return JSON
    if head.startswith(b"begin:vcalendar"):
        return ICAL
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<")):
        what = "eine HTML-Seite" if b"html" in head else "ein XML-Dokument"
        raise FeedNotAFeed(url=url or "der Adresse", what=what, content_type=content_type or "keiner")
    if not head:
        raise FeedNotAFeed(
            url=url or "der Adresse", what="eine leere Antwort", content_type=content_type or "keiner"
        )
    raise FeedUnreadable(format="JSON oder iCalendar", detail="unbekannter Anfang der Datei")


def _window(today: date, horizon_days: int) -> tuple[date, date]:
    return today - timedelta(days=DAYS_BEHIND), today + timedelta(days=horizon_days)


def _office_file(settings: FeedSettings) -> JsonFeed:
    path = settings.office_file
    if path is None:
        raise FeedNeedsOfficeFile()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OfficeFileError(path=str(path), problem=error.strerror or str(error)) from None
    try:
        return read_json_feed(data)
    except FeedRefused as error:
        raise OfficeFileError(path=str(path), problem=str(error)) from None


def build_schedule(
    data: bytes, settings: FeedSettings, today: date, source: str = "", content_type: str = ""
) -> Loaded:
    """Parse, validate and unroll a feed into the plan of the configured office.

    Raises a :class:`~kiosk.sync.errors.FeedRefused` subclass naming the
    first problem; nothing is written anywhere.
    """
    kind = detect_format(data, content_type, source) if settings.format == "auto" else settings.format
    sha = hashlib.sha256(data).hexdigest()
    if kind == JSON:
        feed = read_json_feed(data)
        schedule = feed.schedule(settings.office_id, today, settings.horizon_days, source)
        return Loaded(schedule, JSON, sha)
    base = _office_file(settings).schedule(
        settings.office_id, today, settings.horizon_days, str(settings.office_file)
    )
    from kiosk.sync.calendar import calendar_sessions, read_calendar  # icalendar only for iCalendar feeds

    first, last = _window(today, settings.horizon_days)
    found = calendar_sessions(read_calendar(data), base.services, settings.categories, first, last)
    schedule = Schedule(
        office=base.office,
        services=base.services,
        sessions=tuple(without_closures([*base.sessions, *found.sessions], base.office.closures)),
        version=f"ics-{sha[:12]}",
        generated_at=found.generated_at,
        source=source,
    )
    try:
        validate_schedule(schedule)
    except InvalidSchedule as error:
        raise FeedInvalid(problem=f"Kalender: {error.params['reason']}") from None
    return Loaded(schedule, ICAL, sha, found.skipped)
