"""Desks: which exist, which services each serves today, which are paused."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kiosk.core.errors import UnknownDesk, UnknownService
from kiosk.core.model import Desk
from kiosk.core.timekeeping import office_day
from kiosk.store.database import Store, Transaction
from kiosk.store.rows import desk_from_row


def register_desks(store: Store, desks: Iterable[Desk]) -> None:
    """Make the stored desks match the configured ones (names and rooms).

    Desks dropped from the config stay in the table, because old tickets and
    events point at them, but they serve nothing any more.
    """
    wanted = list(desks)
    with store.errors():
        stored = {(r["id"], r["name"], r["room"], r["paused"]) for r in store.db["desks"].rows}
    configured = {(d.id, d.name, d.room) for d in wanted}
    known = {(i, n, r) for i, n, r, _paused in stored}
    retired_all_paused = all(paused for i, n, r, paused in stored if (i, n, r) not in configured)
    if configured <= known and retired_all_paused:
        return  # nothing to change: read-only commands stay read-only
    with store.write() as tx:
        for desk in wanted:
            tx.db.execute(
                "INSERT INTO desks (id, name, room) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, room = excluded.room",
                [desk.id, desk.name, desk.room],
            )
        keep = [d.id for d in wanted]
        marks = ",".join("?" * len(keep)) or "NULL"
        tx.db.execute(f"DELETE FROM desk_services WHERE desk_id NOT IN ({marks})", keep)
        tx.db.execute(f"UPDATE desks SET paused = 1 WHERE id NOT IN ({marks})", keep)


def load_desks(store: Store) -> list[Desk]:
    with store.errors():
        return [desk_from_row(r) for r in store.db["desks"].rows_where(order_by="id")]


def get_desk(tx: Transaction | Store, desk_id: int) -> Desk:
    """The desk with this id, or UnknownDesk naming the ones that exist."""
    row = tx.db.execute("SELECT id, name, room FROM desks WHERE id = ?", [desk_id]).fetchone()
    if row is None:
        known = [str(r[0]) for r in tx.db.execute("SELECT id FROM desks ORDER BY id")]
        raise UnknownDesk(desk=desk_id, known=", ".join(known) or "keine")
    return Desk(id=row[0], name=row[1], room=row[2])


def desk_services(tx: Transaction | Store, desk_id: int, day: date) -> list[str]:
    rows = tx.db.execute(
        "SELECT service_id FROM desk_services WHERE desk_id = ? AND day = ? ORDER BY service_id",
        [desk_id, day.isoformat()],
    )
    return [r[0] for r in rows]


def check_services(tx: Transaction | Store, service_ids: Iterable[str]) -> list[str]:
    """Return the ids if every one is a known service, else UnknownService."""
    known = [r[0] for r in tx.db.execute("SELECT id FROM services ORDER BY position, id")]
    ids = list(dict.fromkeys(service_ids))  # each once, in the order given
    for service_id in ids:
        if service_id not in known:
            raise UnknownService(service=service_id, known=", ".join(known) or "keine")
    return ids


def set_desk_services(store: Store, desk_id: int, service_ids: Iterable[str]) -> list[str]:
    """Choose the services a desk serves today ("my services"); unpauses it."""
    with store.write() as tx:
        get_desk(tx, desk_id)
        ids = check_services(tx, service_ids)
        day = office_day(tx.now).isoformat()
        tx.db.execute("DELETE FROM desk_services WHERE desk_id = ?", [desk_id])
        for service_id in ids:
            tx.db.execute(
                "INSERT INTO desk_services (desk_id, service_id, day) VALUES (?, ?, ?)",
                [desk_id, service_id, day],
            )
        tx.db.execute("UPDATE desks SET paused = 0 WHERE id = ?", [desk_id])
        tx.event("desk_services", desk_id=desk_id, services=ids)
        return ids


def set_paused(store: Store, desk_id: int, paused: bool) -> None:
    """A paused desk calls nobody and does not count for wait estimates."""
    with store.write() as tx:
        get_desk(tx, desk_id)
        tx.db.execute("UPDATE desks SET paused = ? WHERE id = ?", [int(paused), desk_id])
        tx.event("desk_paused" if paused else "desk_resumed", desk_id=desk_id)


def desks_serving(tx: Transaction | Store, service_id: str, day: date) -> int:
    """How many open desks have chosen this service today."""
    row = tx.db.execute(
        "SELECT COUNT(*) FROM desk_services ds JOIN desks d ON d.id = ds.desk_id "
        "WHERE ds.service_id = ? AND ds.day = ? AND d.paused = 0",
        [service_id, day.isoformat()],
    ).fetchone()
    return int(row[0])
