"""The JSON feed: decode, validate against the schema, pick an office, build its plan.

A feed is one document for one or more offices (a city may publish one
file for all its offices, or one per office). Validation has two layers:
the JSON Schema in ``feed.schema.json`` (the contract other tools, such as
the city's server, validate against too) and the checks a schema cannot
express (real dates, a session ending after it starts, cancellations that
match their rule). Only a document that passes both becomes a
:class:`~kiosk.core.model.Schedule`.

A kiosk validates the envelope and the whole of its own office, not the
other offices of a city-wide file: a mistake in another office's part must
not stop this one (and validating fifty offices on a Raspberry Pi every
night costs a second for nothing). ``kiosk feed check`` validates all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from kiosk.core.appointments import slots_of
from kiosk.core.errors import InvalidSchedule
from kiosk.core.model import Office, Schedule, Service, Session, SlotPlan, Taken
from kiosk.core.schedule import validate_schedule, without_closures
from kiosk.sync.errors import (
    FeedFormatUnknown,
    FeedInvalid,
    FeedOfficeAmbiguous,
    FeedOfficeMissing,
    FeedUnreadable,
)
from kiosk.sync.recurrence import WEEKDAYS, WeeklyRule
from kiosk.sync.schema_errors import describe, pattern_hints

FORMAT = "quartierskiosk-feed"
FORMAT_VERSION = 2  # the newest this kiosk reads; 2 adds appointment slots (docs/appointments.md)
FORMAT_VERSIONS = (1, 2)
MEDIA_TYPE = "application/vnd.quartierskiosk.feed+json"
SCHEMA_PATH = Path(__file__).with_name("feed.schema.json")

# The plan kept in the database: a week back (for "this week" tables) and a
# year ahead, so a kiosk that stays offline for months still knows its days.
DAYS_BEHIND = 7
DEFAULT_HORIZON_DAYS = 366


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator_for(root: dict[str, Any]) -> Draft202012Validator:
    # The schema itself is checked against the metaschema by the tests, not
    # here: that check alone costs a Raspberry Pi a tenth of a second per run.
    return Draft202012Validator(root)


@lru_cache(maxsize=1)
def _full_validator() -> Draft202012Validator:
    return _validator_for(schema())


@lru_cache(maxsize=1)
def _envelope_validator() -> Draft202012Validator:
    """The schema with each office checked only for its id."""
    root = json.loads(json.dumps(schema()))
    root["properties"]["offices"]["items"] = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"$ref": "#/$defs/id"}},
    }
    return _validator_for(root)


@lru_cache(maxsize=1)
def _office_validator() -> Draft202012Validator:
    return _validator_for({"$ref": "#/$defs/office", "$defs": schema()["$defs"]})


def decode_json(data: bytes) -> Any:
    """Parse UTF-8 JSON (a BOM is tolerated); FeedUnreadable otherwise."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedUnreadable(format="JSON", detail=f"kein UTF-8 ab Byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise FeedUnreadable(
            format="JSON", detail=f"Zeile {error.lineno}, Spalte {error.colno}: {error.msg}"
        ) from None


def _check_format(document: Any) -> None:
    """A feed of another format version gets its own message, before the schema speaks.

    Version 1 stays valid as it was: a version 1 feed that carries
    appointment slots is refused rather than read as something it claims
    not to be.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return  # the schema explains what is missing
    found = document.get("format_version")
    if found not in FORMAT_VERSIONS and isinstance(found, int):
        raise FeedFormatUnknown(found=found, known=" oder ".join(map(str, FORMAT_VERSIONS)))
    if found == 1:
        offices = document.get("offices")
        for office in offices if isinstance(offices, list) else []:  # the schema speaks about the rest
            sessions = office.get("sessions") if isinstance(office, dict) else None
            for index, entry in enumerate(sessions if isinstance(sessions, list) else []):
                if isinstance(entry, dict) and "appointments" in entry:
                    key = entry.get("id") or index + 1
                    raise FeedInvalid(
                        problem=f"Büro {office.get('id')} › Termin {key}: „appointments“ gibt es erst "
                        "ab format_version 2"
                    )


def schema_findings(document: Any, limit: int = 10) -> list[tuple[tuple[Any, ...], str]]:
    """Every schema violation in the whole document (up to ``limit``): its path and German text."""
    _check_format(document)
    hints = pattern_hints(schema())
    found = []
    for error in _full_validator().iter_errors(document):
        error = best_match([error])
        found.append((tuple(error.absolute_path), describe(error, document, hints)))
        if len(found) >= limit:
            break
    return found


def schema_problems(document: Any, limit: int = 10) -> list[str]:
    """The German texts of :func:`schema_findings`."""
    return [text for _path, text in schema_findings(document, limit)]


def _raise_first(validator: Draft202012Validator, instance: Any, document: Any, prefix: list[Any]) -> None:
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise FeedInvalid(problem=describe(error, document, pattern_hints(schema()), prefix))


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FeedInvalid(problem=f"{where}: „{text}“ ist kein gültiges Datum") from None


def _clock(text: str) -> time:
    return time.fromisoformat(text)  # the schema's pattern allows only valid HH:MM


def _instant(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise FeedInvalid(problem=f"generated_at: „{text}“ ist kein gültiger Zeitpunkt") from None


@dataclass(frozen=True)
class JsonFeed:
    """A decoded, schema-valid feed document; offices are built on demand."""

    document: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.document["feed_version"])

    @property
    def generated_at(self) -> datetime:
        return _instant(self.document["generated_at"])

    @property
    def office_ids(self) -> list[str]:
        return [o["id"] for o in self.document["offices"]]

    def office_entry(self, office_id: str) -> dict[str, Any]:
        """The office with ``office_id``; with an empty id, the only office."""
        offices = self.document["offices"]
        if not office_id and len(offices) > 1:
            raise FeedOfficeAmbiguous(known=", ".join(self.office_ids))
        for index, entry in enumerate(offices):
            if not office_id or entry["id"] == office_id:
                _raise_first(_office_validator(), entry, self.document, ["offices", index])
                return entry
        raise FeedOfficeMissing(office=office_id, known=", ".join(self.office_ids))

    def schedule(
        self, office_id: str, today: date, horizon_days: int = DEFAULT_HORIZON_DAYS, source: str = ""
    ) -> Schedule:
        """The plan of one office from a week before ``today`` to ``horizon_days`` after it."""
        first, last = today - timedelta(days=DAYS_BEHIND), today + timedelta(days=horizon_days)
        entry = self.office_entry(office_id)
        office = build_office(entry)
        services = tuple(build_service(s) for s in entry["services"])
        sessions = without_closures(build_sessions(entry, first, last), office.closures)
        schedule = Schedule(
            office=office,
            services=services,
            sessions=tuple(sessions),
            version=self.version,
            generated_at=self.generated_at,
            source=source,
        )
        try:
            validate_schedule(schedule)
        except InvalidSchedule as error:
            raise FeedInvalid(problem=f"Büro {office.id}: {error.params['reason']}") from None
        return schedule


def read_json_feed(data: bytes) -> JsonFeed:
    """Decode and validate a JSON feed; raises FeedUnreadable, FeedFormatUnknown or FeedInvalid."""
    document = decode_json(data)
    _check_format(document)
    _raise_first(_envelope_validator(), document, document, [])
    feed = JsonFeed(document)
    _ = feed.generated_at  # a pattern-valid but impossible instant is refused here
    ids = feed.office_ids
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        raise FeedInvalid(problem=f"Büro {doubled[0]} kommt mehrfach vor")
    return feed


def build_office(entry: dict[str, Any]) -> Office:
    where = f"Büro {entry['id']}"
    hours = {
        WEEKDAYS.index(name): tuple((_clock(a), _clock(b)) for a, b in spans)
        for name, spans in entry.get("opening_hours", {}).items()
    }
    for weekday, spans in hours.items():
        for opens, closes in spans:
            if closes <= opens:
                raise FeedInvalid(
                    problem=f"{where} › opening_hours › {WEEKDAYS[weekday]}: {opens:%H:%M} bis "
                    f"{closes:%H:%M} endet vor dem Beginn"
                )
    return Office(
        id=entry["id"],
        name=entry["name"],
        address=entry.get("address", ""),
        opening_hours=hours,
        closures=frozenset(_closure_days(entry.get("closures", []), where)),
        info=dict(entry.get("info", {})),
    )


def _closure_days(closures: list[dict[str, Any]], where: str) -> list[date]:
    days: list[date] = []
    for closure in closures:
        if "date" in closure:
            days.append(_day(closure["date"], f"{where} › closures"))
            continue
        start = _day(closure["from"], f"{where} › closures")
        end = _day(closure["until"], f"{where} › closures")
        if end < start or (end - start).days > 366:
            raise FeedInvalid(problem=f"{where} › closures: {start} bis {end} ist kein sinnvoller Zeitraum")
        days.extend(start + timedelta(days=i) for i in range((end - start).days + 1))
    return days


def build_service(entry: dict[str, Any]) -> Service:
    return Service(
        id=entry["id"],
        names=dict(entry["names"]),
        prefix=entry["prefix"],
        pictogram=entry.get("pictogram", "generic"),
        minutes_per_visit=entry.get("minutes_per_visit", 15),
        descriptions=dict(entry.get("descriptions", {})),
        what_to_bring=dict(entry.get("what_to_bring", {})),
    )


def build_sessions(office: dict[str, Any], first: date, last: date) -> list[Session]:
    """Every session of the office on a day from ``first`` to ``last``, recurring ones unrolled."""
    sessions: list[Session] = []
    for index, entry in enumerate(office["sessions"]):
        key = entry.get("id") or f"{entry['service']}-{index + 1}"
        where = f"Büro {office['id']} › Termin {key}"
        start, end = _clock(entry["start"]), _clock(entry["end"])
        if end <= start:
            raise FeedInvalid(problem=f"{where}: endet ({end:%H:%M}) nicht nach dem Beginn ({start:%H:%M})")
        base = Session(
            service_id=entry["service"],
            day=first,
            start=start,
            end=end,
            room=entry.get("room", ""),
            languages=tuple(entry.get("languages", ())),
            id=key,
        )
        if "date" in entry:
            day = _day(entry["date"], where)
            held = [_on(base, day, key)] if first <= day <= last else []
        else:
            held = _unroll(base, entry, where, first, last)
        if "appointments" in entry:
            held = _with_slots(base, held, entry["appointments"], where, first, last)
        sessions.extend(held)
    return sessions


def _with_slots(
    base: Session, held: list[Session], entry: dict[str, Any], where: str, first: date, last: date
) -> list[Session]:
    """Give each held session its slot plan, with the places taken elsewhere on its day.

    Slot times that are not on the session's slot grid are refused rather
    than ignored: a typo in a taken slot would otherwise let the kiosk sell
    a place that is gone.
    """
    where = f"{where} › appointments"
    kiosk = entry.get("kiosk", [])
    plan = SlotPlan(
        minutes=entry["minutes"],
        capacity=entry.get("capacity", 1),
        kiosk=frozenset() if kiosk == "all" else frozenset(_clock(t) for t in kiosk),
        kiosk_all=kiosk == "all",
    )
    grid = {slot.start for slot in slots_of(replace(base, appointments=plan))}
    if not grid:
        raise FeedInvalid(problem=f"{where}: kein Zeitfenster von {plan.minutes} Minuten passt in den Termin")
    off_grid = sorted(plan.kiosk - grid)
    if off_grid:
        raise FeedInvalid(problem=f"{where} › kiosk: {off_grid[0]:%H:%M} ist kein Beginn eines Zeitfensters")
    by_day = {session.day: session for session in held}
    taken: dict[date, list[Taken]] = {}
    for item in entry.get("taken", []):
        day = _day(item["date"], f"{where} › taken")
        if not first <= day <= last:
            continue  # long past or beyond the horizon: it cannot matter here
        session = by_day.get(day)
        start = _clock(item["start"])
        if session is None:
            raise FeedInvalid(problem=f"{where} › taken: am {day:%d.%m.%Y} findet der Termin nicht statt")
        if start not in {s.start for s in slots_of(replace(session, appointments=plan))}:
            raise FeedInvalid(
                problem=f"{where} › taken: {start:%H:%M} am {day:%d.%m.%Y} ist kein Beginn eines Zeitfensters"
            )
        taken.setdefault(day, []).append(Taken(start, item.get("count", 1), item.get("code", "")))
    return [replace(s, appointments=replace(plan, taken=tuple(taken.get(s.day, ())))) for s in held]


def _on(base: Session, day: date, key: str, **changes: Any) -> Session:
    fields = {
        "service_id": base.service_id,
        "day": day,
        "start": base.start,
        "end": base.end,
        "room": base.room,
        "languages": base.languages,
        "id": key,
        "appointments": base.appointments,
    }
    fields.update(changes)
    return Session(**fields)


def _unroll(base: Session, entry: dict[str, Any], where: str, first: date, last: date) -> list[Session]:
    weekly = entry["weekly"]
    rule = WeeklyRule(
        weekday=WEEKDAYS.index(weekly["weekday"]),
        start=_day(weekly["from"], where),
        every=weekly.get("every", 1),
        until=_day(weekly["until"], where) if "until" in weekly else None,
    )
    skipped: set[date] = set()
    for text in entry.get("cancelled", []):
        skipped.add(_occurrence(rule, _day(text, where), where, "abgesagt"))
    moved: list[Session] = []
    for move in entry.get("moved", []):
        original = _occurrence(rule, _day(move["date"], where), where, "verlegt")
        if original in skipped:
            raise FeedInvalid(problem=f"{where}: der {original} ist zugleich abgesagt und verlegt")
        skipped.add(original)
        day = _day(move["to"], where) if "to" in move else original
        start = _clock(move["start"]) if "start" in move else base.start
        end = _clock(move["end"]) if "end" in move else base.end
        if end <= start:
            raise FeedInvalid(problem=f"{where}: die Verlegung vom {original} endet nicht nach dem Beginn")
        if first <= day <= last:
            moved.append(
                _on(
                    base,
                    day,
                    f"{base.id}@{original}",
                    start=start,
                    end=end,
                    room=move.get("room", base.room),
                    languages=tuple(move.get("languages", base.languages)),
                )
            )
    regular = [_on(base, day, f"{base.id}@{day}") for day in rule.between(first, last) if day not in skipped]
    return regular + moved


def _occurrence(rule: WeeklyRule, day: date, where: str, what: str) -> date:
    """A cancelled or moved date must be one the rule produces: a typo would otherwise do nothing."""
    if not rule.occurs_on(day):
        raise FeedInvalid(
            problem=f"{where}: der {day:%d.%m.%Y} soll {what} werden, ist aber kein Termin dieser Regel"
        )
    return day
