"""What "a text overflows or is clipped" means, checked on the live widget tree."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kiosk.ui.fonts import missing_glyphs, shape_for_font

TOLERANCE = 1.5  # px: rounding in Kivy's layouts


@lru_cache(maxsize=64)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def _shown(widget: Any, root: Any) -> bool:
    node = widget
    while node is not None and node is not root:
        if getattr(node, "opacity", 1) == 0 or node.width <= 0 or node.height <= 0:
            return False
        node = node.parent
    return node is root


def _rect(widget: Any) -> tuple[float, float, float, float]:
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    return x0, y0, x1, y1


def _inside(inner: tuple, outer: tuple, vertical: bool = True) -> bool:
    ok = inner[0] >= outer[0] - TOLERANCE and inner[2] <= outer[2] + TOLERANCE
    if vertical:
        ok = ok and inner[1] >= outer[1] - TOLERANCE and inner[3] <= outer[3] + TOLERANCE
    return ok


def text_problems(root: Any, window_size: tuple[int, int]) -> list[str]:
    """Every visible label whose text does not fit, is cut off, or draws boxes."""
    from kivy.uix.label import Label
    from kivy.uix.scrollview import ScrollView

    problems = []
    screen = (0, 0, window_size[0], window_size[1])
    for label in root.walk(restrict=True):
        if not isinstance(label, Label) or not label.text.strip() or not _shown(label, root):
            continue
        name = f"{type(label).__name__}({label.text[:40]!r})"
        label.texture_update()
        tw, th = label.texture_size
        if tw > label.width + TOLERANCE or th > label.height + TOLERANCE:
            problems.append(f"{name}: text {tw:.0f}×{th:.0f} in a {label.width:.0f}×{label.height:.0f} box")
        shaped = shape_for_font(label.text)
        boxes = missing_glyphs(shaped, label.font_name)
        if boxes:
            problems.append(f"{name}: {label.font_name.rsplit('/', 1)[-1]} has no glyph for {boxes!r}")
        if label.text_size[0]:
            room = label.text_size[0] - label.padding[0] - label.padding[2]
            font = _font(label.font_name, int(label.font_size))
            for word in shaped.split():
                if font.getlength(word) > room + TOLERANCE:
                    problems.append(f"{name}: the word {word!r} is wider than the label")
        rect = _rect(label)
        node, scrolled = label.parent, False
        while node is not None and node is not root:
            if isinstance(node, ScrollView):
                scrolled = True
                if not _inside(rect, _rect(node), vertical=False):
                    problems.append(f"{name}: cut off at the side of its list")
            elif not scrolled and not _inside(rect, _rect(node)):
                problems.append(f"{name}: sticks out of its {type(node).__name__}")
                break
            node = node.parent
        if not _inside(rect, screen, vertical=not scrolled):
            problems.append(f"{name}: outside the window")
    return problems


def small_targets(root: Any, minimum_px: float) -> list[str]:
    """Everything that can be pressed and is smaller than the touch target."""
    from kivy.uix.behaviors import ButtonBehavior

    found = []
    for widget in root.walk(restrict=True):
        pressable = isinstance(widget, ButtonBehavior) and not widget.disabled and _shown(widget, root)
        if pressable and min(widget.width, widget.height) < minimum_px - 0.5:
            label = getattr(widget, "text", type(widget).__name__)
            found.append(f"{label!r}: {widget.width:.0f}×{widget.height:.0f} < {minimum_px:.0f} px")
    return found
