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
        Window.bind(on_flip=self.first)

    def first(self, *_args: object) -> None:
        Window.unbind(on_flip=self.first)
        Path(sys.argv[1]).write_text(json.dumps({"first_frame": time.time()}), encoding="utf-8")


Minimal().run()
