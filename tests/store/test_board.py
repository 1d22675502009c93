"""What the display, the console and the phone page read."""

from kiosk.core.load import LoadLevel
from kiosk.store import board
from kiosk.store import desks as desk_ops
from kiosk.store import queue as ops


def test_board_shows_who_is_at_a_desk_and_the_last_calls(store, clock):
    for _ in range(3):
        ops.issue_ticket(store, "schulden")
    ops.issue_ticket(store, "jobcenter", "ar")
    ops.call_next(store, 2)
    clock.advance(minutes=1)
    ops.call_next(store, 1)
    clock.advance(minutes=1)
    ops.recall(store, 2)
    ops.finish(store, 1)
    shown = board.board(store)
    assert [(c.code, c.room, c.kind) for c in shown.current] == [("S-001", "2", "recall")]
    assert [c.code for c in shown.recent] == ["S-001", "J-001", "S-001"]
    assert shown.last_event_id == ops.last_event_id(store)
    call = board.call_by_event(store, shown.recent[1].event_id)
    assert (call.code, call.language) == ("J-001", "ar")
    assert board.call_by_event(store, 1) is None  # not a call event


def test_desk_states_waiting_lists_and_positions(store):
    first = ops.issue_ticket(store, "schulden").ticket
    second = ops.issue_ticket(store, "schulden").ticket
    ops.call_next(store, 2)
    states = {d.desk.id: d for d in board.desk_states(store)}
    assert states[2].ticket.code == first.code and states[2].services == ("schulden",)
    assert states[3].services == ("jobcenter", "schulden") and states[3].ticket is None
    assert [t.code for t in board.waiting_lists(store)["schulden"]] == [second.code]
    position = board.positions(store)
    assert list(position) == [second.id] and position[second.id].people_ahead == 0
    assert board.call_room(store, ops.find_ticket(store, first.code, first.day)) == ("Platz 2", "2")
    assert board.call_room(store, second) is None


def test_loads_count_waiting_per_active_desk(store):
    for _ in range(5):
        ops.issue_ticket(store, "jobcenter")
    per_service, total = board.loads(store)
    # jobcenter is served by desks 1 and 3: 2.5 each is green.
    assert (per_service["jobcenter"].active_desks, per_service["jobcenter"].level) == (2, LoadLevel.GREEN)
    desk_ops.set_paused(store, 1, True)
    desk_ops.set_paused(store, 3, True)
    per_service, total = board.loads(store)
    assert per_service["jobcenter"].level == LoadLevel.RED  # five waiting, nobody to call them
    assert (total.waiting, total.active_desks) == (5, 1)
    assert total.level == LoadLevel.YELLOW
    assert board.waiting_count(store) == 5
