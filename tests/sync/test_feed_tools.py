"""The city's tools: `kiosk feed keygen`, `sign` and `check`, and the signature format itself."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.core.timekeeping import FixedClock
from kiosk.sync import signing
from kiosk.sync.errors import FeedBadSignature, FeedUnsigned, KeyFileError
from tests.conftest import THURSDAY, berlin
from tests.sync.feeds import feed_bytes, feed_document, office_entry

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "feed-example.json"
CALENDAR = Path(__file__).with_name("calendars") / "office_plan.ics"


def kiosk(*args: str, config: Path | None = None):
    prefix = ["--config", str(config)] if config else []
    result = CliRunner().invoke(main, [*prefix, *args], obj=FixedClock(berlin(THURSDAY, 10)))
    assert "Traceback" not in result.output
    return result


def test_keygen_sign_and_verify_round_trip(tmp_path):
    key_file = tmp_path / "city.pem"
    made = kiosk("feed", "keygen", "--out", str(key_file))
    assert made.exit_code == 0, made.output
    public = (tmp_path / "city.pem.pub").read_text().strip()
    assert f'public_key = "{public}"' in made.output
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(base64.b64decode(public)) == 32
    feed = tmp_path / "feed.json"
    feed.write_bytes(feed_bytes())
    signed = kiosk("feed", "sign", str(feed), "--key", str(key_file))
    assert signed.exit_code == 0 and "feed.json.sig" in signed.output
    signing.verify(public, feed.read_bytes(), (tmp_path / "feed.json.sig").read_bytes())
    with pytest.raises(FeedBadSignature):
        signing.verify(public, feed.read_bytes() + b" ", (tmp_path / "feed.json.sig").read_bytes())


def test_keygen_never_overwrites_a_key(tmp_path):
    key_file = tmp_path / "city.pem"
    key_file.write_text("precious")
    result = kiosk("feed", "keygen", "--out", str(key_file))
    assert result.exit_code == 1 and "existiert schon" in result.output
    assert key_file.read_text() == "precious"


def test_sign_with_a_file_that_is_no_key(tmp_path):
    (tmp_path / "feed.json").write_bytes(feed_bytes())
    (tmp_path / "key.pem").write_text("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
    result = kiosk("feed", "sign", str(tmp_path / "feed.json"), "--key", str(tmp_path / "key.pem"))
    assert result.exit_code == 1 and "kein privater PEM-Schlüssel" in result.output


def test_a_key_of_another_kind_is_refused(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "ec.pem"
    path.write_bytes(
        other.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyFileError, match="kein Ed25519-Schlüssel"):
        signing.load_private_key(path)


@pytest.mark.parametrize(
    ("content", "detail"),
    [(b"", "leer"), (b"!!", "kein Base64"), (base64.b64encode(b"x" * 63), "63 statt 64 Bytes")],
)
def test_malformed_signature_files(content, detail):
    with pytest.raises(FeedUnsigned, match=detail):
        signing.parse_signature(content)


def test_a_signature_made_with_openssl_is_accepted(tmp_path):
    """Cities may sign with the tools they have; the formats are OpenSSL's."""
    key = tmp_path / "key.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True)
    feed = tmp_path / "feed.json"
    feed.write_bytes(feed_bytes())
    raw = subprocess.run(
        ["openssl", "pkeyutl", "-sign", "-inkey", str(key), "-rawin", "-in", str(feed)],
        check=True,
        capture_output=True,
    ).stdout
    public = signing.public_key_text(signing.load_private_key(key))
    signing.verify(public, feed.read_bytes(), base64.b64encode(raw))


def test_check_prints_what_the_kiosk_would_show(tmp_path):
    result = kiosk("feed", "check", str(EXAMPLE), "--date", "2026-12-01", "--time", "10:30")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "JSON, Version 2026-11-26.1, Stand 26.11.2026 02:00" in out
    assert "Büro: Quartiersbüro Nordstadt (nordstadt) · 3 Dienste" in out
    assert "Am Di 01.12.2026 um 10:30 zeigt der Kiosk:" in out
    now_line = next(line for line in out.splitlines() if line.startswith("jetzt"))
    assert "Jobcenter" in now_line and "10:00–13:00" in now_line  # the moved Monday session
    assert "Do 03.12.  Deutsche Rentenversicherung 09:00–13:00 Raum 3" in out
    assert "Keine Probleme gefunden." in out


def test_check_reports_every_office_of_a_city_wide_file(tmp_path):
    broken = office_entry(office_id="hafen")
    broken["sessions"][0]["start"] = "9 Uhr"
    also_broken = office_entry(office_id="mitte")
    also_broken["sessions"][0]["cancelled"] = ["2026-11-27"]
    path = tmp_path / "city.json"
    path.write_bytes(feed_bytes(feed_document(offices=[office_entry(), broken, also_broken])))
    result = kiosk("feed", "check", str(path), "--office", "test-office", "--date", "2026-11-26")
    assert result.exit_code == 1
    assert "Büros in der Datei: test-office, hafen, mitte" in result.output
    assert "- Schema: Büro hafen › Termin jobcenter-do › start: „9 Uhr“ ist keine Uhrzeit" in result.output
    assert "Büro mitte › Termin jobcenter-do: der 27.11.2026 soll abgesagt werden" in result.output


def test_check_verifies_a_signature_beside_the_file(tmp_path):
    key = signing.generate_key()
    feed = tmp_path / "feed.json"
    feed.write_bytes(feed_bytes())
    (tmp_path / "feed.json.sig").write_text(signing.sign(key, feed.read_bytes()))
    public = signing.public_key_text(key)
    good = kiosk("feed", "check", str(feed), "--public-key", public)
    assert good.exit_code == 0 and "Signatur: gültig" in good.output
    other = signing.public_key_text(signing.generate_key())
    bad = kiosk("feed", "check", str(feed), "--public-key", other)
    assert bad.exit_code == 1 and "Signatur: ungültig" in bad.output and "passt nicht" in bad.output


def test_check_an_invalid_file(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"format": "quartierskiosk-feed"}))
    result = kiosk("feed", "check", str(path))
    assert result.exit_code == 1 and "oberste Ebene: Feld „format_version“ fehlt" in result.output


def test_check_a_calendar_with_the_office_file_from_the_config(tmp_path):
    office = tmp_path / "office.json"
    services_only = office_entry()
    services_only["sessions"] = []  # the calendar holds the dates
    office.write_bytes(feed_bytes(feed_document(offices=[services_only])))
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[office]\nid = "test-office"\n[storage]\ndata_dir = "{tmp_path}"\n'
        f'[sync]\noffice_file = "{office}"\n[sync.categories]\nRente = "rente"\n',
        encoding="utf-8",
    )
    result = kiosk("feed", "check", str(CALENDAR), "--date", "2026-11-12", config=config)
    assert result.exit_code == 0, result.output
    assert "iCalendar, Version ics-" in result.output
    assert "Übersprungen: „Teamsitzung“: keinem Dienst zugeordnet" in result.output
    later = next(line for line in result.output.splitlines() if line.startswith("später"))
    assert "Jobcenter" in later and "10:00–13:00" in later  # the occurrence moved to Thursday


def test_bad_options_are_usage_errors():
    assert kiosk("feed", "check", str(EXAMPLE), "--date", "morgen").exit_code == 2
    assert kiosk("feed", "check", str(EXAMPLE), "--time", "25:00").exit_code == 2
