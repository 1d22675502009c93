"""The one config loader: a TOML file, validated at start.

The path comes from ``--config``, else ``$KIOSK_CONFIG``, else there is no file
and the built-in defaults apply. Unknown keys are errors (a typo in
``pritner`` must not silently fall back to a default), and every error names
the key, so the person editing /etc/kiosk/kiosk.toml knows what to fix.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kiosk.core.errors import N_, KioskError
from kiosk.core.model import Desk
from kiosk.toml_config import read_toml, validate

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


class UsbPrinterConfig(Section):
    """[printer.usb]: a printer driven directly through libusb (pyusb)."""

    vendor_id: int = Field(default=0, ge=0, le=0xFFFF, description="e.g. 0x04b8 (Epson); see lsusb")
    product_id: int = Field(default=0, ge=0, le=0xFFFF, description="e.g. 0x0202; see lsusb")
    interface: int = Field(default=0, ge=0, le=15)
    out_endpoint: int | None = Field(default=None, ge=0, le=0xFF, description="default: from the device")
    in_endpoint: int | None = Field(default=None, ge=0, le=0xFF, description="default: from the device")


class FilePrinterConfig(Section):
    """[printer.file]: a device node the kernel provides, such as usblp's /dev/usb/lp0."""

    device: Path = Path("/dev/usb/lp0")


class NetworkPrinterConfig(Section):
    """[printer.network]: a printer on the LAN speaking raw TCP (JetDirect)."""

    host: str = ""
    port: int = Field(default=9100, ge=1, le=65535)


class SerialPrinterConfig(Section):
    """[printer.serial]: a printer on a serial port or a USB-serial adapter."""

    device: Path = Path("/dev/ttyUSB0")
    baudrate: int = Field(default=19200, ge=1200, le=921600)
    flow_control: Literal["none", "rtscts", "dsrdtr", "xonxoff"] = "dsrdtr"


class CupsPrinterConfig(Section):
    """[printer.cups]: a raw CUPS queue, printed to with ``lp``."""

    queue: str = Field(default="", description="the queue name (lpstat -p); empty = the default queue")
    server: str = Field(default="", description="host[:port] of the CUPS server; empty = the local one")


class PreviewPrinterConfig(Section):
    """[printer.preview]: no printer; each slip becomes a PNG (demo, screen)."""

    folder: Path | None = Field(default=None, description="default: kiosk-previews in the temp folder")
    keep: int = Field(default=200, ge=1, le=100_000, description="newest slips kept; older ones are deleted")


class PrinterConfig(Section):
    """[printer]: which printer, how to reach it, the slip's layout options."""

    backend: Literal["usb", "file", "network", "serial", "cups", "preview"] = "preview"
    profile: str = Field(
        default="default", description="a model from python-escpos's capability database, e.g. TM-T20II"
    )
    paper_mm: Literal[58, 80] | None = Field(default=None, description="overrides the profile's paper width")
    code_page: str = Field(
        default="auto",
        description="code page for text the printer writes itself; auto = CP858, CP850 or CP437 "
        "(whichever the profile has); none = every line as an image",
    )
    qr_url: str = Field(
        default="",
        description="QR code content with {office} {code} {day} {token} {service} {lang}; "
        "empty = the office's contact text",
    )
    qr: Literal["auto", "native", "image"] = Field(
        default="auto", description="native = the printer draws the code; auto = native if the profile can"
    )
    cut: Literal["full", "partial"] = "full"
    check_status: bool = Field(
        default=True,
        description="ask the printer (usb, network, serial) for paper and cover before and after each slip",
    )
    connect_timeout: float = Field(default=3.0, gt=0, le=60, description="seconds to reach the printer")
    write_timeout: float = Field(
        default=10.0, gt=0, le=300, description="seconds the printer may take to accept the next piece"
    )
    status_timeout: float = Field(default=1.5, gt=0, le=30, description="seconds to wait for a status answer")
    poll_seconds: float = Field(
        default=3.0, gt=0, le=300, description="how often the worker looks for slips queued elsewhere"
    )
    status_seconds: float = Field(
        default=30.0, gt=0, le=3600, description="how often an idle printer is asked for its status"
    )
    usb: UsbPrinterConfig = UsbPrinterConfig()
    file: FilePrinterConfig = FilePrinterConfig()
    network: NetworkPrinterConfig = NetworkPrinterConfig()
    serial: SerialPrinterConfig = SerialPrinterConfig()
    cups: CupsPrinterConfig = CupsPrinterConfig()
    preview: PreviewPrinterConfig = PreviewPrinterConfig()

    @field_validator("qr_url")
    @classmethod
    def _known_placeholders(cls, template: str) -> str:
        from kiosk.printing.slip import check_qr_template

        return check_qr_template(template)

    @model_validator(mode="after")
    def _backend_settings(self) -> PrinterConfig:
        if self.backend == "usb" and not (self.usb.vendor_id and self.usb.product_id):
            raise ValueError("backend usb needs [printer.usb] vendor_id and product_id (see lsusb)")
        if self.backend == "network" and not self.network.host:
            raise ValueError("backend network needs [printer.network] host")
        return self


class SyncConfig(Section):
    """[sync]: where the city's feed comes from and where counts go.

    Every key is optional: without ``feed_url`` the kiosk keeps the plan it
    has (or the demo's), without ``upload_url`` counts stay on the device.
    See docs/sync.md for the feed format, signatures and the upload contract.
    """

    feed_url: str = Field(default="", description="http(s) URL of the city's feed (JSON or iCalendar)")
    signature_url: str = Field(
        default="", description="detached Ed25519 signature; default feed_url + '.sig'"
    )
    public_key: str = Field(
        default="", description="the city's Ed25519 public key (base64); when set, unsigned feeds are refused"
    )
    format: str = Field(
        default="auto",
        pattern="^(auto|json|ical)$",
        description="auto, json or ical; auto tells JSON and iCalendar apart by their content",
    )
    office_file: Path | None = Field(
        default=None, description="for iCalendar feeds: office and services as a JSON feed file"
    )
    categories: dict[str, str] = Field(
        default_factory=dict, description="iCalendar category or event title -> service id"
    )
    horizon_days: int = Field(default=366, ge=14, le=800, description="days of plan kept ahead")
    connect_timeout: float = Field(default=10.0, gt=0, le=120)
    read_timeout: float = Field(default=30.0, gt=0, le=600)
    total_timeout: float = Field(default=300.0, gt=0, le=3600, description="a whole download, at most")
    retries: int = Field(default=3, ge=0, le=10, description="retries per request (connect, read, 5xx)")
    backoff: float = Field(default=2.0, ge=0, le=60, description="seconds; doubles with each retry")
    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, description="largest feed accepted (unpacked)")
    token: str = Field(default="", description="this kiosk's token for uploads (Authorization: Bearer)")
    upload_url: str = Field(default="", description="where anonymous daily counts are POSTed")
    upload_batch: int = Field(default=100, ge=1, le=10000, description="counts sent per run, at most")
    heartbeat_url: str = Field(
        default="",
        description="where each sync reports version, plan, printer and clock (set by kiosk enrol)",
    )
    bookings_url: str = Field(
        default="", description="where bookings and cancellations are POSTed (docs/appointments.md)"
    )
    confirm_url: str = Field(
        default="",
        description="the city's online confirmation of slots not assigned to this kiosk; "
        "empty = book only the feed's kiosk slots",
    )
    confirm_timeout: float = Field(
        default=5.0, gt=0, le=30, description="seconds a visitor waits for the online confirmation"
    )

    @field_validator(
        "feed_url", "signature_url", "upload_url", "bookings_url", "confirm_url", "heartbeat_url"
    )
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("public_key")
    @classmethod
    def _ed25519_key(cls, value: str) -> str:
        if value:
            import base64
            import binascii

            try:
                raw = base64.b64decode(value.strip(), validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("not base64 (paste the line `kiosk feed keygen` printed)") from None
            if len(raw) != 32:
                raise ValueError(f"an Ed25519 public key has 32 bytes, this one {len(raw)}")
        return value.strip()

    @field_validator("upload_url", "bookings_url", "confirm_url")
    @classmethod
    def _upload_needs_token(cls, value: str, info: Any) -> str:
        if value and not info.data.get("token"):
            raise ValueError("needs [sync] token too (the city's server knows this kiosk by it)")
        return value

    @property
    def signature_location(self) -> str:
        """``signature_url``, else the feed's path with ``.sig`` appended (a query string kept)."""
        from urllib.parse import urlsplit, urlunsplit

        if self.signature_url or not self.feed_url:
            return self.signature_url
        parts = urlsplit(self.feed_url)
        return urlunsplit(parts._replace(path=parts.path + ".sig"))


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
    display_language: str = Field(
        default="de", description="the waiting-room display's language unless its URL says ?lang="
    )
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

    @field_validator("display_language")
    @classmethod
    def _offered_language(cls, code: str) -> str:
        from kiosk.i18n.languages import LANGUAGES

        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
        return code

    @field_validator("phone_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class ScreenConfig(Section):
    """[screen]: the touchscreen: languages, size, timeouts, accessibility.

    Sizes on screen are worked out from the display's physical size, not from
    the DPI the driver reports (often wrong on a Pi), so that a touch target
    really measures ``touch_target_mm`` under a finger. The defaults fit the
    official Raspberry Pi 7" display (800×480, 154×86 mm).
    """

    languages: list[str] = Field(
        default=["de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg", "fa", "ku", "de-easy"],
        min_length=1,
        description="languages offered on the welcome screen, in this order",
    )
    default_language: str = Field(
        default="de", validate_default=True, description="the language after an idle minute"
    )
    width_mm: float = Field(default=154.0, gt=20, le=3000, description="visible width of the display")
    height_mm: float = Field(default=86.0, gt=20, le=3000, description="visible height of the display")
    width: int = Field(default=0, ge=0, le=8000, description="window width in pixels; 0 = the display's")
    height: int = Field(default=0, ge=0, le=8000, description="window height in pixels; 0 = the display's")
    rotation: int = Field(default=0, description="0, 90, 180 or 270: a display mounted turned")
    touch_target_mm: float = Field(default=15.0, ge=15.0, le=40.0, description="smallest button edge")
    idle_timeout_s: int = Field(
        default=60, ge=20, le=600, description="back to the welcome screen after this long untouched"
    )
    greeting_interval_s: float = Field(default=2.5, ge=1.0, le=30.0, description="welcome greeting turn")
    large_text: bool = Field(default=False, description="start with large text")
    high_contrast: bool = Field(default=False, description="start with the high-contrast theme")
    speak_ticket_number: bool = Field(default=False, description="say the number aloud (espeak-ng)")
    show_calls: bool = Field(default=True, description="show the band of numbers being called")
    staff_pin_hash: str = Field(
        default="",
        description="hash from `kiosk pin-hash`; empty = no maintenance screen on the kiosk",
    )

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, languages: list[str]) -> list[str]:
        from kiosk.i18n.languages import LANGUAGES

        unknown = [code for code in languages if code not in LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r}; known: {', '.join(LANGUAGES)}")
        if len(set(languages)) != len(languages):
            raise ValueError("a language appears twice")
        return languages

    @field_validator("rotation")
    @classmethod
    def _right_angle(cls, rotation: int) -> int:
        if rotation not in (0, 90, 180, 270):
            raise ValueError("must be 0, 90, 180 or 270")
        return rotation

    @field_validator("default_language")
    @classmethod
    def _default_is_offered(cls, code: str, info: Any) -> str:  # pydantic.ValidationInfo
        offered = info.data.get("languages")
        if offered is not None and code not in offered:
            raise ValueError(f"{code!r} is not in screen.languages")
        return code

    @field_validator("staff_pin_hash")
    @classmethod
    def _pin_hash_format(cls, value: str) -> str:
        if value and not value.startswith("$argon2id$"):
            raise ValueError("must come from `kiosk pin-hash`")
        return value


class DeployConfig(Section):
    """[deploy]: the Raspberry Pi's services and ``kiosk doctor`` (see deploy/).

    Everything here has a default that suits an office with one kiosk, so a
    fresh install needs none of it.
    """

    time_sync_wait: int = Field(
        default=60, ge=0, le=600, description="seconds kiosk.service waits at boot for NTP"
    )
    server_url: str = Field(default="", description="probed by doctor/netcheck; empty: the sync feed's URL")
    min_free_mb: int = Field(default=200, ge=1, description="free space below this on the data disk fails")
    max_sync_age_hours: int = Field(default=36, ge=1, description="older last sync fails in doctor")
    display_night: Literal["on", "off"] = Field(
        default="on", description="off: kiosk-display.timer switches the screen off outside opening hours"
    )
    display_margin_minutes: int = Field(default=30, ge=0, le=240)
    backup_dir: Path | None = Field(
        default=None, description="where nightly backups go; default data_dir/backups"
    )
    backup_keep: int = Field(default=14, ge=1, le=365)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    office: OfficeConfig = OfficeConfig()
    storage: StorageConfig = StorageConfig()
    desks: list[DeskConfig] = []
    printer: PrinterConfig = PrinterConfig()
    sync: SyncConfig = SyncConfig()
    web: WebConfig = WebConfig()
    screen: ScreenConfig = ScreenConfig()
    deploy: DeployConfig = DeployConfig()
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


def parse_config(data: dict[str, Any], source: str = "(built-in defaults)") -> Config:
    """Validate a config mapping; raises ConfigError naming the first bad key."""
    return validate(Config, {**data, "source": source}, source, ConfigError)


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
    data = read_toml(path, ConfigError)
    return parse_config(data, str(path))
