"""The one config loader: a TOML file, validated at start.

The path comes from ``--config``, else ``$KIOSK_CONFIG``, else there is no file
and the built-in defaults apply. Unknown keys are errors (a typo in
``pritner`` must not silently fall back to a default), and every error names
the key, so the person editing /etc/kiosk/kiosk.toml knows what to fix.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.core.errors import N_, KioskError
from kiosk.core.model import Desk

ENV_VAR = "KIOSK_CONFIG"


class ConfigError(KioskError):
    template = N_("Konfiguration {path}: {problem}")


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "kiosk"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfficeConfig(Section):
    id: str = Field(default="", description="the office id the city's feed uses")


class StorageConfig(Section):
    data_dir: Path = Field(default_factory=default_data_dir)

    @property
    def database(self) -> Path:
        return self.data_dir / "kiosk.db"


class DeskConfig(Section):
    id: int = Field(ge=1, le=999)
    name: str = ""
    room: str = ""

    def desk(self) -> Desk:
        return Desk(id=self.id, name=self.name or f"Platz {self.id}", room=self.room or str(self.id))


# Each part of the app owns one section below; the sections are filled in by
# the part that reads them (printing, sync, web, screen, deployment).


class PrinterConfig(Section):
    """[printer]: which printer, how to reach it, the slip's layout options."""


class SyncConfig(Section):
    """[sync]: where the city's feed comes from and where counts go."""


class RelayConfig(Section):
    """[web.relay]: publish the anonymous queue state to the city's server (docs/relay.md).

    For offices without guest Wi-Fi: the city's server then serves the phone
    ticket page. Empty ``url`` means nothing is published.
    """

    url: str = Field(default="", description="the city's relay endpoint for this office, https://...")
    token: str = Field(default="", description="this kiosk's bearer token for the relay")
    min_interval_seconds: float = Field(default=2.0, ge=0.2, le=60)
    heartbeat_seconds: float = Field(default=60.0, ge=5, le=600)
    timeout_seconds: float = Field(default=5.0, gt=0, le=60)


class WebConfig(Section):
    """[web]: the staff console and waiting-room display on the office LAN."""

    enabled: bool = Field(default=True, description="whether `kiosk run` starts the web server")
    bind: str = Field(default="127.0.0.1", description="the LAN address to listen on, e.g. 192.168.10.5")
    port: int = Field(default=8080, ge=0, le=65535, description="0 picks a free port (tests)")
    phone_url: str = Field(
        default="", description="base URL the ticket's QR code points to; /t/<token> is appended"
    )
    session_hours: float = Field(default=10.0, gt=0, le=24, description="a sign-in ends after this")
    idle_minutes: int = Field(default=120, ge=1, le=1440, description="... or after this long unused")
    signin_attempts: int = Field(default=5, ge=1, le=100, description="failed sign-ins before a pause")
    signin_pause_seconds: int = Field(default=30, ge=1, le=3600, description="first pause; doubles")
    display_recent: int = Field(default=5, ge=1, le=20, description="calls listed on the display")
    speech: bool = Field(default=True, description="spoken announcements on the display (espeak-ng)")
    live_poll_ms: int = Field(default=50, ge=10, le=2000, description="how often to look for new events")
    relay: RelayConfig = RelayConfig()

    @field_validator("bind")
    @classmethod
    def _address(cls, value: str) -> str:
        import ipaddress

        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ValueError(f"{value!r} is no IP address (use the LAN address, e.g. 192.168.10.5)") from None
        return value

    @field_validator("phone_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class ScreenConfig(Section):
    """[screen]: the touchscreen: languages, size, timeouts, accessibility."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    office: OfficeConfig = OfficeConfig()
    storage: StorageConfig = StorageConfig()
    desks: list[DeskConfig] = []
    printer: PrinterConfig = PrinterConfig()
    sync: SyncConfig = SyncConfig()
    web: WebConfig = WebConfig()
    screen: ScreenConfig = ScreenConfig()
    source: str = Field(default="", exclude=True, description="where this config was read from")

    @field_validator("desks")
    @classmethod
    def _unique_desks(cls, desks: list[DeskConfig]) -> list[DeskConfig]:
        ids = [d.id for d in desks]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise ValueError(f"desk id {doubled[0]} appears twice")
        return desks

    def desk_list(self) -> list[Desk]:
        return [d.desk() for d in self.desks]


def _where(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _describe(error: dict[str, Any]) -> str:
    if error["type"] == "missing":
        return f"{_where(error)}: required key is missing"
    if error["type"] == "extra_forbidden":
        return f"{_where(error)}: unknown key (typo?)"
    return f"{_where(error)}: {error['msg']}"


def parse_config(data: dict[str, Any], source: str = "(built-in defaults)") -> Config:
    """Validate a config mapping; raises ConfigError naming the first bad key."""
    try:
        return Config.model_validate({**data, "source": source})
    except ValidationError as error:
        problems = [_describe(e) for e in error.errors()]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(path=source, problem=problems[0] + more) from None


def config_path(explicit: str | Path | None = None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else None


def load_config(explicit: str | Path | None = None) -> Config:
    """Read and validate the config; built-in defaults when no file is named."""
    path = config_path(explicit)
    if path is None:
        return parse_config({})
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(path=str(path), problem="file not found") from None
    except PermissionError:
        raise ConfigError(path=str(path), problem="no permission to read it") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path=str(path), problem=f"not valid TOML ({error})") from None
    except OSError as error:
        raise ConfigError(path=str(path), problem=error.strerror or str(error)) from None
    return parse_config(data, str(path))
