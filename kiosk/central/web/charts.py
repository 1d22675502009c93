"""The dashboard's charts as SVG (the staff console's chart code), small cells drawn empty.

A bar for a cell under five visits would show its size; it is drawn with
no height and labelled "< 5" in its tooltip, like the tables.
"""

from __future__ import annotations

from typing import Any

from kiosk.central.anonymity import SMALL
from kiosk.i18n.languages import LANGUAGES
from kiosk.web.charts import Bar, column_chart, row_chart


def language_name(code: str) -> str:
    """A language as the kiosk offers it ("Türkçe (tr)"); the code alone when unknown."""
    known = LANGUAGES.get(code)
    return f"{known.native} ({code})" if known else code


def _value(shown: Any) -> float:
    return 0.0 if shown == SMALL or shown is None else float(shown)


def charts(numbers: dict[str, Any], names: dict[str, str], offices: dict[str, str]) -> dict[str, str]:
    weeks = numbers["by_week"]
    hours = numbers["by_hour"]
    return {
        "weeks": column_chart(
            [Bar(k[-3:], _value(v["visits"])) for k, v in weeks.items()], "Besuche pro Woche"
        ),
        "hours": column_chart([Bar(f"{k}:00", _value(v)) for k, v in hours.items()], "Besuche nach Uhrzeit"),
        "languages": row_chart(
            [Bar(language_name(k), _value(v)) for k, v in numbers["by_language"].items()][:10],
            "Besuche nach Sprache",
        ),
        "services": row_chart(
            [Bar(names.get(k, k), _value(v["visits"])) for k, v in numbers["by_service"].items()],
            "Besuche nach Dienst",
        ),
        "waits": row_chart(
            [
                Bar(names.get(k, k), _value(v["wait_median"]), _value(v["wait_p90"]))
                for k, v in numbers["by_service"].items()
                if v["wait_median"] not in (None, SMALL)
            ],
            "Wartezeit pro Dienst (Median / 90 %)",
            " min",
        ),
        "offices": row_chart(
            [Bar(offices.get(k, k), _value(v["visits"])) for k, v in numbers["by_office"].items()],
            "Besuche nach Büro",
        ),
    }
