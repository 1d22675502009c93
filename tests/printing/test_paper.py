"""Printer models from python-escpos's capability database, and what the config overrides."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, PrinterConfig, parse_config
from kiosk.printing.errors import UnknownCodePage, UnknownProfile
from kiosk.printing.paper import paper_for


def test_profiles_give_width_columns_qr_and_code_page():
    epson = paper_for(PrinterConfig(profile="TM-T20II"))
    assert (epson.dots, epson.columns, epson.native_qr, epson.code_page) == (576, 48, True, "CP858")
    cheap = paper_for(PrinterConfig(profile="POS-5890"))
    assert (cheap.dots, cheap.columns, cheap.native_qr) == (384, 32, False)
    assert paper_for(PrinterConfig(profile="TM-T88II")).code_page == "CP850"  # no CP858 there
    assert paper_for(PrinterConfig(profile="default")).dots == 512  # width unknown: the safe 80 mm


def test_paper_width_and_qr_can_be_overridden():
    assert paper_for(PrinterConfig(profile="default", paper_mm=58)).dots == 384
    assert paper_for(PrinterConfig(profile="TM-T88V", qr="image")).native_qr is False
    assert paper_for(PrinterConfig(profile="POS-5890", qr="native")).native_qr is True
    assert paper_for(PrinterConfig(code_page="none")).code_page is None


def test_an_unknown_profile_or_code_page_names_the_choices():
    with pytest.raises(UnknownProfile, match="TM-T88V"):
        paper_for(PrinterConfig(profile="TM-T88X"))
    with pytest.raises(UnknownCodePage, match="CP437"):
        paper_for(PrinterConfig(profile="simple", code_page="CP858"))


def test_config_checks_backend_settings_and_qr_placeholders():
    with pytest.raises(ConfigError, match="network needs"):
        parse_config({"printer": {"backend": "network"}})
    with pytest.raises(ConfigError, match="unknown placeholder"):
        parse_config({"printer": {"qr_url": "https://x/{ticket}"}})
    with pytest.raises(ConfigError, match=r"printer\.netwrok"):
        parse_config({"printer": {"netwrok": {"host": "x"}}})
    config = parse_config({"printer": {"backend": "usb", "usb": {"vendor_id": 0x04B8, "product_id": 0x0202}}})
    assert config.printer.usb.vendor_id == 0x04B8
