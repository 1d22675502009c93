"""``kiosk feed``: tools for the city's side: keys, signatures, checking a feed before publishing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

import click
from tabulate import tabulate

from kiosk.cli.runtime import Runtime
from kiosk.cli.views import WEEKDAYS, offer_rows
from kiosk.core.model import Service, Session
from kiosk.core.schedule import coming_days, today_view
from kiosk.core.timekeeping import local_datetime, to_local
from kiosk.sync import signing
from kiosk.sync.check import FeedReport, check_feed
from kiosk.sync.load import FeedSettings
from kiosk.sync.run import feed_settings

pass_runtime = click.make_pass_decorator(Runtime)
EXIT_PROBLEMS = 1


@click.group()
def feed() -> None:
    """Keys, signatures and checks for the city's schedule feed."""


@feed.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("feed-signing-key.pem"),
    show_default=True,
    help="Where to write the private key (never overwritten).",
)
def keygen(out: Path) -> None:
    """Make an Ed25519 key pair for signing feeds; print the line for kiosk.toml."""
    key = signing.generate_key()
    signing.write_private_key(key, out)
    public = signing.public_key_text(key)
    out.with_name(out.name + ".pub").write_text(public + "\n", encoding="ascii")
    click.echo(f"Privater Schlüssel: {out} (geheim halten; nur der Rechner, der Pläne signiert, braucht ihn)")
    click.echo(f"Öffentlicher Schlüssel: {out}.pub; für die kiosk.toml jedes Kiosks:\n")
    click.echo(f'[sync]\npublic_key = "{public}"')


@feed.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Private key (PEM).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Signature file (default: FILE.sig).",
)
def sign(file: Path, key_path: Path, out: Path | None) -> None:
    """Write the detached signature of FILE, to publish beside it."""
    key = signing.load_private_key(key_path)
    data = file.read_bytes()
    signature = signing.sign(key, data)
    signing.verify(signing.public_key_text(key), data, signature.encode("ascii"))  # never publish a bad one
    target = out or file.with_name(file.name + ".sig")
    target.write_text(signature, encoding="ascii")
    click.echo(f"Signatur geschrieben: {target} (öffentlicher Schlüssel {signing.public_key_text(key)})")


@feed.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "day_text", help="The day to show, YYYY-MM-DD (default: today).")
@click.option(
    "--time", "time_text", default="08:00", show_default=True, help="The time of day to show, HH:MM."
)
@click.option("--office", "office_id", help="Office id (default: [office] id of the config).")
@click.option(
    "--signature",
    "signature_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Signature file to check (default: FILE.sig if it exists).",
)
@click.option("--public-key", "public_key", help="Public key, base64 (default: [sync] public_key).")
@pass_runtime
@click.pass_context
def check(
    ctx: click.Context,
    rt: Runtime,
    file: Path,
    day_text: str | None,
    time_text: str,
    office_id: str | None,
    signature_path: Path | None,
    public_key: str | None,
) -> None:
    """Validate a feed file and print what the kiosk would show on a given day."""
    try:
        day = date.fromisoformat(day_text) if day_text else to_local(rt.clock.now()).date()
    except ValueError:
        raise click.BadParameter(
            f"„{day_text}“ ist kein Datum der Form JJJJ-MM-TT.", param_hint="--date"
        ) from None
    try:
        at = time.fromisoformat(time_text)
    except ValueError:
        raise click.BadParameter(
            f"„{time_text}“ ist keine Uhrzeit der Form HH:MM.", param_hint="--time"
        ) from None
    settings = feed_settings(rt.config)
    if office_id is not None:
        settings = FeedSettings(
            office_id, settings.format, settings.office_file, settings.categories, settings.horizon_days
        )
    if signature_path is None and file.with_name(file.name + ".sig").exists():
        signature_path = file.with_name(file.name + ".sig")
    signature = signature_path.read_bytes() if signature_path else None
    key = public_key if public_key is not None else rt.config.sync.public_key
    report = check_feed(file.read_bytes(), settings, day, signature, key, str(file))
    _print_report(report, file, local_datetime(day, at))
    if not report.ok:
        ctx.exit(EXIT_PROBLEMS)


def _when(moment: datetime | None) -> str:
    return f"{to_local(moment):%d.%m.%Y %H:%M}" if moment else "nicht angegeben"


def _print_report(report: FeedReport, file: Path, now: datetime) -> None:
    loaded = report.loaded
    if loaded is not None:
        plan = loaded.schedule
        kind = "JSON" if loaded.format == "json" else "iCalendar"
        click.echo(f"Datei: {file} ({kind}, Version {loaded.version}, Stand {_when(loaded.generated_at)})")
        click.echo(f"Signatur: {report.signature}")
        if len(report.offices) > 1:
            click.echo(f"Büros in der Datei: {', '.join(report.offices)}")
        days = sorted({s.day for s in plan.sessions})
        span = f" vom {days[0]:%d.%m.%Y} bis {days[-1]:%d.%m.%Y}" if days else ""
        click.echo(
            f"Büro: {plan.office.name} ({plan.office.id}) · {len(plan.services)} Dienste · "
            f"{len(plan.sessions)} Termine{span}\n"
        )
        _print_view(plan.services, plan.sessions, now)
        if loaded.skipped:
            click.echo()
        for line in loaded.skipped:
            click.echo(f"Übersprungen: {line}")
    else:
        click.echo(f"Datei: {file}\nSignatur: {report.signature}")
    if report.problems:
        click.echo("\nProbleme:")
        for problem in report.problems:
            click.echo(f"- {problem}")
    else:
        click.echo("\nKeine Probleme gefunden.")


def _print_view(services: Sequence[Service], sessions: Sequence[Session], now: datetime) -> None:
    local = to_local(now)
    click.echo(f"Am {WEEKDAYS[local.weekday()]} {local:%d.%m.%Y} um {local:%H:%M} zeigt der Kiosk:")
    rows = []
    for row in offer_rows(today_view(services, sessions, now)):
        s = row.offer.session
        rows.append([*row.cells(), ", ".join(s.languages) if s else ""])
    click.echo(tabulate(rows, headers=["", "", "Dienst", "Raum", "Zeit", "Sprachen"]))
    click.echo("\nDie nächsten 7 Tage:")
    names = {s.id: s.name("de") for s in services}
    for plan in coming_days(sessions, now):
        entries = "; ".join(
            f"{names.get(s.service_id, s.service_id)} {s.start:%H:%M}–{s.end:%H:%M}"
            + (f" Raum {s.room}" if s.room else "")
            for s in plan.sessions
        )
        click.echo(f"{WEEKDAYS[plan.day.weekday()]} {plan.day:%d.%m.}  {entries or '–'}")
