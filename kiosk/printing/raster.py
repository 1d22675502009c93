"""Text and QR codes as 1-bit images the width of the paper.

Everything is drawn without anti-aliasing in mode "1" at the printer's own
resolution (203 dpi, one pixel per dot), so the image the touchscreen shows
when the paper ran out is dot for dot what the printer would have printed.
"""

from __future__ import annotations

import qrcode
from PIL import Image, ImageDraw

from kiosk.printing.bidi import Run, visual_runs
from kiosk.printing.fonts import FACES, Face, font
from kiosk.printing.slip import Size

# Pixel (= dot) sizes of the fonts; 24 dots is the height of a printer's own font A.
PIXELS = {Size.SMALL: 20, Size.NORMAL: 26, Size.LARGE: 36, Size.HUGE: 120}
WHITE, BLACK = 1, 0
MARGIN = 8  # dots kept free at each side of a text line
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M  # survives a crease or a coffee stain
# Every one of the eight masks gives a valid code; finding the "best" one
# costs 5 ms per slip in pure Python, which a visitor would wait for on a Pi.
# The tests decode every slip's code with zbar.
QR_MASK = 4


def _language_tag(language: str) -> str | None:
    return language.split("-")[0] or None


def _runs_width(runs: list[Run], size: int, language: str | None) -> float:
    return sum(
        font(run.face, size).getlength(run.text, direction="rtl" if run.rtl else "ltr", language=language)
        for run in runs
    )


def text_width(text: str, size: int, bold: bool, language: str = "de") -> float:
    return _runs_width(visual_runs(text, bold), size, _language_tag(language))


def wrap(text: str, width: int, size: int, bold: bool, language: str = "de") -> list[str]:
    """Greedy word wrap by measured width; a word longer than a line stands alone."""
    if text_width(text, size, bold, language) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold, language) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def line_metrics(faces: set[Face], size: int) -> tuple[int, int]:
    """Ascent and descent fitting every face on the lines, so mixed runs share a baseline.

    Only the faces used count: Noto Sans Arabic's tall marks would otherwise
    space German lines as if they were double-spaced.
    """
    metrics = [font(face, size).getmetrics() for face in faces]
    return max(a for a, _ in metrics), max(d for _, d in metrics)


def text_image(text: str, width: int, size: Size, bold: bool = False, language: str = "de") -> Image.Image:
    """A paragraph, wrapped and centred, as a 1-bit image ``width`` dots wide.

    Lines are wrapped a margin short of the paper's edge: a glyph may reach a
    little past its advance width, and a dot beyond the edge is lost.
    """
    pixels = PIXELS[size]
    tag = _language_tag(language)
    lines = [visual_runs(line, bold) for line in wrap(text, width - 2 * MARGIN, pixels, bold, language)]
    ascent, descent = line_metrics({run.face for runs in lines for run in runs} or {FACES[bold][0]}, pixels)
    pitch = ascent + descent
    image = Image.new("1", (width, pitch * len(lines)), WHITE)
    draw = ImageDraw.Draw(image)
    for row, runs in enumerate(lines):
        x = (width - _runs_width(runs, pixels, tag)) / 2
        baseline = row * pitch + ascent
        for run in runs:
            face = font(run.face, pixels)
            direction = "rtl" if run.rtl else "ltr"
            draw.text(
                (x, baseline), run.text, font=face, fill=BLACK, anchor="ls", direction=direction, language=tag
            )
            x += face.getlength(run.text, direction=direction, language=tag)
    return image


def qr_matrix(content: str) -> list[list[bool]]:
    """The QR code's modules, with the standard four-module quiet zone."""
    code = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=4, mask_pattern=QR_MASK)
    code.add_data(content.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def qr_image(content: str, width: int, share: float = 0.55) -> Image.Image:
    """A QR code, centred, taking about ``share`` of the paper's width."""
    matrix = qr_matrix(content)
    modules = len(matrix)
    box = max(2, min(8, int(width * share) // modules))
    small = Image.new("1", (modules, modules), WHITE)
    small.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    big = small.resize((modules * box, modules * box), Image.Resampling.NEAREST)
    image = Image.new("1", (width, big.height), WHITE)
    image.paste(big, ((width - big.width) // 2, 0))
    return image


def rule_image(width: int, thickness: int = 2, margin: int = 8) -> Image.Image:
    image = Image.new("1", (width, thickness + 2 * margin), WHITE)
    ImageDraw.Draw(image).rectangle((0, margin, width - 1, margin + thickness - 1), fill=BLACK)
    return image


def stack(images: list[Image.Image], width: int, margin: int = 24) -> Image.Image:
    """Images one below the other on white, with a margin at the top and bottom."""
    height = sum(image.height for image in images) + 2 * margin
    page = Image.new("1", (width, height), WHITE)
    y = margin
    for image in images:
        page.paste(image, (0, y))
        y += image.height
    return page
