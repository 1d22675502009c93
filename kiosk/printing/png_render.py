"""A slip as a PNG: what ``kiosk demo`` prints and what the screen shows when paper fails.

The image has the printer's own width in dots and is drawn with the same
fonts and QR code as the raster lines of a real slip, so it looks like the
paper would. It is saved in greyscale because every image loader reads that.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image

from kiosk.printing.paper import Paper
from kiosk.printing.raster import WHITE, qr_image, rule_image, stack, text_image
from kiosk.printing.slip import Gap, Line, QrCode, Rule, Slip

GAP_DOTS = 16

# Slips repeat their lines all day (service names, sentences); drawing one costs ~1 ms.
cached_text_image = lru_cache(maxsize=256)(text_image)


class PngRenderer:
    def __init__(self, paper: Paper) -> None:
        self.paper = paper

    def image(self, slip: Slip) -> Image.Image:
        width = self.paper.dots
        parts: list[Image.Image] = []
        for block in slip.blocks:
            if isinstance(block, Line):
                parts.append(cached_text_image(block.text, width, block.size, block.bold, block.language))
            elif isinstance(block, QrCode):
                share = {"share": block.share} if block.share else {}
                parts.append(qr_image(block.content, width, **share))
            elif isinstance(block, Rule):
                parts.append(rule_image(width))
            elif isinstance(block, Gap):
                parts.append(Image.new("1", (width, GAP_DOTS), WHITE))
        return stack(parts, width)

    def render(self, slip: Slip) -> bytes:
        buffer = io.BytesIO()
        self.image(slip).convert("L").save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()
