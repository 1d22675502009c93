"""The office database (SQLite through sqlite-utils): the source of truth.

Open it with :class:`Store`; the queue operations live in
:mod:`kiosk.store.queue`, the plan in :mod:`kiosk.store.schedule`, desks in
:mod:`kiosk.store.desks`.
"""

from kiosk.store.database import Store
from kiosk.store.errors import StoreError

__all__ = ["Store", "StoreError"]
