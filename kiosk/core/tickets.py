"""The ticket state machine.

    waiting ──call──► called ──start──► serving ──finish──► done
       ▲                │ ▲  ╲                                 ▲
       │          recall└─┘   ╲──────────finish────────────────┘
       │                │
       │                └──no_show──► no_show ──recall──► called
       └──transfer── (waiting | called | serving), to another service
    cancel: waiting | called ──► cancelled

``finish`` is allowed straight from ``called`` because many desks never press
"start". A recall from ``no_show`` is for the visitor who was in the toilet.
A transfer keeps ``issued_at``, so the visitor keeps their place by arrival.
Each function returns a new ticket or raises :class:`IllegalTransition`.
"""

from __future__ import annotations

import enum
from dataclasses import replace
from datetime import datetime

from kiosk.core.errors import IllegalTransition, TicketHeldElsewhere, TransferToSameService, staff_only
from kiosk.core.model import Ticket, TicketState

W, C, S, D, N, X = (
    TicketState.WAITING,
    TicketState.CALLED,
    TicketState.SERVING,
    TicketState.DONE,
    TicketState.NO_SHOW,
    TicketState.CANCELLED,
)


class Action(enum.StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    CANCEL = "cancel"


ALLOWED: dict[Action, dict[TicketState, TicketState]] = {
    Action.CALL: {W: C},
    Action.RECALL: {C: C, N: C},
    Action.START: {C: S},
    Action.FINISH: {C: D, S: D},
    Action.NO_SHOW: {C: N},
    Action.TRANSFER: {W: W, C: W, S: W},
    Action.CANCEL: {W: X, C: X},
}

# How staff (console, CLI) read an action and a state: German only.
ACTION_WORDS = {
    Action.CALL: staff_only("aufgerufen"),
    Action.RECALL: staff_only("erneut aufgerufen"),
    Action.START: staff_only("begonnen"),
    Action.FINISH: staff_only("erledigt"),
    Action.NO_SHOW: staff_only("als nicht erschienen markiert"),
    Action.TRANSFER: staff_only("weitergeleitet"),
    Action.CANCEL: staff_only("storniert"),
}

STATE_WORDS = {
    W: staff_only("wartend"),
    C: staff_only("aufgerufen"),
    S: staff_only("in Bearbeitung"),
    D: staff_only("erledigt"),
    N: staff_only("nicht erschienen"),
    X: staff_only("storniert"),
}


def can(ticket: Ticket, action: Action) -> bool:
    return ticket.state in ALLOWED[action]


def _move(ticket: Ticket, action: Action) -> TicketState:
    target = ALLOWED[action].get(ticket.state)
    if target is None:
        raise IllegalTransition(
            code=ticket.code, action=ACTION_WORDS[action], state=STATE_WORDS[ticket.state]
        )
    return target


def _check_desk(ticket: Ticket, desk_id: int | None) -> None:
    """Only the desk holding a called ticket may act on it."""
    other_desk = desk_id is not None and ticket.desk_id is not None and ticket.desk_id != desk_id
    if other_desk and ticket.state.at_desk:
        raise TicketHeldElsewhere(code=ticket.code, desk=ticket.desk_id)


def call(ticket: Ticket, desk_id: int, now: datetime) -> Ticket:
    state = _move(ticket, Action.CALL)
    return replace(
        ticket,
        state=state,
        desk_id=desk_id,
        called_at=ticket.called_at or now,
        first_called_at=ticket.first_called_at or now,
        calls=ticket.calls + 1,
    )


def recall(ticket: Ticket, desk_id: int, now: datetime) -> Ticket:
    _check_desk(ticket, desk_id)
    state = _move(ticket, Action.RECALL)
    return replace(
        ticket, state=state, desk_id=desk_id, called_at=ticket.called_at or now, calls=ticket.calls + 1
    )


def start(ticket: Ticket, desk_id: int | None, now: datetime) -> Ticket:
    _check_desk(ticket, desk_id)
    return replace(ticket, state=_move(ticket, Action.START), serving_at=now)


def finish(ticket: Ticket, desk_id: int | None, now: datetime) -> Ticket:
    _check_desk(ticket, desk_id)
    return replace(ticket, state=_move(ticket, Action.FINISH), finished_at=now)


def no_show(ticket: Ticket, desk_id: int | None, now: datetime) -> Ticket:
    _check_desk(ticket, desk_id)
    return replace(ticket, state=_move(ticket, Action.NO_SHOW), finished_at=now)


def cancel(ticket: Ticket, desk_id: int | None, now: datetime) -> Ticket:
    _check_desk(ticket, desk_id)
    return replace(ticket, state=_move(ticket, Action.CANCEL), finished_at=now)


def transfer(ticket: Ticket, to_service: str, desk_id: int | None, now: datetime) -> Ticket:
    """Send the visitor to another service's queue, keeping their arrival time.

    The real wait for statistics stays "issue to first call" (``first_called_at``
    is kept); the desk and this service's call times are cleared so the next
    service's desk calls them afresh.
    """
    _check_desk(ticket, desk_id)
    if to_service == ticket.service_id:
        raise TransferToSameService(code=ticket.code, service=to_service)
    state = _move(ticket, Action.TRANSFER)
    return replace(
        ticket,
        state=state,
        service_id=to_service,
        transferred_from=ticket.transferred_from or ticket.service_id,
        desk_id=None,
        called_at=None,
        serving_at=None,
        calls=0,
    )
