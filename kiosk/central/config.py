"""The central server's own TOML config (``kiosk central serve --config central.toml``).

Kept apart from the kiosk's :mod:`kiosk.config`: a city machine and a
Raspberry Pi share no settings. Unknown keys are errors, as on the kiosk.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.core.errors import N_, KioskError
from kiosk.toml_config import read_toml, validate


class CentralConfigError(KioskError):
    template = N_("Konfiguration {path}: {problem}")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerSection(Section):
    bind: str = Field(default="127.0.0.1", description="address to listen on (a reverse proxy adds TLS)")
    port: int = Field(default=8700, ge=0, le=65535)
    public_url: str = Field(
        default="", description="how kiosks and phones reach this server; default http://bind:port"
    )

    @field_validator("public_url")
    @classmethod
    def _http(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class StorageSection(Section):
    data_dir: Path = Path("/var/lib/kiosk-central")

    @property
    def database(self) -> Path:
        return self.data_dir / "central.db"


class SigningSection(Section):
    key_file: Path | None = Field(
        default=None, description="Ed25519 private key (PEM); default data_dir/city-key.pem"
    )


class CitySection(Section):
    publisher: str = Field(default="Stadt, Sozialplanung", max_length=200)
    state: str = Field(default="NW", pattern="^[A-Z]{2}$", description="Bundesland for public holidays")
    horizon_days: int = Field(default=400, ge=30, le=800, description="days of calendar imports unrolled")


class WebSection(Section):
    session_hours: float = Field(default=10, gt=0, le=72)
    idle_minutes: float = Field(default=120, gt=0, le=24 * 60)
    signin_attempts: int = Field(default=5, ge=1, le=100)
    signin_pause_seconds: float = Field(default=30, ge=1, le=3600)


class FleetSection(Section):
    silent_hours: float = Field(default=26, gt=0, description="no contact for longer: the kiosk is flagged")
    stale_hours: float = Field(default=48, gt=0, description="a plan change not loaded after this long")
    clock_tolerance_seconds: float = Field(default=120, gt=0)


class CalendarSection(Section):
    poll_minutes: float = Field(
        default=60, gt=0, le=24 * 60, description="subscribed calendars fetched this often"
    )


class RelaySection(Section):
    max_bytes: int = Field(default=1024 * 1024, ge=1024, description="largest queue snapshot accepted")


class CentralConfig(Section):
    server: ServerSection = ServerSection()
    storage: StorageSection = StorageSection()
    signing: SigningSection = SigningSection()
    city: CitySection = CitySection()
    web: WebSection = WebSection()
    fleet: FleetSection = FleetSection()
    calendars: CalendarSection = CalendarSection()
    relay: RelaySection = RelaySection()
    source: str = Field(default="", exclude=True)

    @property
    def key_file(self) -> Path:
        return self.signing.key_file or self.storage.data_dir / "city-key.pem"

    @property
    def public_url(self) -> str:
        return self.server.public_url or f"http://{self.server.bind}:{self.server.port}"


def parse_central_config(data: dict, source: str = "") -> CentralConfig:
    """Validate a config mapping; raises CentralConfigError naming the first bad key."""
    return validate(CentralConfig, {**data, "source": source}, source or "(eingebaut)", CentralConfigError)


def load_central_config(path: str | Path | None) -> CentralConfig:
    """The config at ``path``, or the built-in defaults when there is none."""
    if path is None:
        return parse_central_config({})
    return parse_central_config(read_toml(Path(path), CentralConfigError), str(path))
