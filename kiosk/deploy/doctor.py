"""``kiosk doctor``: every health check, a table, and an exit code.

Each check is a small function from :class:`Context` to :class:`Finding`;
one that crashes becomes a failed row of its own rather than hiding the
others, because the doctor is what runs when things are already wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from tabulate import tabulate

from kiosk.deploy import checks_data, checks_devices, checks_network, checks_system
from kiosk.deploy.context import Context
from kiosk.deploy.findings import Finding, Level

log = logging.getLogger(__name__)

Check = Callable[[Context], Finding]

CHECKS: tuple[Check, ...] = (
    checks_data.check_config,
    checks_data.check_database,
    checks_system.check_disk,
    checks_system.check_persistence,
    checks_system.check_clock,
    checks_system.check_time_sync,
    checks_data.check_schedule,
    checks_data.check_last_sync,
    checks_network.check_server,
    checks_devices.check_printer_state,
    checks_devices.check_printer_live,
    checks_devices.check_display,
    checks_devices.check_touch,
    checks_system.check_power,
    checks_system.check_service,
)


def run_checks(ctx: Context, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    findings = []
    for check in checks:
        try:
            findings.append(check(ctx))
        except Exception as error:
            log.exception("check %s crashed", check.__name__)
            findings.append(
                Finding.fail(
                    check.__name__, f"Prüfung abgebrochen: {type(error).__name__}: {error}", "Bitte melden"
                )
            )
    return findings


def worst(findings: Sequence[Finding]) -> Level:
    return max((f.level for f in findings), default=Level.OK)


def render(findings: Sequence[Finding]) -> str:
    rows = [(f.level.word, f.name, f.finding, f.fix) for f in findings]
    table = tabulate(
        rows,
        headers=("", "Prüfung", "Befund", "Abhilfe"),
        tablefmt="simple",
        maxcolwidths=[None, None, 60, 60],
    )
    fails = sum(f.level is Level.FAIL for f in findings)
    warns = sum(f.level is Level.WARN for f in findings)
    summary = (
        f"{fails} Fehler, {warns} Warnung(en): bitte die Abhilfe in der letzten Spalte ausführen."
        if fails or warns
        else "Alles in Ordnung."
    )
    return f"{table}\n\n{summary}"
