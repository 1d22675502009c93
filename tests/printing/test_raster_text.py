"""Right-to-left and non-Latin text as pictures: shaped, joined, in the right order."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageDraw

from kiosk.printing.bidi import embedding_levels, visual_runs
from kiosk.printing.fonts import Face, coverage, font
from kiosk.printing.raster import PIXELS, text_image, wrap
from kiosk.printing.slip import Size

WIDTH = 512


def _ink(image: Image.Image) -> Image.Image:
    """The inked part of a 1-bit image (black = 0), cropped."""
    box = ImageChops.invert(image.convert("L")).getbbox()
    assert box is not None, "nothing drawn"
    return image.crop(box)


def test_the_shipped_fonts_cover_what_the_slips_need():
    sans, arabic = coverage(Face.SANS), coverage(Face.ARABIC)
    assert {ord(c) for c in "äöüÄÖÜß€ğşıİїєґłșțûêî–()"} <= sans
    assert {ord(c) for c in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي پچژگکی"} <= arabic
    assert ord("(") not in arabic and ord("A") not in arabic  # hence the runs


def test_a_mixed_line_becomes_runs_in_visual_order_with_mirrored_brackets():
    runs = visual_runs("مركز العمل (جوب سنتر)")
    assert [(r.text, r.face.name, r.rtl) for r in runs] == [
        (")", "SANS", True),  # drawn right to left: raqm mirrors it to "("
        ("جوب سنتر", "ARABIC", True),
        ("(", "SANS", True),
        ("مركز العمل ", "ARABIC", True),
    ]


def test_latin_inside_arabic_keeps_its_own_direction():
    levels = embedding_levels("رقم S-007 هنا")
    assert levels[0] % 2 == 1 and levels[4] % 2 == 0  # Arabic odd (RTL), "S" even (LTR)
    runs = visual_runs("رقم S-007 هنا")
    assert runs[0].text == "هنا" and runs[-1].text.strip() == "رقم"


def _strokes(image: Image.Image) -> int:
    """Connected groups of black dots (8-neighbourhood)."""
    width, height = image.size
    pixels = image.load()
    black = {(x, y) for x in range(width) for y in range(height) if pixels[x, y] == 0}
    groups = 0
    while black:
        groups += 1
        todo = [black.pop()]
        while todo:
            x, y = todo.pop()
            for near in ((x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                if near in black:
                    black.remove(near)
                    todo.append(near)
    return groups


def test_arabic_is_drawn_joined_not_as_separate_letters():
    # ا does not join to the next letter; ل ع م ل join into one stroke: 2 strokes.
    assert _strokes(text_image("العمل", WIDTH, Size.LARGE, True, "ar")) == 2
    assert (
        _strokes(text_image("ا ل ع م ل", WIDTH, Size.LARGE, True, "ar")) == 5
    )  # what unjoined text looks like


def _split_at_widest_gap(image: Image.Image) -> tuple[int, int]:
    """Widths of the ink left and right of the widest blank column run (the space)."""
    ink = _ink(image).convert("L")
    blank = [ink.crop((x, 0, x + 1, ink.height)).getextrema()[0] == 255 for x in range(ink.width)]
    best, start = (0, 0), None
    for x, empty in enumerate([*blank, False]):
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            best = max(best, (x - start, start))
            start = None
    length, at = best
    return at, ink.width - at - length


def test_arabic_reads_from_the_right_the_first_word_stands_rightmost():
    first = _ink(text_image("مركز", WIDTH, Size.NORMAL, False, "ar")).width
    second = _ink(text_image("العمل", WIDTH, Size.NORMAL, False, "ar")).width
    assert abs(first - second) > 8  # different enough to tell apart
    left, right = _split_at_widest_gap(text_image("مركز العمل", WIDTH, Size.NORMAL, False, "ar"))
    assert abs(right - first) <= 2 and abs(left - second) <= 2


def test_a_pure_arabic_run_matches_what_raqm_draws_for_the_whole_string():
    text = "استشارات الديون"
    ours = _ink(text_image(text, WIDTH, Size.NORMAL, False, "ar"))
    reference = Image.new("1", (WIDTH, 80), 1)
    face = font(Face.ARABIC, PIXELS[Size.NORMAL])
    draw = ImageDraw.Draw(reference)
    draw.text((10, 50), text, font=face, fill=0, anchor="ls", direction="rtl", language="ar")
    drawn = _ink(reference)
    # Same shape (mono rendering may move a dot or two with the sub-pixel position).
    assert abs(ours.width - drawn.width) <= 1 and abs(ours.height - drawn.height) <= 1
    assert _strokes(ours) == _strokes(drawn)


def test_long_text_wraps_within_the_paper_and_keeps_every_word():
    text = "جاب‌سنتر (کار و کمک‌هزینه) اینجا یک متن طولانی است که باید شکسته شود تا در کاغذ جا شود"
    lines = wrap(text, 384, PIXELS[Size.NORMAL], False, "fa")
    assert len(lines) >= 2 and " ".join(lines) == text
    image = text_image(text, 384, Size.NORMAL, False, "fa")
    assert image.width == 384 and _ink(image).width <= 384
