"""What the configured printer model can do, from python-escpos's capability database.

The database (escpos-printer-db) knows each model's paper width in dots,
its code pages, whether it draws QR codes itself and whether it has a
cutter. The config can override the paper width for a model it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import PrinterConfig
from kiosk.printing.errors import UnknownCodePage, UnknownProfile
from kiosk.printing.escpos_lib import profile_data, profile_names

# Safe raster widths: every 80 mm printer prints 512 dots (some 576), every
# 58 mm one 384. Too wide an image is garbage on paper; too narrow is only a margin.
DOTS_FOR_MM = {58: 384, 80: 512}
FONT_A_DOTS = 12  # the printer's own font A is 12 x 24 dots
CODE_PAGE_PREFERENCE = ("CP858", "CP850", "CP437")  # all have ä ö ü Ä Ö Ü ß; CP858 also €


@dataclass(frozen=True)
class Paper:
    profile: str
    dots: int  # printable width in dots (= pixels of a raster line)
    columns: int  # characters of font A per line
    code_page: str | None  # None: the printer writes no text itself, every line is an image
    native_qr: bool
    cut: str  # "full" or "partial"
    raster: str = "bitImageRaster"  # python-escpos's name of the image command the model knows


def paper_for(config: PrinterConfig) -> Paper:
    """Resolve the configured model into what the slip renderer needs."""
    try:
        data = profile_data(config.profile)
    except KeyError:
        raise UnknownProfile(profile=config.profile, known=", ".join(profile_names())) from None
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    if config.paper_mm is not None:
        dots = DOTS_FOR_MM[config.paper_mm]
    elif isinstance(pixels, int):
        dots = pixels
    else:
        dots = DOTS_FOR_MM[80]  # the "default" profile names no width: assume the common 80 mm
    features = data.get("features", {})
    native_qr = config.qr == "native" or (config.qr == "auto" and bool(features.get("qrCode")))
    return Paper(
        profile=config.profile,
        dots=dots,
        columns=dots // FONT_A_DOTS,
        code_page=_code_page(config, data),
        native_qr=native_qr,
        cut=config.cut,
        raster=_raster(features),
    )


def _raster(features: dict) -> str:
    if features.get("bitImageRaster", True):
        return "bitImageRaster"  # GS v 0: the most widely understood
    return "graphics" if features.get("graphics") else "bitImageColumn"


def _code_page(config: PrinterConfig, data: dict) -> str | None:
    available = set(data.get("codePages", {}).values())
    wanted = config.code_page.upper()
    if wanted == "NONE":
        return None
    if wanted == "AUTO":
        return next((name for name in CODE_PAGE_PREFERENCE if name in available), None)
    if wanted not in available:
        raise UnknownCodePage(
            profile=config.profile, code_page=config.code_page, known=", ".join(sorted(available))
        )
    return wanted
