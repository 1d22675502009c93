"""Contrast and sizes, computed from the same theme values the screens use."""

from __future__ import annotations

import pytest

from kiosk.passwords import hash_secret, verify_secret
from kiosk.ui.palette import HIGH_CONTRAST, NORMAL, TEXT_PAIRS, contrast_ratio


@pytest.mark.parametrize("palette", [NORMAL, HIGH_CONTRAST], ids=["normal", "high-contrast"])
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_every_text_colour_reaches_wcag_aa(palette, text, background):
    ratio = contrast_ratio(getattr(palette, text), getattr(palette, background))
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"


def test_high_contrast_is_higher_everywhere():
    for text, background in TEXT_PAIRS:
        high = contrast_ratio(getattr(HIGH_CONTRAST, text), getattr(HIGH_CONTRAST, background))
        assert high >= 7.0, (text, background, high)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_staff_pin_is_stored_as_a_salted_hash():
    stored = hash_secret("2468")
    assert "2468" not in stored and stored != hash_secret("2468") and stored.startswith("$argon2id$")
    assert verify_secret(stored, "2468") and not verify_secret(stored, "2469")
    assert not verify_secret("", "2468") and not verify_secret("garbage", "2468")
    with pytest.raises(ValueError):
        hash_secret("12")
