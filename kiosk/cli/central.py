"""``kiosk central ...`` (the city's server) and ``kiosk enrol`` (a kiosk joining it).

``kiosk central`` reads its own config (``--config central.toml`` or
``$KIOSK_CENTRAL_CONFIG``), never the kiosk's. ``kiosk enrol`` runs on the
Pi and writes the kiosk's config (the top-level ``--config``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.central import accounts
from kiosk.central.config import CentralConfig, load_central_config
from kiosk.central.db import CentralDB
from kiosk.central.errors import CentralError
from kiosk.cli.runtime import Runtime
from kiosk.clock import SystemClock
from kiosk.config import ConfigError, config_path
from kiosk.passwords import MIN_SECRET, SecretTooShort
from kiosk.sync import signing

pass_runtime = click.make_pass_decorator(Runtime)


def _config(ctx: click.Context) -> CentralConfig:
    return ctx.find_object(CentralConfig) or load_central_config(None)


def _db(config: CentralConfig) -> CentralDB:
    config.storage.data_dir.mkdir(parents=True, exist_ok=True)
    return CentralDB(config.storage.database, SystemClock())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Passwort", hide_input=True, confirmation_prompt="Noch einmal")


@click.group("central")
@click.option(
    "--config",
    "central_config",
    type=click.Path(dir_okay=False),
    envvar="KIOSK_CENTRAL_CONFIG",
    help="The city server's TOML config (default: $KIOSK_CENTRAL_CONFIG, else built-in defaults).",
)
@click.pass_context
def central(ctx: click.Context, central_config: str | None) -> None:
    """The city's central server: plan, signed feeds, counts, fleet, phone relay."""
    ctx.obj = load_central_config(central_config)


@central.command("init")
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database and the city's signing key (kept if it exists); print the public key."""
    from kiosk.central.publish import load_or_create_key

    config = _config(ctx)
    _db(config).close()
    key = load_or_create_key(config.key_file)
    click.echo(f"Datenbank: {config.storage.database}")
    click.echo(f"Signaturschlüssel: {config.key_file}")
    click.echo(f'public_key = "{signing.public_key_text(key)}"')


@central.command("serve")
@click.pass_context
def serve(ctx: click.Context) -> None:
    """Run the server in the foreground until SIGINT/SIGTERM (for systemd)."""
    from kiosk.central.server import run_server

    config = _config(ctx)
    _db(config).close()
    run_server(config)


@central.group("user")
def user() -> None:
    """Planner and viewer accounts."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["planner", "viewer"]), default="planner", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add an account (asks for the password twice; stored as an argon2id hash)."""
    db = _db(_config(ctx))
    try:
        accounts.add_user(db, name, _password(password_stdin), accounts.Role(role))
    except SecretTooShort:
        raise click.ClickException(f"Das Passwort braucht mindestens {MIN_SECRET} Zeichen.") from None
    finally:
        db.close()
    click.echo(f"Konto {name} ({role}) angelegt.")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_context
def user_passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password; the account's open sessions end."""
    db = _db(_config(ctx))
    try:
        accounts.set_password(db, name, _password(password_stdin))
    except SecretTooShort:
        raise click.ClickException(f"Das Passwort braucht mindestens {MIN_SECRET} Zeichen.") from None
    finally:
        db.close()
    click.echo(f"Neues Passwort für {name} gesetzt.")


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    db = _db(_config(ctx))
    try:
        for row in accounts.users(db):
            click.echo(f"{row['name']}\t{row['role']}\t{row['created_at'][:10]}")
    finally:
        db.close()


@user.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    db = _db(_config(ctx))
    try:
        accounts.remove_user(db, name)
    finally:
        db.close()
    click.echo(f"Konto {name} entfernt.")


@central.command("code")
@click.argument("office")
@click.option("--label", default="", help="A name for the kiosk, shown on the fleet page.")
@click.pass_context
def code(ctx: click.Context, office: str, label: str) -> None:
    """Make a one-time enrolment code for an office (as the planner page does)."""
    from kiosk.central import kiosks, plan

    config = _config(ctx)
    db = _db(config)
    try:
        plan.office(db, office)
        made, expires = kiosks.new_code(db, "cli", office, label)
    finally:
        db.close()
    click.echo(f"kiosk enrol {config.public_url} {made}")
    click.echo(f"(gültig bis {expires:%d.%m.%Y %H:%M} UTC, einmal)")


@click.command("enrol")
@click.argument("url")
@click.argument("enrolment_code", metavar="CODE")
@click.option("--label", default="", help="A name for this kiosk on the city's fleet page.")
@pass_runtime
def enrol(rt: Runtime, url: str, enrolment_code: str, label: str) -> None:
    """Join the city's server: store feed URL, public key and this kiosk's token in kiosk.toml."""
    path = config_path(rt.config_path)
    if path is None:
        raise click.ClickException(
            "Bitte die Konfigurationsdatei angeben: kiosk --config /etc/kiosk/kiosk.toml enrol …"
        )
    from kiosk.sync.enrol import request_enrolment, write_config  # requests: only this command

    enrolment = request_enrolment(url, enrolment_code, label)
    config = write_config(Path(path), enrolment)
    click.echo(f"Angemeldet für Büro {enrolment.office_id}; Einstellungen in {path} gespeichert.")
    if config.web.relay.url:
        click.echo("Die Handy-Seite läuft über den Server der Stadt.")
    if config.sync.confirm_url:
        click.echo("Termine: Buchungen gehen an die Stadt, freie Termine bestätigt sie online.")
    click.echo("Jetzt `kiosk sync` ausführen, um den Plan zu holen.")


COMMANDS = [central, enrol]
__all__ = ["COMMANDS", "CentralError", "ConfigError"]
