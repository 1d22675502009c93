"""Two desks pressing "call next" at the same instant never get the same ticket."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from kiosk.store import queue as ops
from kiosk.store.desks import set_desk_services

ROUNDS = 1000


def test_two_desks_calling_at_once_a_thousand_times_never_share_a_ticket(store, sign_in):
    set_desk_services(store, 1, ["schulden"])
    set_desk_services(store, 2, ["schulden"])
    desks = {1: sign_in(desk=1), 2: sign_in(desk=2)}

    rounds_done = [0]

    def between_rounds() -> None:
        # Runs while both desk threads wait at the barrier: both visitors
        # reach their desks (the next call then finishes those visits), and
        # new tickets arrive in batches, keeping the queue as short as a real
        # one (call next reads the whole queue of the desk's services).
        if rounds_done[0]:
            ops.start(store, 1)
            ops.start(store, 2)
        if rounds_done[0] % 50 == 0:
            for _ in range(100):
                ops.issue_ticket(store, "schulden")
        rounds_done[0] += 1

    barrier = threading.Barrier(2, action=between_rounds, timeout=30)
    got: dict[int, list[str]] = {1: [], 2: []}
    failures: list[str] = []

    def press(desk_id: int) -> None:
        desk = desks[desk_id]
        for _ in range(ROUNDS):
            barrier.wait()  # both desks press in the same instant
            answer = desk.post("/api/staff/call-next")
            if answer.status_code != 200:
                failures.append(answer.text)
                return
            got[desk_id].append(answer.json()["code"])

    threads = [threading.Thread(target=press, args=(d,)) for d in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    codes = got[1] + got[2]
    assert len(codes) == 2 * ROUNDS
    assert [code for code, n in Counter(codes).items() if n > 1] == []
    assert set(codes) == {f"S-{n:03d}" for n in range(1, 2 * ROUNDS + 1)}  # everyone was called once


@pytest.mark.soak
def test_four_desks_racing_ten_thousand_times(store, sign_in):
    """The same race, longer and wider: run with ./dev.sh soak."""
    desks = {d: sign_in(desk=d) for d in (1, 2, 3)}
    for desk_id in desks:
        set_desk_services(store, desk_id, ["schulden"])
    rounds, got, failures = 10_000 // len(desks), [], []
    done = [0]

    def between_rounds() -> None:
        if done[0]:
            for desk_id in desks:
                ops.start(store, desk_id)
        if done[0] % 30 == 0:
            for _ in range(30 * len(desks)):
                ops.issue_ticket(store, "schulden")
        done[0] += 1

    barrier = threading.Barrier(len(desks), action=between_rounds, timeout=60)

    def press(desk_id: int) -> None:
        for _ in range(rounds):
            barrier.wait()
            answer = desks[desk_id].post("/api/staff/call-next")
            if answer.status_code != 200:
                failures.append(answer.text)
                barrier.abort()
                return
            got.append(answer.json()["code"])

    threads = [threading.Thread(target=press, args=(d,)) for d in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures and len(got) == rounds * len(desks) == len(set(got))
