"""Feed documents for tests: the small office of tests/conftest.py, as the city would publish it."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta
from typing import Any

from tests.conftest import THURSDAY

GENERATED = "2026-11-26T02:00:00+01:00"


def office_entry(day: date = THURSDAY, office_id: str = "test-office") -> dict[str, Any]:
    """Job centre and debt counselling every Thursday, pensions once on the Friday after ``day``."""
    return {
        "id": office_id,
        "name": "Quartiersbüro Test",
        "address": "Teststraße 1, 44145 Dortmund",
        "opening_hours": {name: [["09:00", "17:00"]] for name in ("mon", "tue", "wed", "thu", "fri")},
        "services": [
            {
                "id": "jobcenter",
                "prefix": "J",
                "pictogram": "work",
                "minutes_per_visit": 15,
                "names": {"de": "Jobcenter", "ar": "مركز العمل"},
            },
            {
                "id": "schulden",
                "prefix": "S",
                "pictogram": "debt",
                "minutes_per_visit": 30,
                "names": {"de": "Schuldnerberatung", "en": "Debt counselling"},
            },
            {
                "id": "rente",
                "prefix": "R",
                "pictogram": "pension",
                "minutes_per_visit": 20,
                "names": {"de": "Rentenversicherung"},
            },
        ],
        "sessions": [
            {
                "id": "jobcenter-do",
                "service": "jobcenter",
                "weekly": {"weekday": "thu", "from": (day - timedelta(weeks=8)).isoformat()},
                "start": "09:00",
                "end": "13:00",
                "room": "1",
                "languages": ["de", "tr", "ar"],
            },
            {
                "id": "schulden-do",
                "service": "schulden",
                "weekly": {"weekday": "thu", "from": (day - timedelta(weeks=8)).isoformat()},
                "start": "09:00",
                "end": "17:00",
                "room": "2",
                "languages": ["de", "uk"],
            },
            {
                "id": "rente-einmal",
                "service": "rente",
                "date": (day + timedelta(days=1)).isoformat(),
                "start": "09:00",
                "end": "12:00",
                "room": "3",
                "languages": ["de"],
            },
        ],
    }


def feed_document(
    version: str = "1", generated_at: str | datetime = GENERATED, offices: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    if isinstance(generated_at, datetime):
        generated_at = generated_at.isoformat()
    return {
        "format": "quartierskiosk-feed",
        "format_version": 1,
        "feed_version": version,
        "generated_at": generated_at,
        "offices": offices if offices is not None else [office_entry()],
    }


def feed_bytes(document: dict[str, Any] | None = None, **kwargs: Any) -> bytes:
    return json.dumps(document or feed_document(**kwargs), ensure_ascii=False, indent=1).encode()


def changed(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    """A deep copy of ``document`` with the value at ``path`` replaced (or removed, for ...)."""
    result = copy.deepcopy(document)
    node = result
    for step in path[:-1]:
        node = node[step]
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return result
