"""The screens in the visitor's language, and German fallbacks that say they are German."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from kiosk.core.timekeeping import FixedClock
from kiosk.demo import demo_schedule
from kiosk.i18n import translator
from kiosk.store import Store
from kiosk.store.schedule import replace_schedule
from kiosk.ui.fonts import ARABIC, ARABIC_BOLD, LATIN
from tests.ui.conftest import DEMO_NOW, start_kiosk
from tests.ui.harness import Driver

GERMAN_ONLY = "Dieser Text steht nur auf Deutsch im Plan."


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory) -> Iterator[Driver]:
    """The demo office, but the city wrote the debt counselling only in German (and English)."""
    driver = start_kiosk(tmp_path_factory.mktemp("languages"))
    plan = demo_schedule(DEMO_NOW)
    services = tuple(
        replace(
            s, names={"de": "Schuldnerberatung", "en": "Debt counselling"}, descriptions={"de": GERMAN_ONLY}
        )
        if s.id == "schulden"
        else s
        for s in plan.services
    )
    with Store(driver.app.kiosk_config.storage.database, FixedClock(DEMO_NOW)) as store:
        replace_schedule(store, replace(plan, services=services, version="german-only"))
    driver.until(
        lambda: driver.app.state.snapshot.services["schulden"].descriptions == {"de": GERMAN_ONLY},
        what="the changed plan",
    )
    yield driver
    driver.close()


def _feed_text(driver: Driver, text: str):
    return next(w for w in driver.all("FeedText") if w.text == text)


def _restart(driver: Driver) -> None:
    driver.app.flow.restart()
    driver.settle(4)


def test_arabic_screens_speak_arabic_from_the_catalog_right_to_left(kiosk: Driver):
    _restart(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="ar"))
    arabic = translator("ar")
    title = kiosk.find("KLabel", text=arabic("Heute hier"))
    assert title.text == "هنا اليوم" and title.halign == "right" and title.font_name == str(ARABIC_BOLD)
    heading = kiosk.find("SectionHeading", text=arabic("Jetzt da – Sie können eine Nummer ziehen"))
    assert heading.halign == "right"
    band = kiosk.app.root.ids.band
    assert band.ids.title.text == arabic("Aufgerufen:")


def test_a_german_fallback_is_laid_out_left_to_right_and_says_it_is_german(kiosk: Driver):
    _restart(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="ar"))
    row = next(v for v in kiosk.all("ServiceRowView") if v.row and v.row.service_id == "schulden")
    assert row.row.name == "Schuldnerberatung" and row.row.name_language == "de"
    name = _feed_text(kiosk, "Schuldnerberatung")
    assert name.ids.text.halign == "left" and name.ids.text.font_name.endswith("NotoSans-Bold.ttf")
    note = name.ids.note
    assert kiosk.visible(note) and note.opacity == 1 and note.text == "بالألمانية فقط"
    assert note.font_name == str(ARABIC)
    # A translated name in the same list carries no note.
    translated = _feed_text(kiosk, "مركز العمل (جوب سنتر)")
    assert translated.ids.text.halign == "right" and translated.ids.note.opacity == 0

    kiosk.tap(row)
    assert kiosk.screen.name == "service"
    about = _feed_text(kiosk, GERMAN_ONLY)
    assert about.ids.text.halign == "left" and about.ids.text.font_name == str(LATIN)
    assert about.ids.note.opacity == 1 and about.ids.note.text == "بالألمانية فقط"
    bring = _feed_text(kiosk, kiosk.screen.bring)
    assert kiosk.screen.bring_language == "" and bring.ids.note.opacity == 0  # what to bring is translated


def test_in_english_the_fallback_note_is_english_and_easy_german_needs_none(kiosk: Driver):
    _restart(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="en"))
    kiosk.app.flow.open_service("schulden")
    kiosk.settle(6)
    assert _feed_text(kiosk, "Debt counselling").ids.note.opacity == 0  # the English name exists
    assert _feed_text(kiosk, GERMAN_ONLY).ids.note.text == "only in German"

    _restart(kiosk)
    kiosk.tap(kiosk.find("LanguageButton", code="de-easy"))
    kiosk.app.flow.open_service("schulden")
    kiosk.settle(6)
    assert _feed_text(kiosk, GERMAN_ONLY).ids.note.opacity == 0  # German for an Easy German reader
    assert kiosk.find("KLabel", text="Dabei hilft die Beratung:").opacity == 1
