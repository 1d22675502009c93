"""``kiosk sync``: one run for the nightly timer (or the staff button); the exit code says what happened.

Exit codes (also in docs/sync.md, for the systemd unit):

- 0: the plan is current (a new one loaded, or the feed unchanged) and
  every due upload was acknowledged;
- 1: the kiosk itself could not run the sync (config, database);
- 3: the feed did not arrive (network, timeout, server error, cut off);
  the previous plan stays; trying again later may help;
- 4: the feed arrived and was refused (invalid, unsigned or wrongly
  signed, older than the one in use, too large, not a feed); the previous
  plan stays; the city must fix the feed or the kiosk its config;
- 5: the plan is current, but some counts are still waiting to be sent;
- 6: nothing is configured ([sync] feed_url and upload_url are empty);
- 7: another sync is running; this one did nothing.
"""

from __future__ import annotations

import click

from kiosk.cli.feed import feed
from kiosk.cli.runtime import Runtime
from kiosk.sync.errors import SyncBusy
from kiosk.sync.run import run_sync, sync_lock
from kiosk.sync.status import status_lines

pass_runtime = click.make_pass_decorator(Runtime)


@click.command("sync")
@click.option("--status", "show_status", is_flag=True, help="Only show the last sync and the plan's age.")
@click.option(
    "--accept-older",
    is_flag=True,
    help="Load the feed even if it is older than the one in use (after a mistaken feed).",
)
@pass_runtime
@click.pass_context
def sync_cmd(ctx: click.Context, rt: Runtime, show_status: bool, accept_older: bool) -> None:
    """Fetch the city's plan and send the day counts; exit code says what happened."""
    store = rt.store()
    if show_status:
        for line in status_lines(store, store.now()):
            click.echo(line)
        return
    try:
        with sync_lock(rt.config.storage.data_dir):
            report = run_sync(store, rt.config, accept_older=accept_older)
    except SyncBusy as busy:
        click.echo(f"kiosk: {busy}", err=True)
        ctx.exit(busy.exit_code)
    for line in report.lines:
        click.echo(line)
    ctx.exit(report.exit_code)


COMMANDS = [sync_cmd, feed]  # `kiosk feed ...` lives in kiosk/cli/feed.py
