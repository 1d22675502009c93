"""The built-in demo office: a Quartiersbüro with eight agencies sharing desks.

The plan is built around the moment the demo starts, so that whatever the
hour, some services are on now, some come later today and some on other
days of the week: a newcomer sees every state of the screen at once.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.core.model import Desk, Office, Schedule, Service
from kiosk.core.timekeeping import office_day, to_local
from kiosk.demo_texts import DESCRIPTIONS, OFFICE_INFO, WHAT_TO_BRING

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

OFFICE = Office(
    id="demo-nordstadt",
    name="Quartiersbüro Nordstadt",
    address="Mallinckrodtstraße 64, 44145 Dortmund",
    info=OFFICE_INFO,
)

DESKS = (
    Desk(1, "Platz 1", "1"),
    Desk(2, "Platz 2", "2"),
    Desk(3, "Platz 3", "3"),
    Desk(4, "Platz 4", "4"),
)


def _names(**by_lang: str) -> dict[str, str]:
    return {lang.replace("_", "-"): text for lang, text in by_lang.items()}


SERVICES = (
    Service(
        id="jobcenter",
        prefix="J",
        pictogram="work",
        minutes_per_visit=15,
        names=_names(
            de="Jobcenter",
            en="Job centre",
            tr="Jobcenter (iş ve yardım)",
            ar="مركز العمل (جوب سنتر)",
            uk="Джобцентр (робота і допомога)",
            ru="Джобцентр (работа и пособия)",
            pl="Jobcenter (praca i zasiłki)",
            ro="Jobcenter (muncă și ajutoare)",
            bg="Джобцентър (работа и помощи)",
            fa="جاب‌سنتر (کار و کمک‌هزینه)",
            ku="Jobcenter (kar û alîkarî)",
            de_easy="Jobcenter: Hilfe bei Arbeit und Geld",
        ),
        descriptions=DESCRIPTIONS["jobcenter"],
        what_to_bring=WHAT_TO_BRING["jobcenter"],
    ),
    Service(
        id="schulden",
        prefix="S",
        pictogram="debt",
        minutes_per_visit=25,
        names=_names(
            de="Schuldnerberatung",
            en="Debt counselling",
            tr="Borç danışmanlığı",
            ar="استشارات الديون",
            uk="Консультація з боргів",
            ru="Консультация по долгам",
            pl="Doradztwo w sprawie długów",
            ro="Consiliere pentru datorii",
            bg="Консултации по дългове",
            fa="مشاوره بدهی",
            ku="Şêwirmendiya deynan",
            de_easy="Hilfe bei Schulden",
        ),
        descriptions=DESCRIPTIONS["schulden"],
        what_to_bring=WHAT_TO_BRING["schulden"],
    ),
    Service(
        id="migration",
        prefix="M",
        pictogram="migration",
        minutes_per_visit=20,
        names=_names(
            de="Migrationsberatung",
            en="Migration counselling",
            tr="Göç danışmanlığı",
            ar="استشارات الهجرة",
            uk="Міграційна консультація",
            ru="Миграционная консультация",
            pl="Doradztwo migracyjne",
            ro="Consiliere pentru migranți",
            bg="Миграционни консултации",
            fa="مشاوره مهاجرت",
            ku="Şêwirmendiya koçberiyê",
            de_easy="Beratung für Menschen aus anderen Ländern",
        ),
        descriptions=DESCRIPTIONS["migration"],
        what_to_bring=WHAT_TO_BRING["migration"],
    ),
    Service(
        id="rente",
        prefix="R",
        pictogram="pension",
        minutes_per_visit=30,
        names=_names(
            de="Deutsche Rentenversicherung",
            en="Pension insurance",
            tr="Emeklilik sigortası",
            ar="التأمين التقاعدي",
            uk="Пенсійне страхування",
            ru="Пенсионное страхование",
            pl="Ubezpieczenie emerytalne",
            ro="Asigurarea de pensii",
            bg="Пенсионно осигуряване",
            fa="بیمه بازنشستگی",
            ku="Sîgorteya teqawidiyê",
            de_easy="Rente: Geld im Alter",
        ),
        descriptions=DESCRIPTIONS["rente"],
        what_to_bring=WHAT_TO_BRING["rente"],
    ),
    Service(
        id="jugendamt",
        prefix="F",
        pictogram="family",
        minutes_per_visit=20,
        names=_names(
            de="Jugendamt",
            en="Youth welfare office",
            tr="Gençlik dairesi (Jugendamt)",
            ar="مكتب رعاية الشباب والأسرة",
            uk="Служба у справах дітей і сім'ї",
            ru="Ведомство по делам молодёжи и семьи",
            pl="Urząd ds. młodzieży i rodziny",
            ro="Oficiul pentru tineret și familie",
            bg="Служба за младежта и семейството",
            fa="اداره امور جوانان و خانواده",
            ku="Nivîsgeha ciwanan û malbatê",
            de_easy="Jugendamt: Hilfe für Familien und Kinder",
        ),
        descriptions=DESCRIPTIONS["jugendamt"],
        what_to_bring=WHAT_TO_BRING["jugendamt"],
    ),
    Service(
        id="senioren",
        prefix="A",
        pictogram="seniors",
        minutes_per_visit=20,
        names=_names(
            de="Seniorenberatung",
            en="Advice for older people",
            tr="Yaşlılar için danışmanlık",
            ar="استشارات لكبار السن",
            uk="Консультація для літніх людей",
            ru="Консультация для пожилых",
            pl="Doradztwo dla seniorów",
            ro="Consiliere pentru vârstnici",
            bg="Консултации за възрастни хора",
            fa="مشاوره سالمندان",
            ku="Şêwirmendî ji bo kalemêran",
            de_easy="Beratung für alte Menschen",
        ),
        descriptions=DESCRIPTIONS["senioren"],
        what_to_bring=WHAT_TO_BRING["senioren"],
    ),
    Service(
        id="sucht",
        prefix="H",
        pictogram="addiction",
        minutes_per_visit=30,
        names=_names(
            de="Suchtberatung",
            en="Addiction counselling",
            tr="Bağımlılık danışmanlığı",
            ar="استشارات الإدمان",
            uk="Консультація щодо залежностей",
            ru="Консультация по зависимостям",
            pl="Poradnia uzależnień",
            ro="Consiliere pentru dependențe",
            bg="Консултации при зависимости",
            fa="مشاوره اعتیاد",
            ku="Şêwirmendiya girêdayîbûnê",
            de_easy="Hilfe bei Sucht",
        ),
        descriptions=DESCRIPTIONS["sucht"],
        what_to_bring=WHAT_TO_BRING["sucht"],
    ),
    Service(
        id="antidiskriminierung",
        prefix="D",
        pictogram="equality",
        minutes_per_visit=25,
        names=_names(
            de="Antidiskriminierungsstelle",
            en="Anti-discrimination office",
            tr="Ayrımcılığa karşı danışma",
            ar="مكتب مكافحة التمييز",
            uk="Служба протидії дискримінації",
            ru="Служба по борьбе с дискриминацией",
            pl="Biuro antydyskryminacyjne",
            ro="Biroul antidiscriminare",
            bg="Служба срещу дискриминацията",
            fa="دفتر مقابله با تبعیض",
            ku="Nivîsgeha li dijî cudakariyê",
            de_easy="Hilfe, wenn Sie unfair behandelt werden",
        ),
        descriptions=DESCRIPTIONS["antidiskriminierung"],
        what_to_bring=WHAT_TO_BRING["antidiskriminierung"],
    ),
)

# The usual week (weekday, service, start, end, room, languages spoken at the desk).
WEEKLY = (
    (0, "jobcenter", time(9), time(12), "1", ("de", "tr", "ar")),
    (0, "migration", time(13), time(16), "2", ("de", "ar", "fa", "ku")),
    (1, "jobcenter", time(9), time(12), "1", ("de", "tr", "ar")),
    (1, "senioren", time(10), time(13), "3", ("de", "ru", "pl")),
    (2, "schulden", time(13), time(17), "2", ("de", "tr", "uk", "ru")),
    (2, "jugendamt", time(9), time(12), "4", ("de", "ar", "ro", "bg")),
    (3, "rente", time(9), time(13), "3", ("de", "ru", "pl")),
    (3, "sucht", time(14), time(17), "4", ("de", "en", "fa")),
    (4, "antidiskriminierung", time(10), time(14), "2", ("de", "en", "tr", "ar")),
    (4, "migration", time(9), time(12), "1", ("de", "uk", "ru", "ar")),
)

# Around the start of the demo: four services on now, two later today.
ON_NOW = (
    ("jobcenter", "1", ("de", "tr", "ar")),
    ("schulden", "2", ("de", "tr", "uk", "ru")),
    ("migration", "3", ("de", "ar", "fa", "ku")),
    ("jugendamt", "4", ("de", "ar", "ro", "bg")),
)
LATER_TODAY = (("rente", "3", ("de", "ru", "pl")), ("senioren", "1", ("de", "ru", "pl")))

LAST_MINUTE = time(23, 59)

# Appointment slots (feed format 2, issue 9): pensions and debt counselling also
# work by appointment. In the usual week the kiosk may book the pension slots
# listed (the agency keeps the others for phone bookings) and every debt
# counselling slot; today's sessions, laid around the start, give it all of theirs.
APPOINTMENTS: dict[str, dict[str, Any]] = {
    "rente": {"minutes": 30, "capacity": 1, "kiosk": ["09:00", "09:30", "10:00", "11:00", "11:30", "12:00"]},
    "schulden": {"minutes": 45, "capacity": 1, "kiosk": "all"},
}


def _slots_today(service_id: str, start: time, end: time) -> dict[str, Any] | None:
    """Today's one-off session's slots: all the kiosk's, if one slot fits at all."""
    plan = APPOINTMENTS.get(service_id)
    length = (datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() / 60
    if plan is None or length < plan["minutes"]:
        return None
    return {**plan, "kiosk": "all"}


def _clip(day: date, start: datetime, end: datetime) -> tuple[time, time] | None:
    """The part of [start, end) that lies on ``day``, as wall-clock times."""
    first = max(start, datetime.combine(day, time(0), tzinfo=start.tzinfo))
    last = min(end, datetime.combine(day, LAST_MINUTE, tzinfo=start.tzinfo))
    if last <= first:
        return None
    return first.time(), last.time()


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def demo_feed(now: datetime, weeks: int = 4) -> dict[str, Any]:
    """The demo plan as the city would publish it: a feed document in format 2 (with slots).

    The usual week is written as weekly sessions (today's occurrences
    cancelled), and today is built around ``now`` from one-off sessions, so
    the demo runs through the same parser, recurrence and checks as a real feed.
    """
    local = to_local(now).replace(minute=0, second=0, microsecond=0)
    today = office_day(now)
    monday = today - timedelta(days=today.weekday())
    first, last = monday - timedelta(weeks=1), monday + timedelta(weeks=weeks, days=-1)
    sessions: list[dict[str, Any]] = []
    for weekday, service_id, start, end, room, langs in WEEKLY:
        entry: dict[str, Any] = {
            "id": f"{service_id}-{WEEKDAYS[weekday]}",
            "service": service_id,
            "weekly": {"weekday": WEEKDAYS[weekday], "from": first.isoformat(), "until": last.isoformat()},
            "start": _hhmm(start),
            "end": _hhmm(end),
            "room": room,
            "languages": list(langs),
        }
        if weekday == today.weekday():
            entry["cancelled"] = [today.isoformat()]  # today is laid around the demo's start instead
        if service_id in APPOINTMENTS:
            entry["appointments"] = APPOINTMENTS[service_id]
        sessions.append(entry)
    today_spans: list[tuple[time, time]] = []
    for offset, group, length in ((-1, ON_NOW, 4), (1, LATER_TODAY, 3)):
        window = _clip(today, local + timedelta(hours=offset), local + timedelta(hours=offset + length))
        if window is None:
            continue
        today_spans.append(window)
        for service_id, room, langs in group:
            sessions.append(
                {
                    "id": f"{service_id}-heute",
                    "service": service_id,
                    "date": today.isoformat(),
                    "start": _hhmm(window[0]),
                    "end": _hhmm(window[1]),
                    "room": room,
                    "languages": list(langs),
                }
            )
            slots = _slots_today(service_id, *window)
            if slots is not None:
                sessions[-1]["appointments"] = slots
    hours = {WEEKDAYS[weekday]: [["09:00", "17:00"]] for weekday in range(5)}
    if today_spans:
        opens, closes = min(a for a, _ in today_spans), max(b for _, b in today_spans)
        hours[WEEKDAYS[today.weekday()]] = [[_hhmm(opens), _hhmm(closes)]]
    services = [
        {
            "id": s.id,
            "prefix": s.prefix,
            "pictogram": s.pictogram,
            "minutes_per_visit": s.minutes_per_visit,
            "names": dict(s.names),
            "descriptions": dict(s.descriptions),
            "what_to_bring": dict(s.what_to_bring),
        }
        for s in SERVICES
    ]
    office = {
        "id": OFFICE.id,
        "name": OFFICE.name,
        "address": OFFICE.address,
        "info": dict(OFFICE.info),
        "opening_hours": hours,
        "services": services,
        "sessions": sessions,
    }
    return {
        "format": "quartierskiosk-feed",
        "format_version": 2,  # appointment slots
        "feed_version": f"demo-{today.isoformat()}",
        "generated_at": now.isoformat(),
        "publisher": "Quartierskiosk (Demo)",
        "offices": [office],
    }


def demo_feed_bytes(now: datetime, weeks: int = 4) -> bytes:
    return json.dumps(demo_feed(now, weeks), ensure_ascii=False, indent=1).encode()


def demo_schedule(now: datetime, weeks: int = 4) -> Schedule:
    """The demo plan: a normal week around today, and today built around ``now``.

    Built from :func:`demo_feed` by the real feed parser.
    """
    from kiosk.sync.load import FeedSettings, build_schedule

    settings = FeedSettings(office_id=OFFICE.id, horizon_days=7 * (weeks + 1))
    return build_schedule(demo_feed_bytes(now, weeks), settings, office_day(now), "built-in demo").schedule


DEMO_LANGUAGES = ("de", "de", "tr", "ar", "ar", "uk", "ru", "fa", "pl", "ro", "bg", "ku")


def prepare_demo(database: str, now: datetime, seed: int = 7) -> list[str]:
    """Fill a fresh database with the demo plan and a morning's worth of queue.

    Returns the codes of the demo's appointment bookings (the first one is
    due today, ready for a check-in).

    The last 45 minutes are played through with the real queue operations
    (issue, call, finish) on a clock that steps minute by minute, so the
    waits, visit lengths and estimates the screens show are computed, not
    painted on.
    """
    import random
    from contextlib import suppress
    from pathlib import Path

    from kiosk.core.errors import DomainError
    from kiosk.core.timekeeping import FixedClock
    from kiosk.store import Store, queue
    from kiosk.store import desks as desk_ops
    from kiosk.store.schedule import replace_schedule

    rng = random.Random(seed)
    clock = FixedClock(now - timedelta(minutes=45))
    # Beside the database, for trying `kiosk feed check demo-feed.json`.
    Path(database).with_name("demo-feed.json").write_bytes(demo_feed_bytes(now))
    with Store(database, clock) as store:
        replace_schedule(store, demo_schedule(now))
        desk_ops.register_desks(store, DESKS)
        serving = [s for s, _room, _langs in ON_NOW]
        for desk, service_id in zip(DESKS, serving, strict=True):
            desk_ops.set_desk_services(store, desk.id, [service_id])
        busy_until: dict[int, datetime] = {}
        lengths = {s.id: s.minutes_per_visit for s in SERVICES}
        while clock.now() < now:
            if rng.random() < 0.55:
                with suppress(DomainError):  # the service's session may not have started yet
                    queue.issue_ticket(store, rng.choice(serving), rng.choice(DEMO_LANGUAGES))
            for desk, service_id in zip(DESKS, serving, strict=True):
                if clock.now() < busy_until.get(desk.id, clock.now()):
                    continue
                try:
                    if desk.id in busy_until:
                        queue.finish(store, desk.id)
                        del busy_until[desk.id]
                    queue.call_next(store, desk.id)
                except DomainError:
                    continue  # nobody waiting for this desk
                minutes = rng.uniform(0.6, 1.3) * lengths[service_id] * 0.4
                busy_until[desk.id] = clock.now() + timedelta(minutes=minutes)
            clock.advance(minutes=1)
        return _demo_bookings(store, rng)


def _demo_bookings(store: Any, rng: Any) -> list[str]:
    """Book the first free pension slot later today and one next week, as visitors did at the kiosk.

    The first can be checked in at once (its code is printed by ``kiosk
    demo``), and the staff console lists both. Returns their codes.
    """
    from kiosk.core.booking_code import new_code
    from kiosk.core.errors import DomainError
    from kiosk.store.bookings import open_offers, reserve

    offers = [o for o in open_offers(store) if o.slot.service_id == "rente"]
    today = office_day(store.now())
    picked = [o for o in offers if o.slot.day == today][:1] + [o for o in offers if o.slot.day > today][1:2]
    codes = []
    for offer, language in zip(picked, ("ar", "de"), strict=False):
        try:
            made = reserve(store, offer.slot.key, language, make_code=lambda: new_code(rng.choice))
        except DomainError:
            continue
        codes.append(made.booking.code)
    return codes
