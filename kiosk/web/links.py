"""The address a ticket's QR code points to (the printing part prints it)."""

from __future__ import annotations

from kiosk.config import Config


def phone_url(config: Config, token: str) -> str | None:
    """``<[web] phone_url>/t/<token>``; None when no phone page is offered.

    ``phone_url`` is the kiosk's own LAN address where the office has guest
    Wi-Fi, or the city's server where it relays (docs/relay.md).
    """
    base = config.web.phone_url
    return f"{base}/t/{token}" if base else None
