"""``kiosk print-test``: a sample slip on the configured printer, or as a PNG."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.runtime import Runtime

pass_runtime = click.make_pass_decorator(Runtime)


@click.command("print-test")
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw the sample slip into this PNG file instead of printing it.",
)
@click.option(
    "--lang", default="de", show_default=True, help="Language of the sample slip (de, ar, uk, ...)."
)
@pass_runtime
def print_test(rt: Runtime, png: Path | None, lang: str) -> None:
    """Print a sample slip; on failure, say what is wrong and how to fix it."""
    from kiosk.printing.testprint import print_test as run

    store = rt.store()
    click.echo(run(rt.config.printer, store, lang, store.now(), png))


COMMANDS = [print_test]
