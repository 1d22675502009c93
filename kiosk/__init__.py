"""Quartierskiosk: the walk-in terminal of a neighbourhood advice office."""

__version__ = "0.1.0"
