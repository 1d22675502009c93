"""What the catalog tests check against: placeholders, allowed look-alikes, technical text.

Kept apart from the tests so a translator or reviewer can read the rules in
one place (README: "Languages and translations").
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kiosk.i18n.catalogs import po_path, template_path
from kiosk.i18n.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
TRANSLATED = tuple(code for code in LANGUAGES if code != "de")

# {name} but not the escaped {{name}} of a literal brace.
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]*)\}(?!\})")

# A translation may equal its German msgid only where the word is the same
# (or already Easy Language). Messages of placeholders and punctuation only
# ("{detail}", "{weekday}, {date}") are allowed everywhere, see ``wordless``.
SAME_AS_GERMAN: dict[str, frozenset[str]] = {
    "Start": frozenset({"en"}),
    "Info": frozenset({"en"}),
    "Kontrast": frozenset({"tr", "pl"}),  # the Turkish and Polish word
    # German that is Easy Language already: short, active, common words.
    **{
        msgid: frozenset({"de-easy"})
        for msgid in (
            "Raum {room}",  # as on the door sign
            "heute",
            "morgen",
            "{day} um {time} Uhr",
            "Niemand wartet",
            "nur auf Deutsch",
            "Zurück",
            "Fertig",
            "Ihre Nummer",
            "Bitte merken Sie sich Ihre Nummer.",
            "Raum",  # the display's heading over room numbers, as on the door sign
            "Ihr Termin ist am {date} um {time} Uhr. Bitte kommen Sie an diesem Tag wieder.",
        )
    },
}

# Commands, config keys, package and file names an admin types as they are:
# wherever a German message has one, every translation keeps it unchanged.
TECHNICAL = (
    "sudo systemctl start cups",
    "sudo systemctl restart cups",
    "sudo cupsenable {queue}",
    "sudo usermod -aG lp",
    "sudo usermod -aG dialout",
    "lpstat -p",
    "lsusb",
    "check_status = false",
    "pip install 'quartierskiosk[serial]'",
    "pip install 'quartierskiosk[usb]'",
    "libfribidi0",
    "cups-client",
    "libusb-1.0-0",
    'backend = "file"',
    'device = "/dev/usb/lp0"',
    "echo 'blacklist usblp' | sudo tee /etc/modprobe.d/no-usblp.conf; sudo rmmod usblp",
    'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{vendor}", ATTRS{{idProduct}}=="{product}", '
    'MODE="0660", GROUP="lp"',
    "/etc/udev/rules.d/60-kiosk-printer.rules",
    "kiosk restore",
    "kiosk sync",
    "HTTP {status}",
    "Content-Type: {content_type}",
    "[printer] profile",
    "[printer] code_page",
    "[printer.cups] queue",
    "[printer.network] host",
    "[printer.serial] device",
    "[sync] office_file",
    "[sync] token",
    "[office] id",
)

# Digits other than 0-9: the kiosk writes Western digits in every language
# (kiosk/i18n/formatting.py says why).
NATIVE_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def wordless(msgid: str) -> bool:
    """A message of placeholders and punctuation only: nothing to translate."""
    return not any(ch.isalpha() for ch in PLACEHOLDER.sub("", msgid))


def load(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def template() -> Catalog:
    return load(template_path(LOCALES))


def catalog(language: str) -> Catalog:
    return load(po_path(language, LOCALES))


def forms(message) -> list[str]:
    """The translation's strings: one, or one per plural form."""
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]
