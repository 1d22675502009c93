"""The kiosk's report on itself to the city's server, sent with every ``kiosk sync``.

Version, the plan in use, the last sync, the printer's state and the
kiosk's own clock: what the city's fleet page needs to flag a silent kiosk,
an empty printer, a stale plan or a wrong clock. It is PUT to
``[sync] heartbeat_url`` (set by ``kiosk enrol``) with the kiosk's token,
not through the outbox: an old heartbeat is worth nothing, so a failed one
is simply not repeated; the next sync sends a new one. Nothing personal in it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import requests

from kiosk import __version__
from kiosk.config import Config
from kiosk.store import Store
from kiosk.store import outbox as box
from kiosk.store.database import to_text
from kiosk.store.schedule import load_office
from kiosk.sync.http import HttpPolicy
from kiosk.sync.status import read_status

log = logging.getLogger("kiosk.sync")
HEARTBEAT_FORMAT = "quartierskiosk-heartbeat"
PRINTER_STATUS = "printer"  # written by the printing worker


def heartbeat_body(store: Store, office_id: str) -> dict[str, Any]:
    status = read_status(store)
    printer = store.get_status(PRINTER_STATUS) or {}
    return {
        "format": HEARTBEAT_FORMAT,
        "format_version": 1,
        "office_id": office_id,
        "version": __version__,
        # The raw clock, not the store's "never behind" time: a wrong clock is what the city must see.
        "clock": to_text(store.clock.now()),
        "last_sync": to_text(status.last_success),
        "last_error": status.last_error,
        "feed_version": status.feed_version,
        "printer": {"state": printer.get("state", "unknown"), "detail": printer.get("detail", "")},
        "outbox_pending": box.state_counts(store)[box.MessageState.PENDING],
    }


def send_heartbeat(store: Store, session: requests.Session, config: Config, policy: HttpPolicy) -> bool:
    """PUT the report once; True if the server took it. Failures are logged, never raised."""
    office = load_office(store)
    body = json.dumps(heartbeat_body(store, config.office.id or (office.id if office else ""))).encode()
    headers = {"Authorization": f"Bearer {config.sync.token}", "Content-Type": "application/json"}
    try:
        response = session.put(
            config.sync.heartbeat_url,
            data=body,
            headers=headers,
            timeout=policy.timeout,
            allow_redirects=False,
        )
        response.close()
    except requests.exceptions.RequestException as error:
        log.debug("heartbeat not sent (%s)", type(error).__name__)
        return False
    return 200 <= response.status_code < 300
