"""Colours, font sizes and spacing: the one place the screens take them from.

Sizes come from the display's physical size in the config, not from the DPI
the driver reports (often wrong on a Pi): ``px_per_mm`` is the window's pixel
width over the visible width in mm. A touch target is then really 15 mm under
a finger, and text has the same physical size on a 7" and a 10" display,
growing a little on large screens that people read from further away.
"""

from __future__ import annotations

import math

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty

from kiosk.ui.palette import HIGH_CONTRAST, NORMAL, Palette, rgba, roles

# Font sizes (em) in millimetres at reading distance of a 7" kiosk.
TYPE_MM = {"small": 3.6, "body": 4.3, "button": 4.6, "title": 6.0, "greeting": 7.0, "code": 24.0}
# Not grown by the large-text switch: the ticket number is huge already, and
# language names must fit their buttons before anyone could switch.
FIXED = ("code", "language", "greeting")
LARGE_TEXT = 1.3
LARGE_TEXT_SMALL_DISPLAY = 1.15  # a 7" display has no room for more
SMALL_DISPLAY_MM = 100  # the shorter side
SEVEN_INCH_DIAGONAL_MM = 176.0
MAX_READING_SCALE = 1.35


def reading_scale(width_mm: float, height_mm: float) -> float:
    """Bigger displays are read from further away: grow text gently with them."""
    diagonal = math.hypot(width_mm, height_mm)
    return max(1.0, min(MAX_READING_SCALE, math.sqrt(diagonal / SEVEN_INCH_DIAGONAL_MM)))


class Theme(EventDispatcher):
    """Kivy properties the .kv files bind to; recomputed on resize and toggles."""

    px_per_mm = NumericProperty(5.0)
    version = NumericProperty(0)  # bumped after every change, for widgets that follow the theme
    large_text = BooleanProperty(False)
    high_contrast = BooleanProperty(False)

    # sizes in pixels
    touch = NumericProperty(75)  # the smallest edge of anything that can be pressed
    pad = NumericProperty(12)
    gap = NumericProperty(10)
    radius = NumericProperty(10)
    pictogram = NumericProperty(75)
    small = NumericProperty(18)
    body = NumericProperty(22)
    button = NumericProperty(24)
    title = NumericProperty(31)
    greeting = NumericProperty(44)
    code = NumericProperty(125)
    language = NumericProperty(24)

    # colours, one property per palette role
    background = ColorProperty(rgba(NORMAL.background))
    surface = ColorProperty(rgba(NORMAL.surface))
    text = ColorProperty(rgba(NORMAL.text))
    text_muted = ColorProperty(rgba(NORMAL.text_muted))
    primary = ColorProperty(rgba(NORMAL.primary))
    on_primary = ColorProperty(rgba(NORMAL.on_primary))
    secondary = ColorProperty(rgba(NORMAL.secondary))
    on_secondary = ColorProperty(rgba(NORMAL.on_secondary))
    good = ColorProperty(rgba(NORMAL.good))
    notice = ColorProperty(rgba(NORMAL.notice))
    on_notice = ColorProperty(rgba(NORMAL.on_notice))
    band = ColorProperty(rgba(NORMAL.band))
    on_band = ColorProperty(rgba(NORMAL.on_band))
    band_code = ColorProperty(rgba(NORMAL.band_code))
    border = ColorProperty(rgba(NORMAL.border))

    def __init__(self, width_mm: float, height_mm: float, touch_target_mm: float = 15.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.width_mm = width_mm
        self.height_mm = height_mm
        self.touch_target_mm = touch_target_mm
        self.bind(large_text=self._sizes, px_per_mm=self._sizes, high_contrast=self._colours)
        self._sizes()
        self._colours()

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else NORMAL

    def set_display(self, width_mm: float, height_mm: float) -> None:
        """Another physical display size (the layout tests try several)."""
        self.width_mm, self.height_mm = width_mm, height_mm
        self._sizes()

    def fit_window(self, width_px: int, height_px: int) -> None:
        """Work out pixels per mm for a window filling the configured display."""
        # A display mounted turned keeps its physical size; match the long sides.
        long_px, short_px = max(width_px, height_px), min(width_px, height_px)
        long_mm, short_mm = max(self.width_mm, self.height_mm), min(self.width_mm, self.height_mm)
        self.px_per_mm = min(long_px / long_mm, short_px / short_mm)

    def mm(self, value: float) -> float:
        return value * self.px_per_mm

    def _sizes(self, *_args: object) -> None:
        large = (
            LARGE_TEXT if min(self.width_mm, self.height_mm) >= SMALL_DISPLAY_MM else LARGE_TEXT_SMALL_DISPLAY
        )
        scale = reading_scale(self.width_mm, self.height_mm) * (large if self.large_text else 1.0)
        for role, size_mm in {**TYPE_MM, "language": TYPE_MM["button"]}.items():
            grow = reading_scale(self.width_mm, self.height_mm) if role in FIXED else scale
            setattr(self, role, round(size_mm * grow * self.px_per_mm))
        self.touch = math.ceil(self.touch_target_mm * self.px_per_mm)
        self.pictogram = self.touch
        self.pad = round(2.5 * self.px_per_mm)
        self.gap = round(2.0 * self.px_per_mm)
        self.radius = round(2.0 * self.px_per_mm)
        self.version += 1

    def _colours(self, *_args: object) -> None:
        palette = self.palette
        for role in roles():
            setattr(self, role, rgba(getattr(palette, role)))
        self.version += 1
