"""Draw the service pictograms in assets/pictograms/ with Pillow.

Why drawn here rather than taken from an emoji font: emoji differ from one
platform to the next, the colour emoji fonts are bitmaps too small for a
kiosk tile, and simple white shapes on a dark tile keep a contrast above
7:1 in both themes. The shapes are plain geometry, so the PNGs are our own
work under the project's licence (see assets/pictograms/LICENSE.md).

Run: python scripts/make_pictograms.py  (writes 256×256 PNGs)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "pictograms"
FONT = ROOT / "assets" / "fonts" / "NotoSans-Bold.ttf"

S = 1024  # drawn at 4× and scaled down, which smooths the edges
SIZE = 256
WHITE = (255, 255, 255, 255)

# One calm, dark tile colour per pictogram: white on each is above 7:1.
TILES = {
    "work": (21, 67, 120),
    "debt": (22, 96, 60),
    "migration": (0, 95, 105),
    "pension": (92, 45, 125),
    "family": (150, 60, 20),
    "seniors": (110, 70, 35),
    "addiction": (150, 30, 60),
    "equality": (55, 50, 140),
    "generic": (55, 65, 80),
}

Draw = ImageDraw.ImageDraw


def work(d: Draw, tile: tuple[int, int, int]) -> None:
    d.rounded_rectangle((392, 250, 632, 420), radius=50, outline=WHITE, width=58)
    d.rounded_rectangle((190, 360, 834, 800), radius=70, fill=WHITE)
    d.rectangle((190, 540, 834, 575), fill=tile)
    d.rounded_rectangle((462, 500, 562, 620), radius=20, fill=WHITE, outline=tile, width=26)


def debt(d: Draw, tile: tuple[int, int, int]) -> None:
    for i, y in enumerate((800, 730, 660)):  # a small stack of coins
        d.ellipse((120, y - 60, 400, y + 40), fill=WHITE, outline=tile, width=18)
        if i == 2:
            break
    d.ellipse((330, 200, 900, 770), fill=WHITE)
    d.ellipse((380, 250, 850, 720), outline=tile, width=22)
    font = ImageFont.truetype(str(FONT), 380)
    left, top, right, bottom = d.textbbox((0, 0), "€", font=font)
    d.text((615 - (left + right) / 2, 485 - (top + bottom) / 2), "€", font=font, fill=tile)


def migration(d: Draw, tile: tuple[int, int, int]) -> None:
    box = (192, 192, 832, 832)
    d.ellipse(box, fill=WHITE)
    w = 30
    d.ellipse((212 + 20, 212 + 20, 812 - 20, 812 - 20), outline=tile, width=w)
    d.ellipse((372, 212, 652, 812), outline=tile, width=w)
    d.line((512, 212, 512, 812), fill=tile, width=w)
    d.line((222, 512, 802, 512), fill=tile, width=w)
    d.line((300, 360, 724, 360), fill=tile, width=w)
    d.line((300, 664, 724, 664), fill=tile, width=w)


def pension(d: Draw, tile: tuple[int, int, int]) -> None:
    d.ellipse((180, 360, 800, 790), fill=WHITE)  # body
    d.polygon([(300, 420), (330, 280), (430, 390)], fill=WHITE)  # ear
    d.rounded_rectangle((770, 500, 880, 650), radius=40, fill=WHITE)  # snout
    d.ellipse((800, 550, 830, 600), fill=tile)
    d.ellipse((640, 480, 690, 530), fill=tile)  # eye
    for x in (290, 600):  # legs
        d.rounded_rectangle((x, 720, x + 90, 860), radius=30, fill=WHITE)
    d.rounded_rectangle((430, 380, 590, 410), radius=12, fill=tile)  # coin slot
    d.ellipse((440, 150, 580, 290), fill=WHITE)  # coin dropping in
    d.ellipse((470, 180, 550, 260), outline=tile, width=14)


def _person(d: Draw, cx: int, top: int, scale: float) -> None:
    r = int(78 * scale)
    d.ellipse((cx - r, top, cx + r, top + 2 * r), fill=WHITE)
    body_top = top + 2 * r + int(24 * scale)
    half = int(120 * scale)
    d.rounded_rectangle(
        (cx - half, body_top, cx + half, body_top + int(330 * scale)), radius=int(70 * scale), fill=WHITE
    )
    leg = int(50 * scale)
    low = body_top + int(300 * scale)
    for x in (cx - half + int(20 * scale), cx + half - int(20 * scale) - 2 * leg):
        d.rounded_rectangle(
            (x, low - int(40 * scale), x + 2 * leg, low + int(200 * scale)), radius=leg, fill=WHITE
        )


def family(d: Draw, tile: tuple[int, int, int]) -> None:
    _person(d, 300, 170, 1.0)
    _person(d, 724, 170, 1.0)
    _person(d, 512, 420, 0.62)


def seniors(d: Draw, tile: tuple[int, int, int]) -> None:
    _person(d, 430, 150, 1.1)
    d.line((520, 450, 650, 570), fill=WHITE, width=60)  # arm to the cane
    d.line((730, 560, 730, 880), fill=WHITE, width=48)  # cane
    d.arc((626, 480, 754, 608), start=180, end=360, fill=WHITE, width=48)  # its handle


def addiction(d: Draw, tile: tuple[int, int, int]) -> None:
    d.ellipse((182, 182, 842, 842), fill=WHITE)  # a lifebuoy: help is here
    d.ellipse((362, 362, 662, 662), fill=tile)
    for start in (25, 115, 205, 295):  # the four bands of a real one
        d.pieslice((182, 182, 842, 842), start=start, end=start + 40, fill=tile)
    d.ellipse((182, 182, 842, 842), outline=WHITE, width=30)
    d.ellipse((352, 352, 672, 672), outline=WHITE, width=30)


def equality(d: Draw, tile: tuple[int, int, int]) -> None:
    d.rectangle((487, 250, 537, 800), fill=WHITE)  # post
    d.rounded_rectangle((330, 780, 694, 850), radius=30, fill=WHITE)  # base
    d.rounded_rectangle((170, 290, 854, 340), radius=25, fill=WHITE)  # beam
    d.ellipse((472, 200, 552, 280), fill=WHITE)
    for cx in (250, 774):
        d.line((cx, 320, cx - 110, 560), fill=WHITE, width=18)
        d.line((cx, 320, cx + 110, 560), fill=WHITE, width=18)
        d.chord((cx - 150, 440, cx + 150, 680), start=0, end=180, fill=WHITE)


def generic(d: Draw, tile: tuple[int, int, int]) -> None:
    d.rounded_rectangle((170, 190, 854, 700), radius=120, fill=WHITE)
    d.polygon([(300, 640), (300, 860), (480, 680)], fill=WHITE)
    d.ellipse((472, 260, 552, 340), fill=tile)
    d.rounded_rectangle((474, 380, 550, 620), radius=30, fill=tile)


PICTOGRAMS: dict[str, Callable[[Draw, tuple[int, int, int]], None]] = {
    "work": work,
    "debt": debt,
    "migration": migration,
    "pension": pension,
    "family": family,
    "seniors": seniors,
    "addiction": addiction,
    "equality": equality,
    "generic": generic,
}


def render(name: str) -> Image.Image:
    tile = TILES[name]
    image = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, S - 1, S - 1), radius=180, fill=(*tile, 255))
    PICTOGRAMS[name](draw, tile)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in PICTOGRAMS:
        render(name).save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
