"""Settings Kivy reads once, at import: call :func:`prepare_kivy` before any Kivy import.

``KIVY_TEXT=pil`` is the one that matters most: Kivy's default SDL2 text
provider draws Arabic and Persian unjoined and left to right; its PIL
provider, with Pillow's raqm layout engine (which needs the system's
FriBiDi), shapes, joins and orders them. The window's size, fullscreen mode
and rotation are read when the window is created, so they go here too.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kiosk.ui")

DEV_SIZE = (1280, 800)


@dataclass(frozen=True)
class WindowSpec:
    fullscreen: bool = True
    width: int = 0  # 0 = the display's size (fullscreen) or DEV_SIZE (windowed)
    height: int = 0
    rotation: int = 0


def raqm_available() -> bool:
    """Whether Pillow can shape Arabic (raqm with FriBiDi loaded)."""
    from PIL import features

    return bool(features.check("raqm"))


def prepare_kivy(spec: WindowSpec, kivy_home: Path | None = None) -> None:
    """Set Kivy's environment and window config; must run before Kivy is imported."""
    if "kivy.core.text" in sys.modules and os.environ.get("KIVY_TEXT") != "pil":
        raise RuntimeError("Kivy's text provider was chosen before prepare_kivy(): import order bug")
    if "kivy.core.window" in sys.modules and os.environ.get("KIVY_TEXT") != "pil":
        raise RuntimeError("Kivy's window was made before prepare_kivy(): import order bug")
    os.environ["KIVY_TEXT"] = "pil"
    os.environ["KIVY_NO_ARGS"] = "1"  # our command line is click's, not Kivy's
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # Kivy must not take over the root logger
    os.environ.setdefault("KIVY_NO_FILELOG", "1")  # journald keeps our logs
    if kivy_home is not None:
        os.environ["KIVY_HOME"] = str(kivy_home)
    if not raqm_available():
        log.error(
            "Pillow has no raqm layout (install the Debian package libfribidi0): "
            "Arabic and Persian will show unjoined and left to right"
        )

    from kivy.config import Config

    width, height = spec.width, spec.height
    if spec.fullscreen and not (width and height):
        Config.set("graphics", "fullscreen", "auto")
    else:
        if not (width and height):
            width, height = DEV_SIZE
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "width", str(width))
        Config.set("graphics", "height", str(height))
    Config.set("graphics", "rotation", str(spec.rotation))
    Config.set("graphics", "resizable", "0" if spec.fullscreen else "1")
    Config.set("graphics", "show_cursor", "0" if spec.fullscreen else "1")
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("graphics", "multisamples", "0")  # software GL under Xvfb and the Pi's GPU alike
    Config.set("kivy", "exit_on_escape", "0" if spec.fullscreen else "1")
    Config.set("kivy", "window_icon", "")
    # A right click must not leave red multitouch dots on a kiosk.
    Config.set("input", "mouse", "mouse,disable_multitouch")
