"""jsonschema's findings as short German phrases a city planner can act on.

jsonschema reports in English and in schema terms ("'x' is a required
property"); the person fixing a feed reads "Termin 3 von Büro nordstadt:
Feld „start“ fehlt". Only the validators our schema uses are phrased; any
other falls back to jsonschema's own message.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

TYPE_WORDS = {
    "object": "ein Objekt {…}",
    "array": "eine Liste […]",
    "string": "ein Text in Anführungszeichen",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "true oder false",
}

PATTERN_HINTS = {
    "clock": "keine Uhrzeit der Form HH:MM",
    "date": "kein Datum der Form JJJJ-MM-TT",
    "instant": "kein Zeitpunkt mit Zeitzone wie 2026-11-26T02:00:00+01:00",
    "language": "kein Sprachkürzel wie de, tr oder de-easy",
    "id": "keine Kennung aus Kleinbuchstaben, Ziffern, - und _",
    "prefix": "kein Großbuchstabe A–Z außer O und I",
    "booking_code": "kein Termin-Code aus acht Zeichen von ACDEFHJKMNPRTUVWX34679",
}

CONTAINERS = {
    "offices": "Büro",
    "services": "Dienst",
    "sessions": "Termin",
    "closures": "Schließtag",
    "moved": "Verlegung",
}


def where(path: Iterable[Any], document: Any) -> str:
    """'Büro nordstadt › Termin jc-mo › start' for a JSON path, using ids where present."""
    parts: list[str] = []
    node = document
    steps = deque(path)
    while steps:
        step = steps.popleft()
        if isinstance(step, str) and step in CONTAINERS and steps and isinstance(steps[0], int):
            index = steps.popleft()
            try:
                node = node[step][index]
            except (KeyError, IndexError, TypeError):
                parts.append(f"{CONTAINERS[step]} {index + 1}")
                continue
            label = node.get("id") if isinstance(node, dict) else None
            parts.append(
                f"{CONTAINERS[step]} {label}" if isinstance(label, str) else f"{CONTAINERS[step]} {index + 1}"
            )
            continue
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
        parts.append(f"[{step + 1}]" if isinstance(step, int) else str(step))
    return " › ".join(parts) or "oberste Ebene"


def pattern_hints(schema: dict[str, Any]) -> dict[str, str]:
    """Map each pattern of the schema to the phrase that explains it."""
    defs = schema.get("$defs", {})
    hints = {defs[name]["pattern"]: hint for name, hint in PATTERN_HINTS.items() if name in defs}
    prefix = defs.get("service", {}).get("properties", {}).get("prefix", {})
    if "pattern" in prefix:
        hints[prefix["pattern"]] = PATTERN_HINTS["prefix"]
    return hints


def phrase(error: ValidationError, hints: dict[str, str] | None = None) -> str:
    """What is wrong, in German, without the location."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        return f"Feld „{missing[0] if missing else value[0]}“ fehlt"
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extra = sorted(k for k in instance if k not in allowed) if isinstance(instance, dict) else []
        return f"unbekanntes Feld „{', '.join(extra)}“ (Tippfehler?)"
    if kind == "type":
        return f"muss {TYPE_WORDS.get(str(value), value)} sein, ist aber {_show(instance)}"
    if kind == "pattern":
        return f"{_show(instance)} ist {(hints or {}).get(str(value), f'nicht vom Muster {value}')}"
    if kind == "const":
        return f"muss {_show(value)} sein, ist aber {_show(instance)}"
    if kind == "enum":
        return f"{_show(instance)} ist keiner der Werte {', '.join(_show(v) for v in value)}"
    if kind in ("minimum", "maximum"):
        word = "mindestens" if kind == "minimum" else "höchstens"
        return f"muss {word} {value} sein, ist aber {_show(instance)}"
    if kind == "minItems":
        return "darf nicht leer sein" if value == 1 else f"braucht mindestens {value} Einträge"
    if kind == "minLength":
        return "darf nicht leer sein"
    if kind == "maxLength":
        return f"ist länger als {value} Zeichen"
    if kind == "uniqueItems":
        return "enthält einen Eintrag doppelt"
    if kind == "oneOf" and error.path and error.path[-1] == "kiosk":  # appointments (format 2)
        return "muss „all“ oder eine Liste von Uhrzeiten der Form HH:MM sein"
    if kind in ("oneOf", "not") and error.path and "sessions" in error.path:
        return (
            "braucht genau eins von „date“ (einmalig) oder „weekly“ (regelmäßig); "
            "cancelled und moved nur bei weekly"
        )
    if kind == "oneOf" and "closures" in error.path:
        return "braucht entweder „date“ oder „from“ und „until“"
    if kind == "items" and value is False:
        return "hat zu viele Einträge (erwartet: Beginn und Ende)"
    return error.message


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"„{value}“"
    return text if len(text) <= 60 else text[:57] + "…"


def describe(
    error: ValidationError,
    document: Any,
    hints: dict[str, str] | None = None,
    prefix: Iterable[Any] = (),
) -> str:
    """'Büro nordstadt › Termin jc-mo › start: „9:00“ ist nicht eine Uhrzeit der Form HH:MM'.

    ``prefix`` is the path of the validated part inside ``document``, when
    only a part (one office) was validated.
    """
    return f"{where([*prefix, *error.absolute_path], document)}: {phrase(error, hints)}"
