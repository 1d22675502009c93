"""Which shipped font draws a text, and what it cannot draw.

Kivy has no font fallback: a label has one font, and a character that font
lacks shows as an empty box. Noto Sans has no Arabic letters; Noto Sans Arabic
has no Latin letters. So the font is chosen per text: Arabic script present ->
Kiosk Arabic, which is Noto Sans Arabic with Noto Sans's Latin merged in
(scripts/make_fonts.py), so an Arabic sentence carrying a Latin word (a room
"2a", a file path on the staff screen) is drawn whole. A few marks are swapped
for their Arabic-script forms (? -> ؟). :func:`missing_glyphs` lets the tests
prove that every text on every screen is drawn with glyphs, not boxes.
"""

from __future__ import annotations

from functools import lru_cache

from kiosk.resources import project_folder

ASSETS = project_folder("assets")
FONTS = ASSETS / "fonts"

LATIN = FONTS / "NotoSans-Regular.ttf"
LATIN_BOLD = FONTS / "NotoSans-Bold.ttf"
ARABIC = FONTS / "KioskArabic-Regular.ttf"
ARABIC_BOLD = FONTS / "KioskArabic-Bold.ttf"

# Marks Arabic typography writes in its own forms; the screens' separator " · "
# becomes the Arabic comma, which follows its word without a space.
ARABIC_SUBSTITUTES = str.maketrans({"?": "؟", ";": "؛", "%": "٪", "·": "،"})
ARABIC_SEPARATOR = (" · ", "، ")


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` holds any Arabic-script letter (Arabic, Persian, ...)."""
    return any(
        "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u08a0" <= ch <= "\u08ff"
        or "\ufb50" <= ch <= "\ufdff"
        or "\ufe70" <= ch <= "\ufeff"
        for ch in text
    )


def font_for(text: str, bold: bool = False) -> str:
    """The path of the shipped font that draws ``text``."""
    if has_arabic_script(text):
        return str(ARABIC_BOLD if bold else ARABIC)
    return str(LATIN_BOLD if bold else LATIN)


def shape_for_font(text: str) -> str:
    """``text`` as Arabic typography writes it: ؟ for ?, the Arabic comma for the separator."""
    if has_arabic_script(text):
        return text.replace(*ARABIC_SEPARATOR).translate(ARABIC_SUBSTITUTES)
    return text


@lru_cache(maxsize=8)
def _pil_font(path: str):
    from PIL import ImageFont

    return ImageFont.truetype(path, 48)


def _ink(font, char: str) -> tuple:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


@lru_cache(maxsize=4096)
def _has_glyph(path: str, char: str) -> bool:
    font = _pil_font(path)
    # A private-use code point is never in these fonts: it draws the .notdef box.
    # Compare the pixels, not just the box (a bold "E" fills the same box).
    return _ink(font, char) != _ink(font, "\ue000")


def missing_glyphs(text: str, path: str) -> str:
    """The characters of ``text`` that the font at ``path`` would draw as boxes."""
    seen = []
    for char in dict.fromkeys(text):
        if char.isspace() or not char.isprintable():
            continue
        if not _has_glyph(path, char):
            seen.append(char)
    return "".join(seen)
