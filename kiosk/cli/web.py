"""``kiosk serve`` and ``kiosk staff``: the LAN web server and its sign-ins."""

from __future__ import annotations

import ipaddress
import logging
import sys

import click
from tabulate import tabulate

from kiosk.cli.runtime import Runtime
from kiosk.store import staff as accounts

pass_runtime = click.make_pass_decorator(Runtime)


def _address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise click.BadParameter(f"„{value}“ ist keine IP-Adresse (z. B. 192.168.10.5).") from None
    return value


@click.command()
@click.option(
    "--bind", callback=_address, help="IP address to listen on (default: [web] bind from the config)."
)
@click.option("--port", type=click.IntRange(0, 65535), help="Port (default: [web] port).")
@pass_runtime
def serve(rt: Runtime, bind: str | None, port: int | None) -> None:
    """Serve the staff console, the waiting-room display and the phone page."""
    from kiosk.web.server import run_server

    logging.getLogger("kiosk").setLevel(logging.INFO)  # calls and desks, for the journal
    rt.store()  # create the database and register the configured desks first
    rt.close()
    web = rt.config.web
    click.echo(f"Staff: http://{bind or web.bind}:{port if port is not None else web.port}/staff", err=True)
    run_server(rt.config, rt.clock, bind, port)


def _read_secret(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("PIN oder Passwort", hide_input=True, confirmation_prompt="Noch einmal")


def _hash(secret: str) -> str:
    from kiosk.web.auth import MIN_SECRET, SecretTooShort, hash_secret

    try:
        return hash_secret(secret)
    except SecretTooShort:
        raise click.BadParameter(f"mindestens {MIN_SECRET} Zeichen.", param_hint="PIN") from None


@click.group()
def staff() -> None:
    """Sign-ins for the staff console (only argon2 hashes are stored)."""


@staff.command("add")
@click.argument("name")
@click.option("--desk", type=int, help="A desk account: always signs in at this desk.")
@click.option("--secret-stdin", is_flag=True, help="Read the PIN from the first line of stdin (scripts).")
@pass_runtime
def staff_add(rt: Runtime, name: str, desk: int | None, secret_stdin: bool) -> None:
    """Create the sign-in NAME (a person, or a desk with --desk) with a PIN or password."""
    store = rt.store()
    accounts.check_account_name(name)
    if accounts.get_account(store, name) is not None:
        raise accounts.AccountExists(name=name)
    accounts.add_account(store, name, _hash(_read_secret(secret_stdin)), desk)
    click.echo(f"Anmeldung „{name}“ angelegt" + (f" für Platz {desk}." if desk else "."))


@staff.command("passwd")
@click.argument("name")
@click.option("--secret-stdin", is_flag=True, help="Read the PIN from the first line of stdin (scripts).")
@pass_runtime
def staff_passwd(rt: Runtime, name: str, secret_stdin: bool) -> None:
    """Give NAME a new PIN or password; its open sessions end."""
    store = rt.store()
    if accounts.get_account(store, name) is None:
        raise accounts.UnknownAccount(name=name)
    accounts.set_secret(store, name, _hash(_read_secret(secret_stdin)))
    click.echo(f"Neue PIN für „{name}“ gespeichert; offene Anmeldungen sind beendet.")


@staff.command("remove")
@click.argument("name")
@pass_runtime
def staff_remove(rt: Runtime, name: str) -> None:
    """Delete the sign-in NAME and end its sessions."""
    accounts.remove_account(rt.store(), name)
    click.echo(f"Anmeldung „{name}“ gelöscht.")


@staff.command("list")
@pass_runtime
def staff_list(rt: Runtime) -> None:
    """The sign-ins (names and desks; never the hashes)."""
    rows = [[a.name, a.desk_id or "frei wählbar"] for a in accounts.list_accounts(rt.store())]
    if not rows:
        click.echo("Keine Anmeldungen. Anlegen mit: kiosk staff add NAME [--desk N]")
        return
    click.echo(tabulate(rows, headers=["Name", "Platz"]))


COMMANDS = [serve, staff]
