"""The shipped fonts draw every text the screens show, also Latin inside Arabic."""

from __future__ import annotations

from kiosk.ui.fonts import ARABIC, ARABIC_BOLD, LATIN, font_for, missing_glyphs, shape_for_font


def test_an_arabic_sentence_with_latin_words_is_drawn_whole():
    """A room "2a", a German service name in an error, a path on the staff screen."""
    text = "الغرفة 2a · Schuldnerberatung غير موجودة (HTTP 503): /var/lib/kiosk"
    assert font_for(text) == str(ARABIC) and font_for(text, bold=True) == str(ARABIC_BOLD)
    assert missing_glyphs(shape_for_font(text), str(ARABIC)) == ""
    assert missing_glyphs(shape_for_font(text), str(ARABIC_BOLD)) == ""


def test_persian_letters_and_marks_are_in_the_arabic_font():
    assert missing_glyphs("گ چ پ ژ ک ی ۀ، «شمارهٔ شما»؟", str(ARABIC)) == ""


def test_latin_and_cyrillic_texts_keep_noto_sans():
    assert font_for("Şêwirmendiya deynan · Консультація") == str(LATIN)
    assert missing_glyphs("Şêwirmendiya ğışçöü łąę ăîșț Їїєґ ёъ", str(LATIN)) == ""


def test_the_screens_separator_becomes_the_arabic_comma_after_its_word():
    assert shape_for_font("الغرفة 2 · حتى الساعة 13:00؟") == "الغرفة 2، حتى الساعة 13:00؟"
    assert shape_for_font("Raum 2 · bis 13:00 Uhr") == "Raum 2 · bis 13:00 Uhr"
