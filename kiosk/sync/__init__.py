"""The city's plan in (and, later, anonymous counts out).

- :mod:`kiosk.sync.feed`: the JSON feed format, its schema and its validation.

docs/sync.md is the contract with the city's side.
"""
