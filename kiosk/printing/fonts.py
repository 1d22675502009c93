"""The fonts shipped in assets/fonts, which characters each has, and loaded faces.

Noto Sans has Latin, Cyrillic and Greek but no Arabic; Noto Sans Arabic has
Arabic letters and digits but no Latin letters and not even parentheses. Pillow
draws one font per call and has no fallback, so the slip renderer splits a
line into runs by font; for that it must know each font's characters, which
this module reads from the font's own ``cmap`` table (so a newer Noto release
is picked up without a code change).
"""

from __future__ import annotations

import enum
import struct
from functools import cache
from pathlib import Path

from PIL import ImageFont, features

from kiosk.printing.errors import ShapingUnavailable
from kiosk.resources import project_folder

FONT_DIR = project_folder("assets") / "fonts"


class Face(enum.Enum):
    SANS = "NotoSans-Regular.ttf"
    SANS_BOLD = "NotoSans-Bold.ttf"
    ARABIC = "NotoSansArabic-Regular.ttf"
    ARABIC_BOLD = "NotoSansArabic-Bold.ttf"

    @property
    def path(self) -> Path:
        return FONT_DIR / self.value


# For each weight: the faces to try, in order, for a character.
FACES = {False: (Face.SANS, Face.ARABIC), True: (Face.SANS_BOLD, Face.ARABIC_BOLD)}


@cache
def font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    """A loaded face at a pixel size; loading costs milliseconds, so it is cached.

    Without raqm Pillow would quietly fall back to its basic layout, which
    draws Arabic as unjoined letters from left to right: a slip nobody can
    read. That is refused here, loudly, for the faces that need shaping.
    """
    if face in (Face.ARABIC, Face.ARABIC_BOLD) and not features.check_feature("raqm"):
        raise ShapingUnavailable(detail="Pillow findet libraqm oder libfribidi nicht")
    return ImageFont.truetype(str(face.path), size, layout_engine=ImageFont.Layout.RAQM)


@cache
def coverage(face: Face) -> frozenset[int]:
    """The code points the face has glyphs for."""
    return frozenset(read_cmap(face.path.read_bytes()))


def read_cmap(data: bytes) -> set[int]:
    """Code points mapped by a TrueType/OpenType font's Unicode ``cmap`` subtable.

    Reads format 12 (full Unicode) when present, else format 4 (the BMP).
    """
    (num_tables,) = struct.unpack_from(">H", data, 4)
    cmap_offset = None
    for i in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        raise ValueError("font has no cmap table")
    _version, count = struct.unpack_from(">HH", data, cmap_offset)
    subtables: dict[int, int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        if (platform, encoding) in ((3, 10), (0, 4), (3, 1), (0, 3)):
            start = cmap_offset + offset
            (fmt,) = struct.unpack_from(">H", data, start)
            subtables.setdefault(fmt, start)
    if 12 in subtables:
        return _format12(data, subtables[12])
    if 4 in subtables:
        return _format4(data, subtables[4])
    raise ValueError("font has no Unicode cmap of format 4 or 12")


def _format12(data: bytes, start: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    points: set[int] = set()
    for i in range(groups):
        first, last, _glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        points.update(range(first, last + 1))
    return points


def _format4(data: bytes, start: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", data, start + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 2 * seg_x2)
    range_offsets_at = start + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{segments}H", data, range_offsets_at)
    points: set[int] = set()
    for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
        for code in range(first, last + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = range_offsets_at + 2 * i + range_offsets[i] + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return points


def face_for(char: str, bold: bool, previous: Face | None = None) -> Face:
    """The face to draw ``char`` with: the previous run's if it has the glyph.

    Staying with the previous face keeps spaces and digits inside an Arabic
    phrase in one run, so it is shaped and measured as one piece.
    """
    code = ord(char)
    if previous is not None and code in coverage(previous):
        return previous
    for face in FACES[bold]:
        if code in coverage(face):
            return face
    return FACES[bold][0]  # no shipped font has it: the Latin face draws its "missing" box
