"""The kiosk's today view as table rows, for `kiosk today` and `kiosk feed check --view`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.core.schedule import Offer, TodayView

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
NOW, LATER, NOT_TODAY = "jetzt", "später", "nicht heute"


@dataclass(frozen=True)
class OfferRow:
    label: str  # NOW, LATER or NOT_TODAY
    offer: Offer
    when: str  # "09:00–12:00", "Do 27.11. 09:00–12:00" for another day, or "kein Termin in Sicht"

    def cells(self) -> list[str]:
        """The columns both tables start with: label, prefix, service, room, time."""
        session = self.offer.session
        service = self.offer.service
        return [self.label, service.prefix, service.name("de"), session.room if session else "", self.when]


def offer_rows(view: TodayView) -> Iterator[OfferRow]:
    """Each service in the order the touchscreen shows them, with when it is on site."""
    for label, offers in ((NOW, view.on_now), (LATER, view.later_today), (NOT_TODAY, view.not_today)):
        for offer in offers:
            s = offer.session
            when = "kein Termin in Sicht"
            if s is not None:
                when = f"{s.start:%H:%M}–{s.end:%H:%M}"
                if label == NOT_TODAY:
                    when = f"{WEEKDAYS[s.day.weekday()]} {s.day:%d.%m.} {when}"
            yield OfferRow(label, offer, when)
