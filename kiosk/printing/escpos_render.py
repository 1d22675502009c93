"""A slip as ESC/POS bytes, built with python-escpos.

Text the printer can write itself in the one pinned code page (CP858 for
German: ä ö ü ß €) goes as text: small, sharp and fast. Anything else (Arabic,
Persian, Cyrillic, Turkish ğ ş ı, Polish ł, ...) goes as a raster image drawn by
:mod:`kiosk.printing.raster`. The code page is never switched within a slip,
because several profiles (TM-T88V) would otherwise hop between pages in mid
line and some printers print the hop as garbage; a character the page lacks
can therefore never come out as "?".
"""

from __future__ import annotations

import bisect
import textwrap
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PIL import Image

from kiosk.printing.bidi import needs_bidi
from kiosk.printing.escpos_lib import dummy_printer, escpos
from kiosk.printing.paper import Paper
from kiosk.printing.raster import qr_image, rule_image, text_image
from kiosk.printing.slip import Gap, Line, QrCode, Rule, Size, Slip

# Character magnification of the printer's font per size; SMALL uses font B.
MAGNIFY = {Size.SMALL: 1, Size.NORMAL: 1, Size.LARGE: 2, Size.HUGE: 4}
FONT_B_DOTS = 9
RULE_CHAR = "─"  # U+2500, in CP437, CP850 and CP858
QR_SHARE = 0.55  # of the paper's width
# Typographic marks the code pages lack, written as their plain cousins when the
# printer writes the text itself ("10–20 Min." prints as "10-20 Min.").
PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "„": '"',
        "“": '"',
        "”": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
# Raster lines kept as ready bytes: a kiosk prints the same service names and
# sentences all day, and drawing one line costs about a millisecond.
RASTER_CACHE_SIZE = 256
# Bytes a version 1, 2, ... QR code holds at error correction M (byte mode).
QR_CAPACITY_M = (
    14,
    26,
    42,
    62,
    84,
    106,
    122,
    152,
    180,
    213,
    251,
    287,
    331,
    362,
    412,
    450,
    504,
    560,
    624,
    666,
)


def native_qr_dots(content: str, paper_dots: int, share: float = QR_SHARE) -> int:
    """Dots per module for the printer's own QR command (it picks the version)."""
    version = bisect.bisect_left(QR_CAPACITY_M, len(content.encode("utf-8"))) + 1
    modules = 17 + 4 * version
    return max(2, min(8, int(paper_dots * share) // modules))


class EscposRenderer:
    """Turns slips into bytes for one printer model. Not thread-safe: one per thread."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        escpos()
        from escpos.magicencode import Encoder

        # The encoder caches each code page's character table; sharing it
        # saves rebuilding that for every slip.
        self._encoder = Encoder(self._printer().profile.get_code_pages())
        self._raster: OrderedDict[tuple, bytes] = OrderedDict()

    def _printer(self) -> Any:
        """A byte-collecting printer whose profile knows the configured paper width."""
        printer = dummy_printer(self.paper.profile)
        data = printer.profile.profile_data
        media = {**data.get("media", {}), "width": {"mm": "Unknown", "pixels": self.paper.dots}}
        printer.profile.profile_data = {**data, "media": media}  # instance copy: the shared one stays
        return printer

    def render(self, slip: Slip) -> bytes:
        printer = self._printer()
        printer.magic.encoder = self._encoder
        printer.hw("INIT")
        if self.paper.code_page:
            printer.charcode(self.paper.code_page)
        for block in slip.blocks:
            if isinstance(block, Line):
                self._line(printer, block)
            elif isinstance(block, QrCode):
                self._qr(printer, block.content, block.share or QR_SHARE)
            elif isinstance(block, Rule):
                self._rule(printer)
            elif isinstance(block, Gap):
                printer._raw(b"\n")  # not ln(): that would make python-escpos pick a code page
        printer.cut(mode="PART" if self.paper.cut == "partial" else "FULL")
        return printer.output

    def writes_natively(self, text: str) -> bool:
        """Whether the printer can write ``text`` itself in the pinned code page."""
        page = self.paper.code_page
        if page is None or needs_bidi(text):
            return False
        return all(self._encoder.can_encode(page, ch) for ch in text.translate(PLAIN))

    def _line(self, printer: Any, line: Line) -> None:
        if not self.writes_natively(line.text):
            key = (line.text, line.size, line.bold, line.language)
            self._cached_image(printer, key, lambda: text_image(line.text, self.paper.dots, *key[1:]))
            return
        times = MAGNIFY[line.size]
        small = line.size is Size.SMALL
        columns = (self.paper.dots // FONT_B_DOTS if small else self.paper.columns) // times
        printer.set(
            align="center",
            bold=line.bold,
            font="b" if small else "a",
            custom_size=True,
            width=times,
            height=times,
        )
        for row in textwrap.wrap(line.text.translate(PLAIN), columns) or [""]:
            printer.textln(row)
        printer.set(bold=False, font="a", custom_size=True, width=1, height=1)

    def _qr(self, printer: Any, content: str, share: float = QR_SHARE) -> None:
        if self.paper.native_qr:
            constants = escpos()
            printer.set(align="center")
            size = native_qr_dots(content, self.paper.dots, share)
            printer.qr(content, ec=constants.QR_ECLEVEL_M, size=size, native=True)
            printer._raw(b"\n")  # not ln(): that would make python-escpos pick a code page
        else:
            self._image(printer, qr_image(content, self.paper.dots, share))

    def _rule(self, printer: Any) -> None:
        if self.writes_natively(RULE_CHAR):
            printer.set(align="center")
            printer.textln(RULE_CHAR * self.paper.columns)
        else:
            self._cached_image(printer, ("rule",), lambda: rule_image(self.paper.dots))

    def _image(self, printer: Any, image: Image.Image) -> None:
        printer.image(image, impl=self.paper.raster)

    def _cached_image(self, printer: Any, key: tuple, draw: Callable[[], Image.Image]) -> None:
        data = self._raster.get(key)
        if data is None:
            scratch = self._printer()
            self._image(scratch, draw())
            data = self._raster[key] = scratch.output
            if len(self._raster) > RASTER_CACHE_SIZE:
                self._raster.popitem(last=False)
        else:
            self._raster.move_to_end(key)
        printer._raw(data)
