"""A printer that cannot print: the visitor still gets the number, the notice and the slip's picture."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from kiosk.i18n import translator
from tests.ui.conftest import start_kiosk
from tests.ui.harness import Driver


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Iterator[Driver]:
    printer = {
        "backend": "network",
        "network": {"host": "127.0.0.1", "port": refused_port()},
        "connect_timeout": 0.5,
        "preview": {"folder": str(tmp_path_factory.mktemp("previews"))},
    }
    driver = start_kiosk(tmp_path_factory.mktemp("kiosk"), printer=printer)
    yield driver
    driver.close()


def test_printer_failure_shows_the_number_the_notice_and_the_slip(kiosk: Driver, shots):
    kiosk.tap(kiosk.find("LanguageButton", code="uk"))
    row = next(v for v in kiosk.all("ServiceRowView") if v.row.service_id == "jobcenter")
    kiosk.tap(row)
    kiosk.tap(kiosk.screen.ids.take)
    kiosk.tap(kiosk.screen.ids.take)
    state = kiosk.app.state
    kiosk.until(lambda: state.print_state == "failed", timeout=20, what="the failed print")
    code = state.issued.ticket.code
    screen = kiosk.screen
    assert screen.name == "ticket" and screen.ids.code.text == code
    notice = screen.ids.print_notice
    ukrainian = translator("uk")
    assert state.print_message and kiosk.visible(notice)
    assert notice.text == ukrainian(state.print_message)  # the printer's sentence, in Ukrainian
    assert notice.text.count(ukrainian("Bitte merken Sie sich Ihre Nummer.").rstrip(".")) == 1
    kiosk.until(lambda: state.preview_png, timeout=20, what="the slip's picture")
    kiosk.settle(6)
    assert kiosk.visible(screen.ids.preview) and screen.ids.preview.texture is not None
    kiosk.screenshot(shots / "ticket-printer-failed-uk.png")
