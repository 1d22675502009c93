import pytest

from kiosk.store import printjobs as jobs
from kiosk.store import queue as ops
from kiosk.store.printjobs import JobKind, JobState, NotPrintable


def test_a_slip_is_queued_with_its_ticket(store):
    issued = ops.issue_ticket(store, "schulden", print_slip=True)
    job = jobs.get_job(store, issued.print_job_id)
    assert (job.ticket_id, job.kind, job.state) == (issued.ticket.id, JobKind.TICKET, JobState.PENDING)
    assert ops.issue_ticket(store, "schulden").print_job_id is None


def test_a_job_is_claimed_once_and_never_again(store):
    issued = ops.issue_ticket(store, "schulden", print_slip=True)
    claimed = jobs.claim_next(store)
    assert claimed.id == issued.print_job_id and claimed.state == JobState.PRINTING
    assert jobs.claim_next(store) is None  # even if the printer never answered
    jobs.finish_job(store, claimed.id, error="Papier leer")
    assert jobs.get_job(store, claimed.id).state == JobState.FAILED
    assert jobs.claim_next(store) is None  # failed jobs are not retried on their own


def test_staff_reprint_adds_a_new_job(store):
    issued = ops.issue_ticket(store, "schulden", print_slip=True)
    jobs.finish_job(store, jobs.claim_next(store).id)
    again = jobs.request_reprint(store, "s1", desk_id=2)
    assert again.kind == JobKind.REPRINT and again.desk_id == 2
    assert [j.state for j in jobs.jobs_for_ticket(store, issued.ticket.id)] == [
        JobState.DONE,
        JobState.PENDING,
    ]


def test_no_reprint_for_a_finished_ticket(store):
    ops.issue_ticket(store, "schulden")
    ops.call_next(store, 2)
    ops.finish(store, 2)
    with pytest.raises(NotPrintable):
        jobs.request_reprint(store, "S-001")
