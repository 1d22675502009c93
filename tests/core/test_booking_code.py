"""Booking codes: short, unambiguous, checked, and found again in whatever a scanner types."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.booking_code import ALPHABET, LENGTH, display, find_codes, is_valid, new_code, normalise

codes = st.builds(lambda seed: new_code(random.Random(seed).choice), st.integers())


def test_the_alphabet_leaves_out_what_people_and_scanners_confuse():
    for confusable in "0O1IL2Z5S8BGY":
        assert confusable not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET) == 22


@given(codes)
def test_a_new_code_is_valid_and_carries_nothing_but_the_alphabet(code):
    assert len(code) == LENGTH and is_valid(code) and set(code) <= set(ALPHABET)


@given(codes, st.integers(0, LENGTH - 1), st.sampled_from(ALPHABET))
def test_every_single_wrong_character_is_caught(code, position, replacement):
    typo = code[:position] + replacement + code[position + 1 :]
    assert is_valid(typo) == (typo == code)


@given(codes, st.integers(0, LENGTH - 2))
def test_swapped_neighbours_are_caught(code, position):
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2 :]
    # Luhn mod N misses only the swap of the first and last character of the alphabet.
    if a != b and {a, b} != {ALPHABET[0], ALPHABET[-1]}:
        assert not is_valid(swapped)


def test_typed_forms_are_normalised():
    code = new_code(random.Random(1).choice)
    shown = display(code)
    assert shown == f"{code[:4]}-{code[4:]}"
    for typed in (code, code.lower(), shown, f" {code[:4]} {code[4:]} ", shown.lower()):
        assert normalise(typed) == code
    assert normalise(code[:-1]) is None and normalise("") is None


def test_the_code_is_found_in_a_scanned_calendar_event_even_with_the_wrong_keyboard_layout():
    code = new_code(random.Random(2).choice)
    event = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Quartierskiosk//DE\nBEGIN:VEVENT\n"
        f"UID:{code}@quartierskiosk\nSUMMARY:Rentenversicherung\n"
        f"DESCRIPTION:Termin-Code {display(code)}\nEND:VEVENT\nEND:VCALENDAR"
    )
    assert find_codes(event) == [code]
    # A scanner set to a US layout typing into a German one: ":" arrives as "Ö", "-" as "ß", "@" as '"'.
    mangled = event.replace(":", "Ö").replace("-", "ß").replace("@", '"')
    assert find_codes(mangled) == [code]
    assert find_codes(display(code)) == [code] and find_codes(code.lower()) == [code]
    assert find_codes("BEGIN:VCALENDAR LOCATION:Raum 2") == []
