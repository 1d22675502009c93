"""The two colour schemes and the WCAG contrast arithmetic that checks them.

Plain data (no Kivy), so a test can compute every text/background pair's
contrast from the same values the screens use. Colours are sRGB hex.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Palette:
    background: str  # the screen behind everything
    surface: str  # cards and rows
    text: str
    text_muted: str  # secondary lines; still AA on surface and background
    primary: str  # the one thing to press (take a ticket, a language)
    on_primary: str
    secondary: str  # other buttons (back, info, toggles)
    on_secondary: str
    good: str  # "on now", printed fine: as text on surface
    notice: str  # background of a notice (printer out of paper, closed)
    on_notice: str
    band: str  # the band of called numbers
    on_band: str
    band_code: str  # the called code in the band
    border: str  # outlines of cards and buttons (not text)


NORMAL = Palette(
    background="#F4F1EA",
    surface="#FFFFFF",
    text="#1B2330",
    text_muted="#475263",
    primary="#1D5E8C",
    on_primary="#FFFFFF",
    secondary="#DDE7F0",
    on_secondary="#1B2330",
    good="#1B6535",
    notice="#FFEFC7",
    on_notice="#5C3600",
    band="#1B2330",
    on_band="#FFFFFF",
    band_code="#FFD166",
    border="#8A96A6",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    text_muted="#E6E6E6",
    primary="#FFE14D",
    on_primary="#000000",
    secondary="#000000",
    on_secondary="#FFFFFF",
    good="#7CFF9E",
    notice="#000000",
    on_notice="#FFE14D",
    band="#000000",
    on_band="#FFFFFF",
    band_code="#FFE14D",
    border="#FFFFFF",
)

# Which text colour is drawn on which background: every pair must reach 4.5:1.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("text_muted", "background"),
    ("text_muted", "surface"),
    ("on_primary", "primary"),
    ("on_secondary", "secondary"),
    ("good", "surface"),
    ("good", "background"),
    ("on_notice", "notice"),
    ("on_band", "band"),
    ("band_code", "band"),
)


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """'#1D5E8C' -> (r, g, b, a) in 0..1, as Kivy wants it."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgba(hex_colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio, 1.0 (none) to 21.0 (black on white)."""
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def roles() -> list[str]:
    return [f.name for f in fields(Palette)]
