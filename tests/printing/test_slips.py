"""Slips in every language, as ESC/POS bytes and as PNG, read back like a printer and a phone would."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PIL import Image

from kiosk.config import PrinterConfig
from kiosk.core.model import Service, WaitEstimate
from kiosk.demo import SERVICES
from kiosk.i18n import translator
from kiosk.printing.content import ticket_slip
from kiosk.printing.escpos_render import EscposRenderer
from kiosk.printing.paper import paper_for
from kiosk.printing.png_render import PngRenderer
from kiosk.printing.slip import PLEASE_WAIT, Line, Size, SlipData, build_slip, qr_content
from kiosk.store import queue as ops
from kiosk.store.schedule import load_office
from kiosk.ui.fonts import has_arabic_script
from tests.printing.conftest import LANGUAGES, decode_qr
from tests.printing.escpos_reader import read


def _slip_and_url(store, config, language):
    ticket = ops.issue_ticket(store, "jobcenter", language).ticket
    url = config.qr_url.format(
        office="demo-nordstadt", day=ticket.day.isoformat(), code=ticket.code, token=ticket.token
    )
    return ticket, ticket_slip(store, ticket, config), url


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_prints_with_init_qr_and_cut_and_no_lost_characters(
    demo_store, printer_config, language
):
    ticket, slip, url = _slip_and_url(demo_store, printer_config, language)
    renderer = EscposRenderer(paper_for(printer_config))
    receipt = read(renderer.render(slip))
    assert receipt.order[0] == "init" and receipt.order[-1] == "cut"
    assert receipt.cuts == [0]  # a full cut, after the feed
    assert receipt.qr_codes == [url.encode()] and receipt.qr_printed == 1
    assert receipt.code_pages == [19]  # CP858, chosen once and never switched
    assert "?" not in receipt.text
    assert "Quartiersbüro Nordstadt" in receipt.lines
    assert ticket.code in receipt.lines
    assert "Jobcenter" in receipt.lines  # the German name, for staff and signs
    assert "Bitte warten Sie, bis Ihre Nummer aufgerufen wird." in " ".join(receipt.lines)
    name = SERVICES[0].name(language)
    if renderer.writes_natively(name):
        assert name in " ".join(receipt.lines)  # wrapped at spaces, every letter as it is
    else:  # the code page lacks a letter: the line went out as a picture, not as "?"
        assert name not in " ".join(receipt.lines) and len(receipt.images) >= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_a_png_whose_qr_reads_back_exactly(
    demo_store, printer_config, language, tmp_path
):
    _ticket, slip, url = _slip_and_url(demo_store, printer_config, language)
    png = PngRenderer(paper_for(printer_config)).render(slip)
    image = Image.open(io.BytesIO(png))
    assert image.width == 512 and image.height > 600
    assert decode_qr(image, tmp_path) == [url.encode()]


def test_a_58mm_printer_without_native_qr_gets_a_raster_qr_that_reads_back(demo_store, tmp_path):
    config = PrinterConfig(profile="POS-5890", qr_url="https://q.example/{code}/{token}")
    ticket = ops.issue_ticket(demo_store, "jobcenter", "uk").ticket
    receipt = read(
        EscposRenderer(paper_for(config)).render(ticket_slip(demo_store, ticket, config)), "POS-5890"
    )
    assert receipt.qr_codes == [] and all(image.width == 384 for image in receipt.images)
    found = [decoded for image in receipt.images for decoded in decode_qr(image, tmp_path)]
    assert found == [f"https://q.example/{ticket.code}/{ticket.token}".encode()]
    assert receipt.cuts == []  # POS-5890 has no cutter: python-escpos only feeds


def test_without_a_template_the_qr_carries_the_office_info_in_the_visitors_language(demo_store, tmp_path):
    config = PrinterConfig()
    office = load_office(demo_store)
    for language, expected in (("en", office.info["en"]), ("ar", office.info["ar"])):
        ticket = ops.issue_ticket(demo_store, "jobcenter", language).ticket
        slip = ticket_slip(demo_store, ticket, config)
        assert read(EscposRenderer(paper_for(config)).render(slip)).qr_codes == [expected.encode()]
        png = Image.open(io.BytesIO(PngRenderer(paper_for(config)).render(slip)))
        assert decode_qr(png, tmp_path) == [expected.encode()]  # umlauts and "·" byte for byte


def test_an_office_info_without_the_visitors_language_falls_back_to_german(demo_store):
    ticket = ops.issue_ticket(demo_store, "jobcenter", "fa").ticket
    office = replace(load_office(demo_store), info={"de": "Nur auf Deutsch", "en": "English only"})
    assert qr_content("", office, ticket, "jobcenter") == "Nur auf Deutsch"


def _data(**changes) -> SlipData:
    base = dict(
        office_name="Quartiersbüro Süßwarenstraße",
        issued_at=datetime(2026, 11, 26, 9, 5, tzinfo=UTC),
        code="S-007",
        language="de",
        service=Service("schulden", {"de": "Schuldnerberatung Größe Übermaß ÄÖÜ äöü ß €"}, "S"),
        room="2",
        estimate=WaitEstimate(3, 10, 20),
        qr="https://q.example/S-007",
    )
    return SlipData(**{**base, **changes})


def test_umlauts_sharp_s_and_euro_print_as_text_in_cp858():
    config = PrinterConfig(profile="TM-T88V")
    receipt = read(EscposRenderer(paper_for(config)).render(build_slip(_data(), str)), "TM-T88V")
    assert "Quartiersbüro Süßwarenstraße" in receipt.lines
    assert "Schuldnerberatung Größe Übermaß ÄÖÜ äöü ß €" in " ".join(receipt.lines)
    assert "Wartezeit: 10-20 Min." in receipt.lines  # the en dash, which CP858 lacks, as "-"
    assert "Raum 2" in receipt.lines and "Vor Ihnen: 3" in receipt.lines
    assert receipt.images == []  # German needs no picture at all


def test_with_code_page_none_every_line_is_a_picture_and_umlauts_survive_as_pixels():
    config = PrinterConfig(code_page="none")
    receipt = read(EscposRenderer(paper_for(config)).render(build_slip(_data(), str)))
    assert "".join(receipt.lines) == "" and len(receipt.images) >= 8  # only line feeds are left
    assert receipt.code_pages == []


@pytest.mark.parametrize(
    "text", ["Borç danışmanlığı ğ ş ı", "Консультація з боргів ї", "Doradztwo łódź", "استشارات الديون"]
)
def test_text_outside_the_code_page_goes_as_an_image_not_as_question_marks(text):
    config = PrinterConfig()
    renderer = EscposRenderer(paper_for(config))
    assert not renderer.writes_natively(text)
    receipt = read(renderer.render(build_slip(_data(service=Service("x", {"de": text}, "S")), str)))
    assert text not in receipt.text and "?" not in receipt.text
    inked = [image for image in receipt.images if image.getbbox() is not None]
    assert len(inked) >= 1


def test_the_visitors_language_comes_first_and_german_follows_when_different():
    arabic = translator("ar")  # the real catalog, locales/ar
    slip = build_slip(
        _data(language="ar", service=Service("x", {"de": "Jobcenter", "ar": "مركز العمل"}, "J")), arabic
    )
    texts = [block.text for block in slip.blocks if isinstance(block, Line)]
    assert texts.index("مركز العمل") + 1 == texts.index("Jobcenter")
    wait = texts.index(arabic(PLEASE_WAIT))
    assert has_arabic_script(texts[wait]) and texts[wait + 1] == PLEASE_WAIT
    room = texts.index(arabic("Raum {room}").format(room="2"))
    assert has_arabic_script(texts[room]) and texts[room + 1] == "Raum 2"  # German for the door sign
    assert texts.count("S-007") == 1  # the code is no word: the same characters in every language


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "de"])
def test_every_language_slip_speaks_the_visitors_language_from_its_catalog(language):
    translate = translator(language)
    slip = build_slip(_data(language=language), translate)
    texts = [block.text for block in slip.blocks if isinstance(block, Line)]
    assert translate(PLEASE_WAIT) != PLEASE_WAIT and translate(PLEASE_WAIT) in texts
    assert "S-007" in texts
    wait = [t for t in texts if "10" in t and "20" in t]
    assert wait and wait != ["Wartezeit: 10–20 Min."]  # the wait, in the visitor's words
    assert not any(ch in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹" for t in texts for ch in t)  # Western digits only


def test_the_code_is_huge_and_a_reprint_says_so():
    slip = build_slip(_data(reprint=True), str)
    lines = [block for block in slip.blocks if isinstance(block, Line)]
    assert any(line.text == "S-007" and line.size is Size.HUGE for line in lines)
    assert any(line.text == "Nachdruck" for line in lines)
    receipt = read(EscposRenderer(paper_for(PrinterConfig())).render(slip))
    assert 0x33 in receipt.sizes  # GS ! 0x33: four times wide and high


def test_no_estimate_and_no_room_leave_their_lines_out():
    slip = build_slip(_data(estimate=None, room=""), str)
    texts = [block.text for block in slip.blocks if isinstance(block, Line)]
    assert not any(t.startswith(("Vor Ihnen", "Wartezeit", "Raum")) for t in texts)


def test_an_unknown_wait_says_so():
    slip = build_slip(_data(estimate=WaitEstimate(4, None, None)), str)
    texts = [block.text for block in slip.blocks if isinstance(block, Line)]
    assert "Wartezeit: Wartezeit unbekannt" not in texts and "Vor Ihnen: 4" in texts
    assert any("unbekannt" in t for t in texts)


def test_qr_template_placeholders(demo_store):
    ticket = ops.issue_ticket(demo_store, "jobcenter", "fa").ticket
    office = load_office(demo_store)
    text = qr_content("{office}|{code}|{day}|{token}|{service}|{lang}", office, ticket, "jobcenter")
    assert text == f"demo-nordstadt|{ticket.code}|2026-11-26|{ticket.token}|jobcenter|fa"
