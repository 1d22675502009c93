"""``kiosk feed check``: everything a kiosk would say about a feed, before it is published.

The check runs the same code as the nightly sync (:func:`kiosk.sync.load.build_schedule`)
and, for a city-wide JSON file, also validates every other office, which a
kiosk skips.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.sync.errors import FeedRefused, SyncError
from kiosk.sync.feed import read_json_feed, schema_findings
from kiosk.sync.load import JSON, FeedSettings, Loaded, build_schedule, detect_format
from kiosk.sync.signing import verify


@dataclass
class FeedReport:
    """What the check found. ``ok`` only if nothing is wrong anywhere in the file."""

    loaded: Loaded | None = None
    problems: list[str] = field(default_factory=list)
    signature: str = "nicht geprüft"
    offices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.loaded is not None and not self.problems


def check_feed(
    data: bytes,
    settings: FeedSettings,
    day: date,
    signature: bytes | None = None,
    public_key: str = "",
    source: str = "",
) -> FeedReport:
    """Validate ``data`` like a kiosk would, plus every office of a city-wide file."""
    report = FeedReport()
    if public_key and signature is not None:
        try:
            verify(public_key, data, signature)
            report.signature = "gültig"
        except SyncError as error:
            report.signature = "ungültig"
            report.problems.append(str(error))
    elif signature is not None:
        report.signature = "vorhanden, aber kein öffentlicher Schlüssel angegeben"
    try:
        report.loaded = build_schedule(data, settings, day, source)
    except SyncError as error:
        report.problems.append(str(error))
    if settings.format == JSON or (settings.format == "auto" and _is_json(data)):
        report.problems.extend(_other_offices(data, settings, day, report))
    return report


def _is_json(data: bytes) -> bool:
    try:
        return detect_format(data) == JSON
    except FeedRefused:
        return False


def _other_offices(data: bytes, settings: FeedSettings, day: date, report: FeedReport) -> list[str]:
    """Schema findings anywhere in the file, then the other offices built as their kiosks would."""
    try:
        feed = read_json_feed(data)
    except SyncError:
        return []  # already reported by build_schedule
    report.offices = feed.office_ids
    findings = schema_findings(feed.document)
    found = [f"Schema: {text}" for _path, text in findings]
    flawed = {path[1] for path, _text in findings if len(path) > 1 and path[0] == "offices"}
    mine = report.loaded.schedule.office.id if report.loaded else settings.office_id
    for index, office_id in enumerate(feed.office_ids):
        if office_id == mine or index in flawed:
            continue
        try:
            feed.schedule(office_id, day, settings.horizon_days)
        except SyncError as error:
            found.append(str(error))
    return found
