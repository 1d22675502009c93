"""The state machine, exhaustively: every action from every state."""

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.core import tickets as machine
from kiosk.core.errors import IllegalTransition, TicketHeldElsewhere, TransferToSameService
from kiosk.core.model import Ticket, TicketState
from kiosk.core.tickets import ALLOWED, Action

T0 = datetime(2026, 11, 26, 9, tzinfo=UTC)


def ticket(state: TicketState = TicketState.WAITING, desk: int | None = None) -> Ticket:
    return Ticket(
        day=date(2026, 11, 26),
        service_id="schulden",
        number=7,
        code="S-007",
        state=state,
        issued_at=T0,
        id=1,
        desk_id=desk,
        called_at=T0 if desk else None,
        first_called_at=T0 if desk else None,
    )


def apply(action: Action, t: Ticket) -> Ticket:
    now = T0 + timedelta(minutes=5)
    desk = t.desk_id or 1
    return {
        Action.CALL: lambda: machine.call(t, desk, now),
        Action.RECALL: lambda: machine.recall(t, desk, now),
        Action.START: lambda: machine.start(t, desk, now),
        Action.FINISH: lambda: machine.finish(t, desk, now),
        Action.NO_SHOW: lambda: machine.no_show(t, desk, now),
        Action.TRANSFER: lambda: machine.transfer(t, "jobcenter", desk, now),
        Action.CANCEL: lambda: machine.cancel(t, desk, now),
    }[action]()


@pytest.mark.parametrize("state", list(TicketState))
@pytest.mark.parametrize("action", list(Action))
def test_every_action_from_every_state_follows_the_table(state, action):
    before = ticket(state, desk=1 if state.at_desk or state == TicketState.NO_SHOW else None)
    expected = ALLOWED[action].get(state)
    if expected is None:
        with pytest.raises(IllegalTransition) as error:
            apply(action, before)
        assert "S-007" in str(error.value)
    else:
        assert apply(action, before).state == expected


def test_happy_path_records_times_and_desk():
    t = machine.call(ticket(), 2, T0 + timedelta(minutes=10))
    assert (t.state, t.desk_id, t.calls, t.called_at) == (
        TicketState.CALLED,
        2,
        1,
        T0 + timedelta(minutes=10),
    )
    t = machine.start(t, 2, T0 + timedelta(minutes=11))
    t = machine.finish(t, 2, T0 + timedelta(minutes=31))
    assert t.state == TicketState.DONE
    assert t.waited_minutes == 10
    assert t.visit_minutes == 21


def test_recall_counts_calls_and_keeps_first_call_time():
    t = machine.call(ticket(), 2, T0 + timedelta(minutes=10))
    t = machine.recall(t, 2, T0 + timedelta(minutes=12))
    assert t.calls == 2 and t.called_at == T0 + timedelta(minutes=10)


def test_a_no_show_who_comes_back_can_be_recalled():
    t = machine.no_show(machine.call(ticket(), 2, T0), 2, T0 + timedelta(minutes=3))
    assert machine.recall(t, 2, T0 + timedelta(minutes=20)).state == TicketState.CALLED


def test_another_desk_cannot_finish_a_called_ticket():
    with pytest.raises(TicketHeldElsewhere, match="Platz 1"):
        machine.finish(ticket(TicketState.CALLED, desk=1), 2, T0)


def test_transfer_keeps_arrival_and_first_call_but_clears_the_desk():
    called = machine.call(ticket(), 2, T0 + timedelta(minutes=10))
    moved = machine.transfer(called, "jobcenter", 2, T0 + timedelta(minutes=20))
    assert moved.state == TicketState.WAITING
    assert moved.service_id == "jobcenter" and moved.transferred_from == "schulden"
    assert moved.issued_at == T0 and moved.first_called_at == T0 + timedelta(minutes=10)
    assert moved.desk_id is None and moved.called_at is None and moved.code == "S-007"
    again = machine.transfer(moved, "rente", None, T0 + timedelta(minutes=30))
    assert again.transferred_from == "schulden"  # where it was issued, for the statistics


def test_transfer_to_the_same_service_is_refused():
    with pytest.raises(TransferToSameService):
        machine.transfer(ticket(), "schulden", None, T0)
