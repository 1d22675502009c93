import pytest

from kiosk.core.errors import DuplicatePrefix, InvalidPrefix
from kiosk.core.numbering import ALLOWED_PREFIXES, check_prefix, check_prefixes, display_code, normalise_code


def test_code_is_prefix_hyphen_and_three_digits():
    assert display_code("S", 7) == "S-007"
    assert display_code("J", 123) == "J-123"


def test_number_beyond_999_grows_instead_of_wrapping():
    assert display_code("S", 1000) == "S-1000"


@pytest.mark.parametrize("prefix", ["O", "I", "s", "SS", "1", "", "Ä"])
def test_look_alike_and_malformed_prefixes_are_refused(prefix):
    with pytest.raises(InvalidPrefix):
        check_prefix(prefix)


def test_24_letters_remain():
    assert len(ALLOWED_PREFIXES) == 24 and "O" not in ALLOWED_PREFIXES and "I" not in ALLOWED_PREFIXES


def test_two_services_cannot_share_a_prefix():
    with pytest.raises(DuplicatePrefix, match=r"jobcenter.*jugend"):
        check_prefixes([("jobcenter", "J"), ("jugend", "J")])


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("S-007", "S-007"),
        ("s7", "S-007"),
        (" S 07 ", "S-007"),
        ("j-1000", "J-1000"),
        ("7", None),
        ("S-0", None),
    ],
)
def test_typed_codes_are_normalised(typed, code):
    assert normalise_code(typed) == code
