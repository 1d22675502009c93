from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from kiosk.core.model import Ticket, TicketState
from kiosk.core.queue import desk_open_ticket, next_for_desk, people_ahead

T0 = datetime(2026, 11, 26, 9, tzinfo=UTC)


def make(i, minutes, service="schulden", state=TicketState.WAITING, **kw):
    return Ticket(
        date(2026, 11, 26), service, i, f"S-{i:03d}", state, T0 + timedelta(minutes=minutes), id=i, **kw
    )


def test_longest_waiting_first_across_the_desks_services():
    tickets = [make(1, 5), make(2, 1, "jobcenter"), make(3, 3)]
    assert next_for_desk(tickets, {"schulden", "jobcenter"}, T0).id == 2
    assert next_for_desk(tickets, {"schulden"}, T0).id == 3


def test_due_appointments_go_first_but_not_hours_early():
    walk_in = make(1, 0)
    booked = make(2, 30, appointment_at=T0 + timedelta(hours=1))
    assert next_for_desk([walk_in, booked], {"schulden"}, T0).id == 1
    assert next_for_desk([walk_in, booked], {"schulden"}, T0 + timedelta(minutes=55)).id == 2


def test_people_ahead_counts_only_waiting_tickets_of_the_same_service():
    tickets = [make(1, 0), make(2, 1, state=TicketState.CALLED), make(3, 2, "jobcenter"), make(4, 3)]
    assert people_ahead(tickets[3], tickets, T0) == 1
    new = replace(make(5, 3), id=None)  # same minute as #4, not yet stored: it is the newest
    assert people_ahead(new, tickets, T0) == 2


def test_desk_open_ticket():
    tickets = [
        make(1, 0, state=TicketState.SERVING, desk_id=2),
        make(2, 1, state=TicketState.DONE, desk_id=2),
    ]
    assert desk_open_ticket(tickets, 2).id == 1 and desk_open_ticket(tickets, 1) is None
