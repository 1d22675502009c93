"""A feed text in the visitor's language, or German that says it is German."""

from __future__ import annotations

from kiosk.core.model import localized, written_in
from kiosk.ui.present import feed_text

TEXTS = {"de": "Hilfe bei Schulden", "ar": "استشارات الديون"}


def test_a_translated_text_is_not_marked():
    assert feed_text(TEXTS, "ar") == ("استشارات الديون", "")


def test_a_german_fallback_names_its_language_so_the_screen_can_mark_it():
    assert feed_text(TEXTS, "uk") == ("Hilfe bei Schulden", "de")
    assert feed_text(TEXTS, "fa") == ("Hilfe bei Schulden", "de")
    assert localized(TEXTS, "uk") == "Hilfe bei Schulden"  # the text itself is the same as before


def test_easy_german_falling_back_to_german_is_the_same_language():
    assert feed_text(TEXTS, "de-easy") == ("Hilfe bei Schulden", "")


def test_without_german_the_first_text_stands_in_and_says_which_it_is():
    assert feed_text({"en": "Debt advice"}, "ar") == ("Debt advice", "en")
    assert written_in({"en": "Debt advice"}, "ar") == ("en", "Debt advice")


def test_no_text_is_no_fallback():
    assert feed_text({}, "ar") == ("", "")
    assert feed_text({"de": ""}, "ar") == ("", "")
