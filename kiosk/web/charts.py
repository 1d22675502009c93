"""Today's numbers as small SVG charts: arrivals per hour, waits per service.

Drawn on the server as plain SVG (no chart library, no script), so the
console shows them on any browser and they scale on a phone. Colours and
sizes only come from attributes, which the page's strict CSP allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from kiosk.core.stats import DayCounts

WIDTH, HEIGHT = 480, 200
BAR = "#2f6db5"
BAR_LIGHT = "#9dbfe6"
TEXT = "#222"
GRID = "#ddd"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    second: float | None = None  # a lighter bar behind, e.g. the 90th percentile


def _svg(body: list[str], title: str, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _nice_max(value: float) -> float:
    for step in (1, 2, 5, 10, 20, 30, 60, 90, 120, 180, 240, 500, 1000):
        if value <= step:
            return float(step)
    return float(value)


def column_chart(bars: Sequence[Bar], title: str, unit: str = "") -> str:
    """Vertical bars with labels below; an empty chart says there is nothing yet."""
    top, bottom, left, right = 16, 28, 34, 8
    plot_h, plot_w = HEIGHT - top - bottom, WIDTH - left - right
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>']
    high = _nice_max(max((b.value for b in bars), default=0) or 1)
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        body.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}" {FONT}>'
            f"{high * fraction:g}{escape(unit)}</text>"
        )
    if not bars:
        body.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="14" fill="{TEXT}" '
            f"{FONT}>{escape('noch keine Daten')}</text>"
        )
        return _svg(body, title)
    slot = plot_w / len(bars)
    width = max(4.0, slot * 0.7)
    for i, bar in enumerate(bars):
        x = left + i * slot + (slot - width) / 2
        h = plot_h * bar.value / high
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{escape(bar.label)}: {bar.value:g}{escape(unit)}</title></rect>"
        )
        body.append(
            f'<text x="{x + width / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="13" '
            f'fill="{TEXT}" {FONT}>{escape(bar.label)}</text>'
        )
    return _svg(body, title)


def row_chart(bars: Sequence[Bar], title: str, unit: str = "") -> str:
    """Horizontal bars, one row per label: a dark bar and an optional lighter one behind."""
    row, label_w, right = 32, 190, 80
    height = max(HEIGHT // 2, 16 + row * len(bars))
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>']
    if not bars:
        body.append(
            f'<text x="{WIDTH / 2}" y="{height / 2}" text-anchor="middle" font-size="14" fill="{TEXT}" '
            f"{FONT}>{escape('noch keine Daten')}</text>"
        )
        return _svg(body, title, height)
    high = _nice_max(max(max(b.value, b.second or 0) for b in bars) or 1)
    plot_w = WIDTH - label_w - right
    for i, bar in enumerate(bars):
        y = 8 + i * row
        body.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="15" fill="{TEXT}" {FONT}>'
            f"{escape(bar.label[:26])}</text>"
        )
        if bar.second is not None:
            w2 = plot_w * bar.second / high
            body.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w2:.1f}" height="20" fill="{BAR_LIGHT}">'
                f"<title>90 %: {bar.second:g}{escape(unit)}</title></rect>"
            )
        w = plot_w * bar.value / high
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="20" fill="{BAR}">'
            f"<title>Median: {bar.value:g}{escape(unit)}</title></rect>"
        )
        shown = bar.second if bar.second is not None else bar.value
        text = f"{bar.value:g}" + (f" / {bar.second:g}" if bar.second is not None else "")
        body.append(
            f'<text x="{label_w + plot_w * shown / high + 4:.1f}" y="{y + 17}" font-size="14" '
            f'fill="{TEXT}" {FONT}>{escape(text + unit)}</text>'
        )
    return _svg(body, title, height)


def arrivals_chart(counts: DayCounts) -> str:
    """Tickets issued per local hour, over all services."""
    per_hour: dict[int, int] = {}
    for service in counts.services:
        for hour, n in service.by_hour.items():
            per_hour[hour] = per_hour.get(hour, 0) + n
    if per_hour:
        hours = range(min(per_hour), max(per_hour) + 1)
        bars = [Bar(f"{h}:00", per_hour.get(h, 0)) for h in hours]
    else:
        bars = []
    return column_chart(bars, "Ankünfte pro Stunde")


def waits_chart(counts: DayCounts, names: dict[str, str]) -> str:
    """Median wait per service (dark) and its 90th percentile (light), in minutes."""
    bars = [
        Bar(names.get(s.service_id, s.service_id), round(s.wait_median), round(s.wait_p90 or s.wait_median))
        for s in counts.services
        if s.wait_median is not None
    ]
    return row_chart(bars, "Wartezeit pro Dienst (Median / 90 %)", " min")
