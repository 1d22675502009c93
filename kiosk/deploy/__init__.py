"""Running on a Raspberry Pi for years: health checks, backups, the display.

The shell and systemd side lives in deploy/ at the top of the repository;
this package is what its units and ``kiosk doctor`` call.
"""
