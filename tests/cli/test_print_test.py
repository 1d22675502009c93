"""``kiosk print-test``: a sample slip, or one line saying what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import EXIT_ERROR, main
from kiosk.core.timekeeping import FixedClock
from kiosk.store import Store
from kiosk.store.schedule import replace_schedule
from tests.conftest import THURSDAY, berlin, office_schedule
from tests.printing.conftest import decode_qr
from tests.printing.escpos_reader import read
from tests.printing.fake_printers import READY, TcpPrinter, refused_port


def kiosk(tmp_path: Path, printer: str, *args: str):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\ndata_dir = "{tmp_path}"\n{printer}', encoding="utf-8")
    with Store(tmp_path / "kiosk.db", FixedClock(berlin(THURSDAY, 9))) as store:
        replace_schedule(store, office_schedule())
    clock = FixedClock(berlin(THURSDAY, 10))
    return CliRunner().invoke(main, ["--config", str(config), "print-test", *args], obj=clock)


def test_print_test_draws_a_png_in_the_chosen_language(tmp_path):
    target = tmp_path / "sample.png"
    result = kiosk(
        tmp_path,
        '[printer]\nqr_url = "https://q.example/{office}/{code}"\n',
        "--png",
        str(target),
        "--lang",
        "ar",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Testzettel als Bild gespeichert: {target}"
    assert decode_qr(target, tmp_path) == [b"https://q.example/test-office/T-000"]


def test_print_test_on_a_network_printer(tmp_path):
    fake = TcpPrinter(READY)
    try:
        printer = (
            f'[printer]\nbackend = "network"\n[printer.network]\nhost = "127.0.0.1"\nport = {fake.port}\n'
        )
        result = kiosk(tmp_path, printer)
        assert result.exit_code == 0, result.output
        assert (
            "Testzettel gedruckt (Der Netzwerkdrucker 127.0.0.1" in result.output
            and "bereit" in result.output
        )
    finally:
        fake.close()
    receipt = read(fake.received)
    assert "T-000" in receipt.lines and "Quartiersbüro Test" in receipt.lines
    assert "Testdruck – keine gültige Nummer".replace("–", "-") in receipt.lines


def test_print_test_names_cause_and_fix_in_one_line(tmp_path):
    network = f'[printer.network]\nhost = "127.0.0.1"\nport = {refused_port()}\n'
    printer = '[printer]\nbackend = "network"\nconnect_timeout = 1\n' + network
    result = kiosk(tmp_path, printer)
    assert result.exit_code == EXIT_ERROR
    lines = result.output.strip().splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith("kiosk: Der Netzwerkdrucker") and "eingeschaltet" in lines[0]
    )
    usb = '[printer]\nbackend = "usb"\n[printer.usb]\nvendor_id = 0x0416\nproduct_id = 0x5011\n'
    result = kiosk(tmp_path, usb)
    assert result.exit_code == EXIT_ERROR and "Traceback" not in result.output
    assert "libusb-1.0-0" in result.output or "nicht angeschlossen" in result.output


def test_print_test_with_an_unknown_printer_model(tmp_path):
    result = kiosk(tmp_path, '[printer]\nprofile = "TM-T99"\n')
    assert result.exit_code == EXIT_ERROR and "TM-T88V" in result.output  # the list of known models
