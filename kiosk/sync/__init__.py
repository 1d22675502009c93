"""The city's plan in, anonymous counts out.

- :mod:`kiosk.sync.feed` and :mod:`kiosk.sync.calendar`: the two feed formats
  (JSON with its schema, iCalendar); :mod:`kiosk.sync.load` turns either into
  the office's :class:`~kiosk.core.model.Schedule`.
- :mod:`kiosk.sync.signing`: detached Ed25519 signatures over the feed bytes.
- :mod:`kiosk.sync.http`: downloads with timeouts, retries, a size cap, ETag.
- :mod:`kiosk.sync.run`: one ``kiosk sync``: fetch, check, replace, record;
  :mod:`kiosk.sync.status` is the record.
- :mod:`kiosk.sync.check`: ``kiosk feed check`` for the city's side.
- :mod:`kiosk.sync.outbox`: day counts to the city, each acknowledged once
  (the table and its states are :mod:`kiosk.store.outbox`).

docs/sync.md is the contract with the city's side.
"""
