"""The central server, as the nightly sync will meet it."""

from __future__ import annotations

from datetime import timedelta

from kiosk.deploy.context import Context
from kiosk.deploy.findings import Finding
from kiosk.deploy.network import probe, server_url
from kiosk.deploy.timefmt import local

CLOCK_DRIFT_LIMIT = timedelta(minutes=5)


def check_server(ctx: Context) -> Finding:
    name = "Zentraler Server"
    url = server_url(ctx.config)
    if not url:
        return Finding.warn(
            name,
            "Keine Server-Adresse eingetragen",
            "In /etc/kiosk/kiosk.toml die Adresse von der Stadt eintragen ([sync] bzw. [deploy] server_url)",
        )
    seen = probe(url)
    if not seen.reachable:
        return Finding.fail(
            name,
            f"{url}: {seen.detail}",
            "Netzwerkkabel/WLAN prüfen: ip addr; Router neu starten; Adresse in /etc/kiosk/kiosk.toml prüfen",
        )
    if seen.server_time is not None:
        drift = ctx.clock.now() - seen.server_time
        if abs(drift) > CLOCK_DRIFT_LIMIT:
            return Finding.warn(
                name,
                f"{url} {seen.detail}, aber die Uhr weicht ab (Server: {local(seen.server_time)}, "
                f"Kiosk: {local(ctx.clock.now())})",
                "sudo systemctl restart systemd-timesyncd; timedatectl timesync-status",
            )
    return Finding.ok(name, f"{url} {seen.detail}")
