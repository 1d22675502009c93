"""The central server's web layer: thin routes over :mod:`kiosk.central`'s modules."""
