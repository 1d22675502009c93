"""The queue operations against a real database file."""

from datetime import timedelta

import pytest

from kiosk.core.errors import (
    DeskBusy,
    DeskServesNothing,
    IllegalTransition,
    NothingWaiting,
    NoTicketAtDesk,
    ServiceNotOnSite,
    TicketHeldElsewhere,
    UnknownDesk,
    UnknownService,
    UnknownTicket,
)
from kiosk.core.model import Desk, TicketState
from kiosk.store import desks
from kiosk.store import queue as ops
from tests.conftest import THURSDAY


def snapshot(store):
    """Everything an operation could change, to prove a refused one changed nothing."""
    db = store.db
    return (
        list(db.execute("SELECT * FROM tickets ORDER BY id")),
        list(db.execute("SELECT * FROM events ORDER BY id")),
        list(db.execute("SELECT * FROM counters ORDER BY day, prefix")),
        list(db.execute("SELECT * FROM desk_services ORDER BY desk_id, service_id")),
    )


def test_issue_numbers_per_service(store):
    codes = [
        ops.issue_ticket(store, s).ticket.code for s in ["jobcenter", "schulden", "jobcenter", "schulden"]
    ]
    assert codes == ["J-001", "S-001", "J-002", "S-002"]


def test_issued_ticket_carries_estimate_session_and_language(store):
    first = ops.issue_ticket(store, "schulden", "uk")
    second = ops.issue_ticket(store, "schulden", "ar")
    assert first.session.room == "2" and second.ticket.language == "ar"
    assert first.ticket.estimate.people_ahead == 0 and second.ticket.estimate.people_ahead == 1
    stored = ops.find_ticket(store, "S-002", THURSDAY)
    assert stored.estimate == second.ticket.estimate  # kept for measuring accuracy
    assert len(stored.token) >= 20 and stored.token != first.ticket.token


def test_full_cycle_with_events(store, clock):
    ops.issue_ticket(store, "schulden")
    clock.advance(minutes=12)
    call = ops.call_next(store, 2)
    assert (call.code, call.desk_name, call.room) == ("S-001", "Platz 2", "2")
    clock.advance(minutes=1)
    ops.start(store, 2)
    clock.advance(minutes=25)
    done = ops.finish(store, 2)
    assert done.state == TicketState.DONE and done.waited_minutes == 12 and done.visit_minutes == 26
    kinds = [
        r[0] for r in store.db.execute("SELECT kind FROM events WHERE ticket_id = ? ORDER BY id", [done.id])
    ]
    assert kinds == ["issued", "called", "started", "finished"]


def test_event_ids_only_grow(store, clock):
    before = ops.last_event_id(store)
    ops.issue_ticket(store, "schulden")
    ops.call_next(store, 2)
    ids = [r[0] for r in store.db.execute("SELECT id FROM events WHERE id > ? ORDER BY rowid", [before])]
    assert ids == sorted(ids) and len(ids) == 2 and ids[0] > before


def test_call_next_takes_the_longest_waiting_of_the_desks_services(store, clock):
    ops.issue_ticket(store, "schulden")
    clock.advance(minutes=1)
    ops.issue_ticket(store, "jobcenter")
    assert ops.call_next(store, 3).code == "S-001"  # desk 3 serves both
    assert ops.call_next(store, 1).code == "J-001"


def test_call_next_finishes_a_visit_in_progress(store):
    ops.issue_ticket(store, "schulden")
    ops.issue_ticket(store, "schulden")
    ops.call_next(store, 2)
    ops.start(store, 2)
    assert ops.call_next(store, 2).code == "S-002"
    assert ops.find_ticket(store, "S-001", THURSDAY).state == TicketState.DONE


def test_two_desks_never_get_the_same_ticket(store):
    for _ in range(3):
        ops.issue_ticket(store, "jobcenter")
    assert {ops.call_next(store, 1).code, ops.call_next(store, 3).code} == {"J-001", "J-002"}


def test_recall_and_no_show_and_a_late_return(store):
    ops.issue_ticket(store, "schulden")
    ops.call_next(store, 2)
    assert ops.recall(store, 2).kind == "recall"
    ops.no_show(store, 2)
    with pytest.raises(NoTicketAtDesk):
        ops.recall(store, 2)  # the desk holds nothing now; name the ticket
    back = ops.recall(store, 2, "s1")
    assert back.code == "S-001"
    assert ops.find_ticket(store, "S-001", THURSDAY).calls == 3


def test_transfer_keeps_the_place_by_arrival(store, clock):
    ops.issue_ticket(store, "schulden")  # 10:00, later sent on to the job centre
    clock.advance(minutes=5)
    ops.issue_ticket(store, "jobcenter")  # 10:05
    ops.call_next(store, 2)
    moved = ops.transfer(store, "jobcenter", desk_id=2)
    assert moved.service_id == "jobcenter" and moved.code == "S-001"
    assert ops.call_next(store, 1).code == "S-001"  # arrived earlier than J-001


def test_transfer_to_an_unknown_service(store):
    ops.issue_ticket(store, "schulden")
    before = snapshot(store)
    with pytest.raises(UnknownService):
        ops.transfer(store, "nope", code="S-001")
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("operation", "error"),
    [
        (lambda s: ops.issue_ticket(s, "nope"), UnknownService),
        (lambda s: ops.issue_ticket(s, "rente"), ServiceNotOnSite),  # tomorrow
        (lambda s: ops.call_next(s, 9), UnknownDesk),
        (lambda s: ops.call_next(s, 1, "nope"), UnknownService),
        (lambda s: ops.finish(s, 1, "J-077"), UnknownTicket),
        (lambda s: ops.finish(s, 1, "kein code"), UnknownTicket),
        (lambda s: ops.start(s, 1), NoTicketAtDesk),
        (lambda s: ops.cancel(s, "S-001", 1), TicketHeldElsewhere),
        (lambda s: ops.finish(s, 2, "S-002"), IllegalTransition),  # still waiting
        (lambda s: ops.call_next(s, 2), DeskBusy),
    ],
)
def test_refused_operations_change_nothing(store, operation, error):
    ops.issue_ticket(store, "schulden")
    ops.issue_ticket(store, "schulden")
    ops.call_next(store, 2)
    before = snapshot(store)
    with pytest.raises(error) as raised:
        operation(store)
    assert "\n" not in str(raised.value) and len(str(raised.value)) > 10
    assert snapshot(store) == before


def test_nothing_waiting_and_a_desk_without_services(store):
    with pytest.raises(NothingWaiting):
        ops.call_next(store, 1)
    desks.register_desks(store, [*desks.load_desks(store), Desk(4, "Platz 4", "4")])
    with pytest.raises(DeskServesNothing):
        ops.call_next(store, 4)


def test_paused_desks_do_not_count_for_estimates(store):
    ops.issue_ticket(store, "jobcenter")
    assert ops.queue_snapshot(store)["jobcenter"].newcomer.known
    desks.set_paused(store, 1, True)
    desks.set_paused(store, 3, True)
    assert not ops.queue_snapshot(store)["jobcenter"].newcomer.known
    desks.set_paused(store, 1, False)
    assert ops.queue_snapshot(store)["jobcenter"].newcomer.known


def test_desk_choices_are_for_today_only(store, clock):
    clock.advance(days=1)  # Friday: yesterday's choices no longer count
    assert desks.desk_services(store, 1, THURSDAY + timedelta(days=1)) == []


def test_recent_calls_come_from_the_event_log(store):
    for _ in range(3):
        ops.issue_ticket(store, "jobcenter")
    ops.call_next(store, 1)
    ops.call_next(store, 3)
    ops.recall(store, 3)
    calls = ops.recent_calls(store, limit=5)
    assert [(c.code, c.kind, c.desk_id) for c in calls] == [
        ("J-002", "recall", 3),
        ("J-002", "call", 3),
        ("J-001", "call", 1),
    ]
    assert ops.recent_calls(store, after_event=calls[0].event_id) == []


def test_ticket_by_token_reveals_one_ticket(store):
    issued = ops.issue_ticket(store, "schulden")
    assert ops.ticket_by_token(store, issued.ticket.token).code == "S-001"
    assert ops.ticket_by_token(store, "guess") is None


def test_position_moves_as_people_are_called(store):
    ops.issue_ticket(store, "schulden")
    mine = ops.issue_ticket(store, "schulden").ticket
    assert ops.position(store, mine).people_ahead == 1
    ops.call_next(store, 2)
    assert ops.position(store, mine).people_ahead == 0


def test_two_desks_calling_at_the_same_instant_from_threads(store, db_path, clock):
    """Each desk on its own connection and thread, as in the web server."""
    import threading

    from kiosk.store import Store

    for _ in range(200):
        ops.issue_ticket(store, "jobcenter")
    got: dict[int, list[str]] = {1: [], 3: []}
    start = threading.Barrier(2)

    def desk_loop(desk: int) -> None:
        with Store(db_path, clock) as own:
            start.wait()
            for _ in range(100):
                got[desk].append(ops.call_next(own, desk).code)
                ops.finish(own, desk)

    threads = [threading.Thread(target=desk_loop, args=(d,)) for d in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    called = got[1] + got[3]
    assert len(called) == 200 and len(set(called)) == 200


def test_call_next_picks_by_the_core_order_from_the_front_of_each_queue(store, clock):
    """The store loads only each service's front; the core's order still decides."""

    ops.issue_ticket(store, "jobcenter")  # 10:00, a walk-in
    clock.advance(minutes=1)
    ops.issue_ticket(store, "schulden")  # 10:01
    clock.advance(minutes=1)
    booked = ops.issue_ticket(store, "schulden", appointment_at=clock.now() + timedelta(minutes=5)).ticket
    clock.advance(minutes=1)
    # desk 3 serves both: the appointment (due within ten minutes) goes before both walk-ins
    assert ops.call_next(store, 3).code == booked.code
    ops.finish(store, 3)
    assert ops.call_next(store, 3).code == "J-001"  # then arrival order across the services
    ops.finish(store, 3)
    assert ops.call_next(store, 3).code == "S-001"
