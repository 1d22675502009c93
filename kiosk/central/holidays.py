"""Public holidays of a German state as office closures (the `holidays` package keeps the rules)."""

from __future__ import annotations

import holidays


def closures(state: str, year: int) -> list[dict[str, str]]:
    """Every public holiday of ``state`` (e.g. NW) in ``year``, as feed closures with a German reason."""
    days = holidays.country_holidays("DE", subdiv=state, years=year, language="de")
    return [{"date": day.isoformat(), "reason": str(name)[:200]} for day, name in sorted(days.items())]
