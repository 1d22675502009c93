"""Staff accounts and sessions in the office database."""

from datetime import timedelta

import pytest

from kiosk.core.errors import UnknownDesk
from kiosk.store import staff


def test_account_round_trip_and_refusals(store):
    made = staff.add_account(store, "platz-2", "$argon2id$fake", desk_id=2)
    assert staff.get_account(store, "platz-2") == made
    assert [a.name for a in staff.list_accounts(store)] == ["platz-2"]
    with pytest.raises(staff.AccountExists):
        staff.add_account(store, "platz-2", "x")
    with pytest.raises(staff.InvalidAccountName):
        staff.add_account(store, "Anna Müller", "x")
    with pytest.raises(UnknownDesk):
        staff.add_account(store, "anna", "x", desk_id=99)
    assert staff.get_account(store, "anna") is None


def test_sessions_end_with_a_new_secret_or_removal(store, clock):
    staff.add_account(store, "anna", "h1")
    expires = clock.now() + timedelta(hours=8)
    staff.create_session(store, "t1", "anna", 1, "csrf1", expires)
    found = staff.get_session(store, "t1")
    assert (found.account, found.desk_id, found.csrf_token, found.expires_at) == ("anna", 1, "csrf1", expires)
    clock.advance(minutes=5)
    staff.touch_session(store, "t1")
    assert staff.get_session(store, "t1").last_seen == clock.now()
    staff.set_secret(store, "anna", "h2")
    assert staff.get_session(store, "t1") is None
    staff.create_session(store, "t2", "anna", 1, "c", expires)
    staff.remove_account(store, "anna")
    assert staff.get_session(store, "t2") is None
    with pytest.raises(staff.UnknownAccount):
        staff.remove_account(store, "anna")


def test_expired_sessions_are_dropped_at_the_next_sign_in(store, clock):
    staff.add_account(store, "anna", "h")
    staff.create_session(store, "old", "anna", 1, "c", clock.now() + timedelta(minutes=1))
    clock.advance(minutes=2)
    staff.create_session(store, "new", "anna", 1, "c", clock.now() + timedelta(hours=1))
    assert staff.get_session(store, "old") is None
    staff.end_session(store, "new")
    assert staff.get_session(store, "new") is None
