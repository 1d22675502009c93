"""Right-to-left lines split into runs that Pillow can draw one font at a time.

Pillow (through raqm) shapes and orders a line correctly, but only with one
font per call, and no shipped font has both Arabic and Latin letters. So a
line is cut into runs of one font and one direction, using FriBidi's
embedding levels (the same library raqm uses, so the order agrees with what
raqm would do), and the runs are reordered for display by rule L2 of the
Unicode bidirectional algorithm. Each run is then shaped by raqm on its own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import unicodedata
from dataclasses import dataclass
from functools import cache

from kiosk.printing.errors import ShapingUnavailable
from kiosk.printing.fonts import Face, face_for

_PAR_LTR = 0x110
_PAR_RTL = 0x111
_PAR_ON = 0x40  # "whatever the first strong letter says"
_RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


@dataclass(frozen=True)
class Run:
    """Consecutive characters in one face and one direction, in logical order."""

    text: str
    face: Face
    rtl: bool


@cache
def _fribidi() -> ctypes.CDLL:
    name = ctypes.util.find_library("fribidi") or "libfribidi.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError as error:
        raise ShapingUnavailable(detail=str(error)) from None
    lib.fribidi_log2vis.restype = ctypes.c_int8
    return lib


def needs_bidi(text: str) -> bool:
    """Whether any character is written right to left."""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def embedding_levels(text: str, rtl: bool | None = None) -> list[int]:
    """FriBidi's level per character; odd levels run right to left.

    ``rtl`` forces the paragraph direction; None takes it from the first
    strong letter.
    """
    if not text:
        return []
    length = len(text)
    chars = (ctypes.c_uint32 * length)(*(ord(c) for c in text))
    base = ctypes.c_uint32(_PAR_ON if rtl is None else (_PAR_RTL if rtl else _PAR_LTR))
    levels = (ctypes.c_int8 * length)()
    result = _fribidi().fribidi_log2vis(chars, length, ctypes.byref(base), None, None, None, levels)
    if result == 0:
        raise ShapingUnavailable(detail="fribidi_log2vis failed")
    return list(levels)


def visual_runs(text: str, bold: bool = False, rtl: bool | None = None) -> list[Run]:
    """The runs of one line in the order they appear from left to right."""
    if not rtl and not needs_bidi(text):
        return [run for run, _level in _split(text, [0] * len(text), bold)]
    return _reorder(_split(text, embedding_levels(text, rtl), bold))


def _split(text: str, levels: list[int], bold: bool) -> list[tuple[Run, int]]:
    """Cut wherever the font or the embedding level changes."""
    runs: list[tuple[Run, int]] = []
    start, face = 0, None
    for i, ch in enumerate(text):
        chosen = face_for(ch, bold, face)
        if i > start and (chosen != face or levels[i] != levels[start]):
            assert face is not None
            runs.append((Run(text[start:i], face, levels[start] % 2 == 1), levels[start]))
            start, chosen = i, face_for(ch, bold)  # a new run picks its font afresh
        face = chosen
    if text:
        assert face is not None
        runs.append((Run(text[start:], face, levels[start] % 2 == 1), levels[start]))
    return runs


def _reorder(runs: list[tuple[Run, int]]) -> list[Run]:
    """Rule L2: from the highest level down to the lowest odd one, reverse
    every maximal sequence of runs at that level or above."""
    levels = [level for _run, level in runs]
    order = list(range(len(runs)))
    highest = max(levels, default=0)
    lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return [runs[i][0] for i in order]
