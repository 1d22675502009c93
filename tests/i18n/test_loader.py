"""Loading a language's catalog: the compiled .mo when it is fresh, else the .po itself."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from kiosk.i18n.catalogs import compile_po, load, po_path
from kiosk.i18n.languages import LANGUAGES, catalog_name
from tests.i18n.catalog_rules import LOCALES


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of locales/ without compiled files: a fresh clone."""
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def test_easy_german_lives_in_a_folder_gettext_and_babel_accept():
    assert catalog_name("de-easy") == "de@easy" and catalog_name("ar") == "ar"
    assert LANGUAGES["de-easy"].catalog == "de@easy"
    assert po_path("de-easy", Path("/x")) == Path("/x/de@easy/LC_MESSAGES/kiosk.po")


def test_a_fresh_clone_reads_the_po_and_says_the_build_is_missing(locales, caplog):
    with caplog.at_level(logging.WARNING, logger="kiosk.i18n"):
        arabic = load("ar", locales)
    assert arabic.gettext("Ihre Nummer") == "رقمك"
    assert arabic.ngettext("{n} Person wartet", "{n} Personen warten", 2) == "شخصان ينتظران"
    assert "read the .po instead" in caplog.text


def test_a_compiled_catalog_is_used_and_a_newer_po_wins_over_a_stale_mo(locales, caplog):
    po = po_path("tr", locales)
    mo = po.with_suffix(".mo")
    mo.write_bytes(compile_po(po))
    with caplog.at_level(logging.WARNING, logger="kiosk.i18n"):
        assert load("tr", locales).gettext("Ihre Nummer") == "Numaranız"
    assert caplog.text == ""
    # A translator changes the .po; the old .mo must not hide the change.
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Numaranız"', 'msgstr "Sizin numaranız"'))
    stat = mo.stat()
    os.utime(po, (stat.st_atime + 10, stat.st_mtime + 10))
    assert load("tr", locales).gettext("Ihre Nummer") == "Sizin numaranız"


def test_a_language_without_catalog_shows_the_german_source(locales):
    unknown = load("xx", locales)
    assert unknown.gettext("Ihre Nummer") == "Ihre Nummer"
    assert unknown.ngettext("{n} Person wartet", "{n} Personen warten", 3) == "{n} Personen warten"


def test_easy_german_loads_its_own_catalog(locales):
    assert load("de-easy", locales).gettext("Kontrast") == "Starke Farben"
