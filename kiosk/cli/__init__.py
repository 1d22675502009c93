"""The ``kiosk`` command: a thin layer over the store operations.

Every command resolves the config, opens the office database through one
:class:`Runtime`, calls one operation and prints the result. Errors a person
can act on become one line on stderr and a non-zero exit code; nothing here
prints a traceback.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from kiosk.cli.runtime import Runtime
from kiosk.core.errors import KioskError

EXIT_ERROR = 1  # a KioskError: bad input, a refused transition, a broken database
EXIT_UNEXPECTED = 70  # a bug; the details go to the log, not the screen

log = logging.getLogger("kiosk")


class KioskGroup(click.Group):
    """A click group that turns errors into one readable line."""

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


def _register() -> None:
    from kiosk.cli import central, demo, deploy, printing, queue, sync, ui, web

    for module in (queue, demo, ui, web, sync, printing, deploy, central):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
