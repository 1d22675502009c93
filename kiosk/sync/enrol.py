"""``kiosk enrol URL CODE``: ask the city's server for this kiosk's settings and write them into kiosk.toml.

The server answers a one-time code with the office id, the feed URL, the
city's public key, the per-kiosk token and the upload, heartbeat and (for
offices without guest Wi-Fi) relay addresses. They are written into the
kiosk's TOML file with tomlkit, which keeps the admin's comments, order
and formatting (a config file is documentation too; rewriting it with a
plain TOML dumper would throw away every comment). The new file is checked
with the kiosk's own config model before it replaces the old one, written
to a temporary file, flushed to disk and renamed over the old one, so a
power cut leaves the old file or the new one, never half of either. The
file holds a secret token: it is written readable by its owner only.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import tomlkit

from kiosk.config import Config, ConfigError, parse_config
from kiosk.core.errors import N_, KioskError
from kiosk.sync.http import user_agent

TIMEOUT = (10, 30)


class EnrolmentFailed(KioskError):
    template = N_("Anmeldung bei {url} fehlgeschlagen: {reason}")


@dataclass(frozen=True)
class Enrolment:
    office_id: str
    token: str
    public_key: str
    feed_url: str
    upload_url: str
    heartbeat_url: str
    relay_url: str
    phone_url: str


def request_enrolment(
    base_url: str, code: str, label: str = "", session: requests.Session | None = None
) -> Enrolment:
    """POST the code to ``base_url``/api/v1/enrol; the server's settings, or EnrolmentFailed."""
    url = base_url.rstrip("/") + "/api/v1/enrol"
    http = session or requests.Session()
    try:
        response = http.post(
            url, json={"code": code, "label": label}, timeout=TIMEOUT, headers={"User-Agent": user_agent()}
        )
    except requests.exceptions.RequestException as error:
        raise EnrolmentFailed(
            url=base_url, reason=f"Server nicht erreichbar ({type(error).__name__})"
        ) from None
    finally:
        if session is None:
            http.close()
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code != 200:
        message = (data.get("error") or {}).get("message") if isinstance(data, dict) else None
        raise EnrolmentFailed(url=base_url, reason=message or f"HTTP {response.status_code}")
    try:
        return Enrolment(**{k: str(data.get(k) or "") for k in Enrolment.__dataclass_fields__})
    except TypeError:
        raise EnrolmentFailed(url=base_url, reason="unerwartete Antwort") from None


def apply_enrolment(document: tomlkit.TOMLDocument, enrolment: Enrolment) -> None:
    """Set the enrolment's keys in ``document``, leaving everything else (and its comments) alone."""

    def table(parent: Any, name: str) -> Any:
        if name not in parent:
            parent[name] = tomlkit.table()
        return parent[name]

    table(document, "office")["id"] = enrolment.office_id
    sync = table(document, "sync")
    sync["feed_url"] = enrolment.feed_url
    sync["public_key"] = enrolment.public_key
    sync["token"] = enrolment.token
    sync["upload_url"] = enrolment.upload_url
    sync["heartbeat_url"] = enrolment.heartbeat_url
    if enrolment.relay_url:
        web = table(document, "web")
        web["phone_url"] = enrolment.phone_url
        relay = table(web, "relay")
        relay["url"] = enrolment.relay_url
        relay["token"] = enrolment.token


def write_config(path: Path, enrolment: Enrolment) -> Config:
    """Merge the enrolment into the TOML file at ``path`` (made if missing); returns the checked config."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, tomlkit.exceptions.TOMLKitError) as error:
        raise ConfigError(path=str(path), problem=str(error)) from None
    apply_enrolment(document, enrolment)
    new_text = tomlkit.dumps(document)
    config = parse_config(tomllib.loads(new_text), source=str(path))  # refuse before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(new_text)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(0o600)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return config
