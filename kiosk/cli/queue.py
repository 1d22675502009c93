"""Queue commands: issue, call, desk, queue, today, stats."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

import click
from tabulate import tabulate

from kiosk.cli.runtime import Runtime
from kiosk.cli.views import NOW, offer_rows
from kiosk.core.model import Ticket, TicketState
from kiosk.core.stats import day_counts
from kiosk.core.tickets import STATE_WORDS
from kiosk.core.timekeeping import office_day, to_local
from kiosk.i18n import wait_text
from kiosk.store import desks as desk_ops
from kiosk.store import queue as ops
from kiosk.store.schedule import current_view, load_services

pass_runtime = click.make_pass_decorator(Runtime)


def _hhmm(moment: datetime | None) -> str:
    return f"{to_local(moment):%H:%M}" if moment else ""


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


@click.command()
@click.argument("service")
@click.option("--lang", default="de", show_default=True, help="Language the visitor chose.")
@pass_runtime
def issue(rt: Runtime, service: str, lang: str) -> None:
    """Issue the next ticket of SERVICE (as the touchscreen does)."""
    issued = ops.issue_ticket(rt.store(), service, lang)
    estimate = issued.ticket.estimate
    assert estimate is not None
    room = f", Raum {issued.session.room}" if issued.session.room else ""
    click.echo(
        f"{issued.ticket.code}  {issued.service.name('de')}{room} · "
        f"vor Ihnen: {estimate.people_ahead} · Wartezeit: {wait_text(estimate)}"
    )


@click.group()
def call() -> None:
    """Call and handle tickets at a desk (as the staff console does)."""


def _desk_option(required: bool = True):
    return click.option("--desk", "desk", type=int, required=required, help="Desk number.")


def _ticket_option():
    return click.option("--ticket", "code", help="Ticket code (default: the desk's current one).")


def _show_ticket(ticket: Ticket, what: str) -> None:
    click.echo(f"{ticket.code} {what}")


@call.command("next")
@_desk_option()
@click.option("--service", help="Call from this service only.")
@pass_runtime
def call_next(rt: Runtime, desk: int, service: str | None) -> None:
    """Call the longest-waiting ticket of the desk's services."""
    called = ops.call_next(rt.store(), desk, service)
    room = f" (Raum {called.room})" if called.room else ""
    click.echo(f"{called.code} → {called.desk_name}{room}")


@call.command()
@_desk_option()
@_ticket_option()
@pass_runtime
def recall(rt: Runtime, desk: int, code: str | None) -> None:
    """Call the desk's current ticket (or --ticket) again."""
    called = ops.recall(rt.store(), desk, code)
    click.echo(f"{called.code} → {called.desk_name} (erneut)")


@call.command()
@_desk_option()
@_ticket_option()
@pass_runtime
def start(rt: Runtime, desk: int, code: str | None) -> None:
    """The visitor has arrived at the desk."""
    _show_ticket(ops.start(rt.store(), desk, code), "in Bearbeitung")


@call.command()
@_desk_option()
@_ticket_option()
@pass_runtime
def done(rt: Runtime, desk: int, code: str | None) -> None:
    """The visit is finished."""
    _show_ticket(ops.finish(rt.store(), desk, code), "erledigt")


@call.command("no-show")
@_desk_option()
@_ticket_option()
@pass_runtime
def no_show(rt: Runtime, desk: int, code: str | None) -> None:
    """The called visitor did not come."""
    _show_ticket(ops.no_show(rt.store(), desk, code), "nicht erschienen")


@call.command()
@_desk_option(required=False)
@_ticket_option()
@click.option("--to", "to_service", required=True, help="The service to send the visitor to.")
@pass_runtime
def transfer(rt: Runtime, desk: int | None, code: str | None, to_service: str) -> None:
    """Send a ticket to another service's queue; it keeps its place by arrival."""
    if desk is None and code is None:
        raise click.UsageError("--desk oder --ticket angeben.")
    ticket = ops.transfer(rt.store(), to_service, desk, code)
    _show_ticket(ticket, f"wartet jetzt bei {to_service}")


@call.command()
@click.option("--ticket", "code", required=True, help="Ticket code.")
@_desk_option(required=False)
@pass_runtime
def cancel(rt: Runtime, code: str, desk: int | None) -> None:
    """Cancel a ticket (the visitor left)."""
    _show_ticket(ops.cancel(rt.store(), code, desk), "storniert")


@click.group()
def desk() -> None:
    """Choose a desk's services for today, pause or resume it."""


@desk.command()
@click.argument("desk_id", type=int)
@click.argument("services", nargs=-1, required=True)
@pass_runtime
def serve(rt: Runtime, desk_id: int, services: tuple[str, ...]) -> None:
    """DESK_ID serves SERVICES today."""
    chosen = desk_ops.set_desk_services(rt.store(), desk_id, services)
    click.echo(f"Platz {desk_id}: {', '.join(chosen)}")


@desk.command()
@click.argument("desk_id", type=int)
@pass_runtime
def pause(rt: Runtime, desk_id: int) -> None:
    """Pause a desk: it calls nobody and counts for no estimate."""
    desk_ops.set_paused(rt.store(), desk_id, True)
    click.echo(f"Platz {desk_id}: Pause")


@desk.command()
@click.argument("desk_id", type=int)
@pass_runtime
def resume(rt: Runtime, desk_id: int) -> None:
    """End a desk's pause."""
    desk_ops.set_paused(rt.store(), desk_id, False)
    click.echo(f"Platz {desk_id}: wieder offen")


@click.command("queue")
@click.option("--all", "show_all", is_flag=True, help="Also finished tickets of today.")
@pass_runtime
def queue_cmd(rt: Runtime, show_all: bool) -> None:
    """What is waiting and at the desks now, as a table."""
    store = rt.store()
    day = office_day(store.now())
    tickets = ops.tickets_of_day(store, day) if show_all else ops.open_tickets(store, day)
    if not tickets:
        click.echo("Niemand wartet.")
        return
    rows = [
        [
            t.code,
            t.service_id,
            STATE_WORDS[t.state],
            _hhmm(t.issued_at),
            t.desk_id or "",
            wait_text(t.estimate) if t.estimate else "",
            t.language,
        ]
        for t in sorted(tickets, key=lambda t: (t.state != TicketState.WAITING, t.issued_at, t.id or 0))
    ]
    headers = ["Nummer", "Dienst", "Stand", "seit", "Platz", "Schätzung", "Sprache"]
    click.echo(tabulate(rows, headers=headers))


@click.command()
@pass_runtime
def today(rt: Runtime) -> None:
    """Today's services: on now, later today, next dates."""
    store = rt.store()
    view = current_view(store)
    snapshot = ops.queue_snapshot(store)
    rows = []
    for row in offer_rows(view):
        queue_info = snapshot.get(row.offer.service_id) if row.label == NOW else None
        rows.append(
            [
                *row.cells(),
                queue_info.waiting if queue_info else "",
                wait_text(queue_info.newcomer) if queue_info else "",
            ]
        )
    if not rows:
        click.echo("Kein Plan geladen. Erst „kiosk sync“ ausführen oder „kiosk demo“ ausprobieren.")
        return
    click.echo(tabulate(rows, headers=["", "", "Dienst", "Raum", "Zeit", "wartend", "Wartezeit"]))


@click.command()
@click.option("--day", "day_text", help="Office day as YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_runtime
def stats(rt: Runtime, day_text: str | None, as_json: bool) -> None:
    """Counts per service for a day: issued, served, no-shows, waits, estimate accuracy."""
    store = rt.store()
    try:
        day = date.fromisoformat(day_text) if day_text else office_day(store.now())
    except ValueError:
        raise click.BadParameter(
            f"„{day_text}“ ist kein Datum der Form JJJJ-MM-TT.", param_hint="--day"
        ) from None
    counts = day_counts(day, ops.tickets_of_day(store, day))
    if as_json:
        click.echo(json.dumps(asdict(counts), default=str, indent=2, ensure_ascii=False))
        return
    if not counts.services:
        click.echo(f"{day:%d.%m.%Y}: keine Nummern ausgegeben.")
        return
    names = {s.id: s.name("de") for s in load_services(store)}
    rows = [
        [
            names.get(c.service_id, c.service_id),
            c.issued,
            c.served,
            c.no_shows,
            c.cancelled,
            c.open,
            _minutes(c.wait_median),
            _minutes(c.wait_p90),
            "" if c.estimate_hit_rate is None else f"{c.estimate_hit_rate:.0%}",
        ]
        for c in counts.services
    ]
    headers = [
        "Dienst",
        "ausgegeben",
        "bedient",
        "nicht da",
        "storniert",
        "offen",
        "Warten Median",
        "Warten 90 %",
        "Schätzung traf",
    ]
    click.echo(f"{day:%d.%m.%Y}")
    click.echo(tabulate(rows, headers=headers))


COMMANDS = [issue, call, desk, queue_cmd, today, stats]
