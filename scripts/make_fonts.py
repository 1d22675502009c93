"""Build assets/fonts/KioskArabic-{Regular,Bold}.ttf: Noto Sans Arabic plus Noto Sans's Latin.

Why: Kivy draws a label with one font and has no fallback. Noto Sans Arabic
has no Latin letters, so an Arabic or Persian sentence that carries a Latin
word (a room "2a", a German service name in an error, a file path on the
staff screen) showed boxes. This font is Noto Sans Arabic with the Latin,
punctuation and symbol glyphs of Noto Sans merged in, so such a sentence is
drawn whole, shaped and ordered by raqm in one go. The Arabic font's own
glyphs win where both have one (digits, space, the Arabic comma).

Both fonts are under the SIL Open Font License 1.1 without a Reserved Font
Name; the result is renamed "Kiosk Arabic" so nobody mistakes it for the
original. Needs fontTools (pip install fonttools); the fonts are committed,
so only run this after changing it:  python scripts/make_fonts.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"

# Latin and the marks and symbols that come with it (and with file paths,
# config keys and error details): Basic Latin, Latin-1, Latin Extended-A/B,
# General Punctuation, the euro sign, arrows, a few letterlike symbols.
LATIN = "U+0020-024F,U+2000-206F,U+20AC,U+2190-21FF,U+2100-214F,U+FFFD"
FAMILY = "Kiosk Arabic"


def latin_subset(source: Path, out: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning and ligatures of the Latin glyphs
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(LATIN))
    subsetter.subset(font)
    subset.save_font(font, str(out), options)


def rename(font: TTFont, style: str) -> None:
    names = {
        1: FAMILY,
        2: style,
        3: f"{FAMILY.replace(' ', '')}-{style};Quartierskiosk",
        4: f"{FAMILY} {style}",
        6: f"{FAMILY.replace(' ', '')}-{style}",
        16: FAMILY,
        17: style,
    }
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def fit_descent(font: TTFont) -> None:
    """Reserve below the baseline what the deepest glyph needs, not more.

    Noto Sans Arabic reserves 738 units below the baseline, its deepest glyph
    reaches about 550: every Arabic line was 9 % taller than its ink, which a
    7-inch screen of 480 pixels cannot spare. The ascent stays (stacked marks
    such as hamza with damma reach it).
    """
    font["head"].recalc = True
    glyf = font["glyf"]
    deepest = min(getattr(glyf[name], "yMin", 0) for name in font.getGlyphOrder())
    font["hhea"].descent = deepest
    font["OS/2"].sTypoDescender = deepest
    font["OS/2"].usWinDescent = -deepest


def build(style: str) -> Path:
    arabic = FONTS / f"NotoSansArabic-{style}.ttf"
    with tempfile.TemporaryDirectory() as tmp:
        latin = Path(tmp) / "latin.ttf"
        latin_subset(FONTS / f"NotoSans-{style}.ttf", latin)
        merged = Merger().merge([str(arabic), str(latin)])
    rename(merged, style)
    fit_descent(merged)
    out = FONTS / f"KioskArabic-{style}.ttf"
    merged.save(str(out))
    return out


def main() -> None:
    for style in ("Regular", "Bold"):
        print(build(style).relative_to(ROOT))


if __name__ == "__main__":
    main()
