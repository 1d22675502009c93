"""The JSON the pages read, shaped from store results.

Each function answers one screen's question and returns plain dicts. What
leaves here is numbers, services, rooms and times only: never a token of
another ticket, never anything about a person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.core.errors import UnknownDesk
from kiosk.core.load import Load
from kiosk.core.model import Call, Service, Ticket, TicketState, WaitEstimate
from kiosk.core.schedule import Offer
from kiosk.core.tickets import STATE_WORDS
from kiosk.core.timekeeping import to_local
from kiosk.i18n import Translate, wait_text
from kiosk.store import Store, board
from kiosk.store.schedule import current_view, load_office, load_services


def iso(moment: datetime | None) -> str | None:
    return to_local(moment).isoformat(timespec="seconds") if moment else None


def hhmm(moment: datetime | None) -> str:
    return f"{to_local(moment):%H:%M}" if moment else ""


def estimate_json(estimate: WaitEstimate | None, _: Translate = str) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {
        "ahead": estimate.people_ahead,
        "low": estimate.low_minutes,
        "high": estimate.high_minutes,
        "text": wait_text(estimate, _),
    }


def load_json(load: Load) -> dict[str, Any]:
    return {"level": load.level.value, "waiting": load.waiting, "active_desks": load.active_desks}


def call_json(call: Call, announce: list[str] | None = None) -> dict[str, Any]:
    return {
        "event_id": call.event_id,
        "code": call.code,
        "desk": call.desk_name,
        "room": call.room,
        "kind": call.kind.value,
        "at": iso(call.at),
        "time": hhmm(call.at),
        "announce": announce or [],
    }


def offer_json(offer: Offer, waiting: int | None = None) -> dict[str, Any]:
    session = offer.session
    return {
        "service": offer.service.id,
        "name": offer.service.name("de"),
        "names": dict(offer.service.names),  # a display in another language picks its own
        "prefix": offer.service.prefix,
        "room": session.room if session else "",
        "from": f"{session.start:%H:%M}" if session else "",
        "until": f"{session.end:%H:%M}" if session else "",
        "waiting": waiting,
    }


def office_name(store: Store) -> str:
    office = load_office(store)
    return office.name if office else ""


def display_state(store: Store, recent: int, announce: Any) -> dict[str, Any]:
    """The waiting-room display: current calls, the last ones, what is on now."""
    shown = board.board(store, recent)
    view = current_view(store)
    lists = board.waiting_lists(store)
    return {
        "office": office_name(store),
        "now": iso(store.now()),
        "last_event_id": shown.last_event_id,
        "current": [call_json(c, announce(c)) for c in shown.current],
        "recent": [call_json(c, announce(c)) for c in shown.recent],
        "on_now": [offer_json(o, len(lists.get(o.service_id, []))) for o in view.on_now],
    }


def ticket_json(ticket: Ticket, services: dict[str, Service], now: datetime) -> dict[str, Any]:
    """A ticket as staff see it: code, service, state, how long it has waited."""
    service = services.get(ticket.service_id)
    return {
        "code": ticket.code,
        "service": ticket.service_id,
        "service_name": service.name("de") if service else ticket.service_id,
        "state": ticket.state.value,
        "state_text": STATE_WORDS[ticket.state],
        "language": ticket.language,
        "issued": hhmm(ticket.issued_at),
        "waiting_minutes": int((now - ticket.issued_at).total_seconds() // 60),
        "called": hhmm(ticket.called_at),
        "calls": ticket.calls,
        "appointment": hhmm(ticket.appointment_at) or None,
        "transferred_from": ticket.transferred_from,
    }


def _age_hours(text: str | None, now: datetime) -> float | None:
    if not text:
        return None
    try:
        return round((now - datetime.fromisoformat(text)).total_seconds() / 3600, 1)
    except ValueError:
        return None


def system_status(store: Store) -> dict[str, Any]:
    """Printer, plan age, sync and clock, as written by the parts that own them."""
    now = store.now()
    schedule = store.get_status("schedule") or {}
    return {
        "printer": store.get_status("printer") or {"state": "unknown", "detail": "", "at": None},
        "schedule": {
            "version": schedule.get("version"),
            "loaded_at": schedule.get("loaded_at"),
            "generated_at": schedule.get("generated_at"),
            "age_hours": _age_hours(schedule.get("generated_at") or schedule.get("loaded_at"), now),
        },
        "sync": store.get_status("sync") or {},
        "clock": store.get_status("clock") or {"behind": False},
    }


def overview(store: Store, desk_id: int) -> dict[str, Any]:
    """Everything the console shows for one desk, in one response."""
    now = store.now()
    services = {s.id: s for s in load_services(store)}
    states = board.desk_states(store)
    mine = next((d for d in states if d.desk.id == desk_id), None)
    if mine is None:  # the desk left the database after the sign-in
        raise UnknownDesk(desk=desk_id, known=", ".join(str(d.desk.id) for d in states) or "keine")
    lists = board.waiting_lists(store)
    per_service, total = board.loads(store)
    view = current_view(store, now)
    session_of = {o.service_id: o for o in (*view.on_now, *view.later_today)}
    service_rows = []
    for sid, service in services.items():
        offer = session_of.get(sid)
        service_rows.append(
            {
                "id": sid,
                "name": service.name("de"),
                "prefix": service.prefix,
                "today": offer_json(offer) if offer else None,
                "on_now": any(o.service_id == sid for o in view.on_now),
                "mine": sid in mine.services,
                "load": load_json(per_service[sid]),
                "waiting": [ticket_json(t, services, now) for t in lists.get(sid, [])],
            }
        )
    return {
        "now": iso(now),
        "office": office_name(store),
        "desk": {
            "id": mine.desk.id,
            "name": mine.desk.name,
            "room": mine.desk.room,
            "paused": mine.paused,
            "services": list(mine.services),
        },
        "ticket": ticket_json(mine.ticket, services, now) if mine.ticket else None,
        "services": service_rows,
        "load": load_json(total),
        "desks": [
            {
                "id": d.desk.id,
                "name": d.desk.name,
                "room": d.desk.room,
                "paused": d.paused,
                "services": list(d.services),
                "ticket": d.ticket.code if d.ticket else None,
            }
            for d in states
        ],
        "status": system_status(store),
        "last_event_id": board.board(store, 1).last_event_id,
    }


def phone_view(store: Store, ticket: Ticket, _: Translate) -> dict[str, Any]:
    """The visitor's own ticket, in their language: nothing about anyone else."""
    services = {s.id: s for s in load_services(store)}
    service = services.get(ticket.service_id)
    estimate = None
    place = None
    if ticket.state == TicketState.WAITING:
        estimate = board.positions(store, [ticket]).get(ticket.id or 0)
    elif ticket.state == TicketState.CALLED:
        place = board.call_room(store, ticket)
    return phone_card(
        ticket.code, service.name(ticket.language) if service else "", ticket.state, estimate, place, _
    )


def phone_card(
    code: str,
    service_name: str,
    state: TicketState,
    estimate: WaitEstimate | None,
    place: tuple[str, str] | None,
    _: Translate,
) -> dict[str, Any]:
    """The phone page's content from a ticket's facts; shared with the city's relay server.

    ``estimate`` matters while waiting, ``place`` (desk, room) once called.
    Pure, so the kiosk and the city's server word every state the same way.
    """
    result: dict[str, Any] = {
        "code": code,
        "service": service_name,
        "state": state.value,
        "ahead": None,
        "wait": None,
        "room": None,
        "headline": "",
        "detail": "",
    }
    if state == TicketState.WAITING:
        result["ahead"] = estimate.people_ahead if estimate else None
        result["wait"] = estimate_json(estimate, _)
        result["headline"] = _("Bitte warten Sie, Sie werden aufgerufen.")
        if estimate is not None:
            ahead = _("Vor Ihnen: {n}").format(n=estimate.people_ahead)
            wait = _("Wartezeit: {wait}").format(wait=wait_text(estimate, _))
            result["detail"] = f"{ahead} · {wait}"
    elif state == TicketState.CALLED:
        desk, room = place or ("", "")
        result["room"] = room or desk
        result["headline"] = (
            _("Jetzt bitte in Raum {room}.").format(room=room)
            if room
            else _("Jetzt bitte zu {desk}.").format(desk=desk)
        )
    elif state == TicketState.SERVING:
        result["headline"] = _("Sie werden gerade beraten.")
    elif state == TicketState.DONE:
        result["headline"] = _("Ihr Besuch ist abgeschlossen. Vielen Dank!")
    elif state == TicketState.NO_SHOW:
        result["headline"] = _("Sie wurden aufgerufen, waren aber nicht da.")
        result["detail"] = _("Bitte sprechen Sie die Mitarbeitenden an.")
    else:
        result["headline"] = _("Diese Nummer wurde storniert.")
    return result
