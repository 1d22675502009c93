"""``kiosk run``: the touchscreen; ``kiosk pin-hash``: the staff PIN for its maintenance screen."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.runtime import Runtime

pass_runtime = click.make_pass_decorator(Runtime)

windowed_option = click.option(
    "--windowed", is_flag=True, help="A window instead of fullscreen (for development)."
)
# The benchmark in tests/perf reads when the first frame was on screen.
first_frame_option = click.option(
    "--first-frame-file", type=click.Path(dir_okay=False, path_type=Path), hidden=True
)


def start_ui(rt: Runtime, windowed: bool, first_frame_file: Path | None = None) -> None:
    """Open the database (creating it if needed), then hand over to the Kivy app."""
    from kiosk import ui

    rt.store()  # schema and desks in place before the UI's own threads open it
    rt.close()
    ui.run(
        rt.config,
        rt.clock,
        windowed=windowed,
        first_frame_file=first_frame_file,
    )


@click.command("run")
@windowed_option
@first_frame_option
@pass_runtime
def run(rt: Runtime, windowed: bool, first_frame_file: Path | None) -> None:
    """Start the touchscreen (fullscreen; what systemd starts on the Pi)."""
    start_ui(rt, windowed, first_frame_file)


@click.command("pin-hash")
@click.option("--pin", prompt="Staff PIN (digits)", hide_input=True, confirmation_prompt=True)
def pin_hash(pin: str) -> None:
    """Print the staff_pin_hash line for [screen] in the config."""
    from kiosk.passwords import hash_secret

    if not pin.isdigit():
        raise click.BadParameter("only digits, so it can be typed on the touchscreen", param_hint="--pin")
    try:
        line = hash_secret(pin)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--pin") from None
    click.echo(f'staff_pin_hash = "{line}"')


COMMANDS = [run, pin_hash]
