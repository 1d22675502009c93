"""Mapping between database rows and core dataclasses."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from kiosk.core.model import (
    Desk,
    Office,
    Service,
    Session,
    SlotPlan,
    Taken,
    Ticket,
    TicketState,
    WaitEstimate,
)
from kiosk.store.database import from_text, to_text

TICKET_COLUMNS = (
    "id, day, service_id, number, code, state, language, issued_at, called_at, first_called_at, "
    "serving_at, finished_at, desk_id, calls, est_ahead, est_low, est_high, transferred_from, "
    "token, appointment_at"
)


def ticket_from_row(row: tuple[Any, ...]) -> Ticket:
    (
        id_,
        day,
        service_id,
        number,
        code,
        state,
        language,
        issued_at,
        called_at,
        first_called_at,
        serving_at,
        finished_at,
        desk_id,
        calls,
        est_ahead,
        est_low,
        est_high,
        transferred_from,
        token,
        appointment_at,
    ) = row
    estimate = None if est_ahead is None else WaitEstimate(est_ahead, est_low, est_high)
    issued = from_text(issued_at)
    assert issued is not None
    return Ticket(
        id=id_,
        day=date.fromisoformat(day),
        service_id=service_id,
        number=number,
        code=code,
        state=TicketState(state),
        language=language,
        issued_at=issued,
        called_at=from_text(called_at),
        first_called_at=from_text(first_called_at),
        serving_at=from_text(serving_at),
        finished_at=from_text(finished_at),
        desk_id=desk_id,
        calls=calls,
        estimate=estimate,
        transferred_from=transferred_from,
        token=token,
        appointment_at=from_text(appointment_at),
    )


def ticket_to_row(ticket: Ticket) -> dict[str, Any]:
    est = ticket.estimate
    return {
        "day": ticket.day.isoformat(),
        "service_id": ticket.service_id,
        "number": ticket.number,
        "code": ticket.code,
        "state": ticket.state.value,
        "language": ticket.language,
        "issued_at": to_text(ticket.issued_at),
        "called_at": to_text(ticket.called_at),
        "first_called_at": to_text(ticket.first_called_at),
        "serving_at": to_text(ticket.serving_at),
        "finished_at": to_text(ticket.finished_at),
        "desk_id": ticket.desk_id,
        "calls": ticket.calls,
        "est_ahead": est.people_ahead if est else None,
        "est_low": est.low_minutes if est else None,
        "est_high": est.high_minutes if est else None,
        "transferred_from": ticket.transferred_from,
        "token": ticket.token,
        "appointment_at": to_text(ticket.appointment_at),
    }


def service_from_row(row: dict[str, Any]) -> Service:
    return Service(
        id=row["id"],
        names=json.loads(row["names"]),
        prefix=row["prefix"],
        pictogram=row["pictogram"],
        minutes_per_visit=row["minutes_per_visit"],
        descriptions=json.loads(row["descriptions"]),
        what_to_bring=json.loads(row["what_to_bring"]),
    )


def service_to_row(service: Service, position: int) -> dict[str, Any]:
    return {
        "id": service.id,
        "position": position,
        "names": json.dumps(dict(service.names), ensure_ascii=False),
        "prefix": service.prefix,
        "pictogram": service.pictogram,
        "minutes_per_visit": service.minutes_per_visit,
        "descriptions": json.dumps(dict(service.descriptions), ensure_ascii=False),
        "what_to_bring": json.dumps(dict(service.what_to_bring), ensure_ascii=False),
    }


def session_from_row(row: dict[str, Any]) -> Session:
    return Session(
        id=row["session_key"],
        service_id=row["service_id"],
        day=date.fromisoformat(row["day"]),
        start=time.fromisoformat(row["start"]),
        end=time.fromisoformat(row["end"]),
        room=row["room"],
        languages=tuple(json.loads(row["languages"])),
        appointments=slots_from_json(row.get("appointments")),
    )


def session_to_row(session: Session) -> dict[str, Any]:
    return {
        "session_key": session.id,
        "service_id": session.service_id,
        "day": session.day.isoformat(),
        "start": session.start.isoformat(timespec="minutes"),
        "end": session.end.isoformat(timespec="minutes"),
        "room": session.room,
        "languages": json.dumps(list(session.languages)),
        "appointments": slots_to_json(session.appointments),
    }


def _hhmm(moment: time) -> str:
    return moment.isoformat(timespec="minutes")


def slots_to_json(plan: SlotPlan | None) -> str | None:
    if plan is None:
        return None
    return json.dumps(
        {
            "minutes": plan.minutes,
            "capacity": plan.capacity,
            "kiosk": "all" if plan.kiosk_all else sorted(_hhmm(t) for t in plan.kiosk),
            "taken": [{"start": _hhmm(t.start), "count": t.count, "code": t.code} for t in plan.taken],
        }
    )


def slots_from_json(text: str | None) -> SlotPlan | None:
    if not text:
        return None
    data = json.loads(text)
    kiosk = data["kiosk"]
    return SlotPlan(
        minutes=data["minutes"],
        capacity=data["capacity"],
        kiosk=frozenset() if kiosk == "all" else frozenset(time.fromisoformat(t) for t in kiosk),
        kiosk_all=kiosk == "all",
        taken=tuple(Taken(time.fromisoformat(t["start"]), t["count"], t["code"]) for t in data["taken"]),
    )


def _hours_to_json(hours: Office) -> str:
    return json.dumps(
        {
            str(day): [[a.isoformat(timespec="minutes"), b.isoformat(timespec="minutes")] for a, b in spans]
            for day, spans in hours.opening_hours.items()
        }
    )


def office_to_row(office: Office) -> dict[str, Any]:
    return {
        "id": office.id,
        "name": office.name,
        "address": office.address,
        "opening_hours": _hours_to_json(office),
        "closures": json.dumps(sorted(d.isoformat() for d in office.closures)),
        "info": json.dumps(dict(office.info), ensure_ascii=False),
    }


def office_from_row(row: dict[str, Any]) -> Office:
    hours = {
        int(day): tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans)
        for day, spans in json.loads(row["opening_hours"]).items()
    }
    return Office(
        id=row["id"],
        name=row["name"],
        address=row["address"],
        opening_hours=hours,
        closures=frozenset(date.fromisoformat(d) for d in json.loads(row["closures"])),
        info=json.loads(row["info"]),
    )


def desk_from_row(row: dict[str, Any]) -> Desk:
    return Desk(id=row["id"], name=row["name"], room=row["room"])
