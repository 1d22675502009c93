"""``kiosk demo``: the built-in demo office, no printer, no server."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from kiosk.cli.runtime import Runtime
from kiosk.cli.ui import first_frame_option, start_ui, windowed_option
from kiosk.core.booking_code import display
from kiosk.demo import DESKS, OFFICE, prepare_demo

# The demo's staff PIN is 1234 (maintenance screen: hold the office name on
# the welcome screen for three seconds). A real kiosk gets its own from `kiosk pin-hash`.
DEMO_PIN = "1234"
# Its argon2id hash, made once (tests/cli/test_cli.py checks it verifies): the
# PIN is published above, so a fixed salt hides nothing, and hashing at every
# `kiosk demo` cost 140 ms before the first frame.
DEMO_PIN_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$8vMAQGBW4YE/dTfKI3b9ww$ZgfBcIEZDRcDCn0fXghAlDPM3i4iM9/QZ90trsW/QI8"
)


def write_demo_config(folder: Path) -> Path:
    """A config for the demo office in ``folder``, read back by the normal loader."""
    desks = "".join(f'\n[[desks]]\nid = {d.id}\nname = "{d.name}"\nroom = "{d.room}"\n' for d in DESKS)
    path = folder / "kiosk.toml"
    path.write_text(
        f"# The demo office. Try: kiosk --config {path} queue\n\n"
        f'[office]\nid = "{OFFICE.id}"\n\n[storage]\ndata_dir = "{folder}"\n{desks}\n'
        f"[screen]\n# demo PIN {DEMO_PIN}\n"
        f'staff_pin_hash = "{DEMO_PIN_HASH}"\n',
        encoding="utf-8",
    )
    return path


def prepare(folder: Path | None, rt: Runtime) -> tuple[Runtime, list[str]]:
    """Create the demo data dir, config and database; a runtime on it, and the demo booking codes."""
    folder = (folder or Path(tempfile.mkdtemp(prefix="kiosk-demo-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    runtime = Runtime(str(write_demo_config(folder)), rt.clock)
    database = runtime.config.storage.database
    if database.exists():
        database.unlink()  # a demo always starts from the same morning
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
    return runtime, prepare_demo(str(database), runtime.clock.now())


@click.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to put the demo database (default: a new temporary folder).",
)
@click.option("--no-ui", is_flag=True, help="Only print today's services, do not start the touchscreen.")
@windowed_option
@first_frame_option
@click.pass_context
def demo(
    ctx: click.Context, data_dir: Path | None, no_ui: bool, windowed: bool, first_frame_file: Path | None
) -> None:
    """Prepare the demo office (eight services, a morning of queue) and start the touchscreen on it."""
    runtime, bookings = prepare(data_dir, ctx.obj)
    ctx.call_on_close(runtime.close)
    click.echo(f"Demo-Büro vorbereitet: {runtime.config_path}")
    if bookings:  # appointments (issue 9): type this code at "Code eingeben", or scan its slip
        click.echo(f"Termin zum Einchecken: {display(bookings[0])}")
    if no_ui:
        from kiosk.cli.queue import today

        ctx.obj = runtime
        ctx.invoke(today)
        return
    start_ui(runtime, windowed, first_frame_file)


COMMANDS = [demo]
