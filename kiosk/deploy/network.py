"""Is the city's server reachable? Reported, never acted on by rebooting.

A Pi kiosk that reboots whenever a ping fails loses its queue display for
minutes over a router hiccup. Here a probe only says what it saw: the
doctor prints it, ``kiosk netcheck`` records it for the staff page.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from kiosk.config import Config

TIMEOUT_S = 8.0


@dataclass(frozen=True)
class Probe:
    url: str
    reachable: bool
    detail: str  # German, for staff
    server_time: datetime | None = None


def server_url(config: Config) -> str:
    """``[deploy] server_url``, else the feed URL the nightly sync downloads."""
    return config.deploy.server_url or config.sync.feed_url or config.sync.upload_url or ""


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, ConnectionRefusedError):
        return "Verbindung abgelehnt (Server aus oder falscher Port)"
    if isinstance(reason, socket.gaierror):
        return "Name nicht auflösbar (DNS oder kein Netzwerk)"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"keine Antwort in {TIMEOUT_S:.0f} s"
    return str(reason)


def probe(url: str, timeout: float = TIMEOUT_S) -> Probe:
    """One GET; any HTTP answer, even an error page, means the server is there."""
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": "quartierskiosk-doctor"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            code, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        code, headers = error.code, error.headers
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Probe(url, False, _reason(error))
    server_time = None
    if headers.get("Date"):
        try:
            server_time = parsedate_to_datetime(headers["Date"])
        except (TypeError, ValueError):
            server_time = None
    return Probe(url, True, f"antwortet (HTTP {code})", server_time)
