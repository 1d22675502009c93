"""The baseline: the smallest Kivy app, same window size, same first-frame signal."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_NO_FILELOG", "1")

from kivy.config import Config

Config.set("graphics", "width", sys.argv[2])
Config.set("graphics", "height", sys.argv[3])

from kivy.app import App  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.uix.label import Label  # noqa: E402


class Minimal(App):
    def build(self) -> Label:
        return Label(text="Hallo")

    def on_start(self) -> None:
        Window.bind(on_flip=self.drawn)

    def drawn(self, *_args: object) -> None:
        # As the kiosk does (kiosk.ui.app.after_next_swap): note the time once
        # the window's own on_flip handler has swapped the frame onto the screen.
        Window.unbind(on_flip=self.drawn)
        swap = Window.flip

        def swap_then_note() -> None:
            del Window.flip
            swap()
            Path(sys.argv[1]).write_text(json.dumps({"first_frame": time.time()}), encoding="utf-8")

        Window.flip = swap_then_note


Minimal().run()
