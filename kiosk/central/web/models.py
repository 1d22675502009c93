"""Request bodies of the planners' API, validated before anything is stored.

Constraints mirror the feed schema (kiosk/sync/feed.schema.json), so the
OpenAPI description tells a client what a kiosk will accept; what a schema
cannot say (an end after its start, a cancelled date that is no
occurrence) is checked by running the kiosk's own parser on the result.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
LANGUAGE = r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockText = Annotated[str, StringConstraints(pattern=CLOCK)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE)]
ShortText = Annotated[str, StringConstraints(max_length=2000)]
LanguageTexts = dict[Language, ShortText]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignIn(Body):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class Closure(Body):
    date: dt.date | None = None
    # "from" is a Python keyword: the JSON member is "from", as in the feed.
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    reason: str = Field(default="", max_length=200)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def feed(self) -> dict[str, str]:
        entry = {"date": self.date.isoformat()} if self.date else {}
        if self.from_ and self.until and not self.date:
            entry = {"from": self.from_.isoformat(), "until": self.until.isoformat()}
        if self.reason:
            entry["reason"] = self.reason
        return entry


class OfficeIn(Body):
    name: str = Field(min_length=1, max_length=200)
    address: str = Field(default="", max_length=300)
    opening_hours: dict[Weekday, list[tuple[ClockText, ClockText]]] = Field(default_factory=dict)
    closures: list[Closure] = Field(default_factory=list, max_length=500)
    info: LanguageTexts = Field(default_factory=dict, max_length=50)
    phone_relay: bool = Field(
        default=False, description="the office has no guest Wi-Fi: phones use this server"
    )


class ServiceIn(Body):
    prefix: str = Field(pattern=r"^[A-HJ-NP-Z]$", description="ticket letter; no O and I")
    names: LanguageTexts = Field(description="per language; German (de) required", max_length=50)
    descriptions: LanguageTexts = Field(default_factory=dict, max_length=50)
    what_to_bring: LanguageTexts = Field(default_factory=dict, max_length=50)
    pictogram: str = Field(default="", pattern=r"^([a-z0-9][a-z0-9_-]{0,63})?$")
    minutes_per_visit: int = Field(default=15, ge=1, le=480)
    slot_minutes: int | None = Field(default=None, ge=5, le=480, description="appointment slot length")
    position: int = Field(default=0, ge=0, le=10_000)


class Move(Body):
    date: dt.date
    to: dt.date | None = None
    start: str | None = Field(default=None, pattern=CLOCK)
    end: str | None = Field(default=None, pattern=CLOCK)
    room: str | None = Field(default=None, max_length=40)

    def feed(self) -> dict[str, str]:
        entry = {"date": self.date.isoformat()}
        if self.to:
            entry["to"] = self.to.isoformat()
        for key in ("start", "end", "room"):
            if getattr(self, key):
                entry[key] = getattr(self, key)
        return entry


class SessionIn(Body):
    """A one-off session (``date``) or a recurring one (``weekday`` + ``valid_from``)."""

    service_id: str = Field(pattern=ID)
    start: str = Field(pattern=CLOCK)
    end: str = Field(pattern=CLOCK)
    room: str = Field(default="", max_length=40)
    languages: list[Language] = Field(default_factory=list, max_length=30)
    date: dt.date | None = None
    weekday: Weekday | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    every: int = Field(default=1, ge=1, le=8, description="1 weekly, 2 every other week, ...")


class SessionChange(Body):
    service_id: str | None = Field(default=None, pattern=ID)
    start: str | None = Field(default=None, pattern=CLOCK)
    end: str | None = Field(default=None, pattern=CLOCK)
    room: str | None = Field(default=None, max_length=40)
    languages: list[Language] | None = Field(default=None, max_length=30)
    valid_until: dt.date | None = None
    every: int | None = Field(default=None, ge=1, le=8)


class DateIn(Body):
    date: dt.date


class YearIn(Body):
    year: int = Field(ge=2000, le=2100)


class CodeIn(Body):
    label: str = Field(default="", max_length=100)


class EnrolIn(Body):
    code: str = Field(min_length=4, max_length=40)
    label: str = Field(default="", max_length=100)


class CalendarIn(Body):
    label: str = Field(min_length=1, max_length=100)
    url: str = Field(default="", max_length=2000, pattern=r"^(https?://.*)?$")
    ics: str = Field(default="", max_length=5_000_000, description="an uploaded iCalendar file's text")
    categories: dict[str, str] = Field(default_factory=dict, max_length=200)
