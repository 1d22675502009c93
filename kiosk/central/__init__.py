"""The city's central server: plan editor, signed feeds, enrolment, counts, fleet, phone relay.

One small city machine serves every office of a city (``kiosk central
serve``). It holds plans, anonymous day counts, kiosk heartbeats and the
anonymous queue state of relaying offices, keyed by hashed ticket tokens:
nothing about a person. Its database is its own (``central.db``, own
migration set); kiosks talk to it only outward, over the contracts in
docs/sync.md and docs/relay.md.
"""
