"""The ``kiosk`` command: a thin layer over the store operations.

Every command resolves the config, opens the office database through one
:class:`Runtime`, calls one operation and prints the result. Errors a person
can act on become one line on stderr and a non-zero exit code; nothing here
prints a traceback.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from kiosk.cli.runtime import Runtime
from kiosk.core.errors import KioskError

EXIT_ERROR = 1  # a KioskError: bad input, a refused transition, a broken database
EXIT_UNEXPECTED = 70  # a bug; the details go to the log, not the screen

log = logging.getLogger("kiosk")


# Which module under kiosk.cli holds each command. A command's module is
# imported only when that command runs: the touchscreen's start (``kiosk
# run``) must not pay for the web stack, the feed tools and doctor's checks
# (0.4 s before its first frame). tests/cli/test_cli.py checks this table
# against the modules' COMMANDS lists.
COMMAND_MODULES = {
    "issue": "queue",
    "call": "queue",
    "desk": "queue",
    "queue": "queue",
    "today": "queue",
    "stats": "queue",
    "demo": "demo",
    "run": "ui",
    "pin-hash": "ui",
    "serve": "web",
    "staff": "web",
    "sync": "sync",
    "feed": "sync",
    "print-test": "printing",
    "doctor": "deploy",
    "backup": "deploy",
    "restore": "deploy",
    "wait-for-time": "deploy",
    "netcheck": "deploy",
    "display": "deploy",
    "central": "central",
    "enrol": "central",
}


class KioskGroup(click.Group):
    """A click group that loads commands on use and turns errors into one readable line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            load_commands(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KioskError as error:
            click.echo(f"kiosk: {error}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as error:
            log.exception("unexpected error")
            click.echo(
                f"kiosk: unerwarteter Fehler ({type(error).__name__}: {error}). "
                "Bitte melden; nichts wurde halb gespeichert.",
                err=True,
            )
            ctx.exit(EXIT_UNEXPECTED)


@click.group(cls=KioskGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="KIOSK_CONFIG",
    help="TOML config file (default: $KIOSK_CONFIG, else built-in defaults).",
)
@click.version_option(package_name="quartierskiosk")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Quartierskiosk: tickets, queue and today's services of a neighbourhood office."""
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    # A caller embedding the CLI (the tests) may pass a clock as ``obj``.
    ctx.obj = Runtime(config_path, clock=ctx.obj)
    ctx.call_on_close(ctx.obj.close)


def load_commands(module_name: str) -> list[click.Command]:
    """Import ``kiosk.cli.<module_name>`` and register the commands it lists."""
    module = importlib.import_module(f"kiosk.cli.{module_name}")
    for command in module.COMMANDS:
        if command.name not in main.commands:
            main.add_command(command)
    return list(module.COMMANDS)
