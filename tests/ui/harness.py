"""Run the real kiosk app in this process under Xvfb and drive it like a finger would.

Kivy allows one window per process, so the window is made once and each
test module starts its own :class:`KioskApp` on it (the same class and
constructor ``kiosk run`` uses). Touches are real Kivy motion events put into
the event loop's input queue at a widget's on-screen position: they pass
the same post-processing (double-tap detection) and hit-testing as a finger
on the touchscreen.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.config import Config, parse_config
from kiosk.core.timekeeping import FixedClock
from kiosk.demo import prepare_demo
from kiosk.ui.bootstrap import WindowSpec, prepare_kivy

SIZES = {"800x480": (800, 480), "1280x800": (1280, 800), "1080x1920": (1080, 1920)}
# The physical size of a typical display at each resolution (visible area, mm).
PHYSICAL_MM = {
    "800x480": (154.0, 86.0),  # official Raspberry Pi 7" display
    "1280x800": (217.0, 136.0),  # 10.1" panel
    "1080x1920": (268.0, 476.0),  # 21.5" portrait kiosk stele
}

_xvfb: subprocess.Popen | None = None


def ensure_display() -> None:
    """Start a private Xvfb big enough for the portrait size (once per process)."""
    global _xvfb
    if _xvfb is not None or os.environ.get("KIOSK_TEST_DISPLAY_READY"):
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("UI tests need Xvfb (Debian package xvfb); ./dev.sh test installs it")
    read_fd, write_fd = os.pipe()
    _xvfb = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "2000x2000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        raise RuntimeError("Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    os.environ["KIOSK_TEST_DISPLAY_READY"] = "1"
    os.environ.pop("WAYLAND_DISPLAY", None)
    atexit.register(stop_display)  # else every test run leaves an Xvfb of 80 MB behind


def stop_display() -> None:
    global _xvfb
    if _xvfb is not None:
        _xvfb.terminate()
        _xvfb.wait(10)
        _xvfb = None


def prepare_process(size: str = "1280x800") -> None:
    """Kivy's environment for tests: private KIVY_HOME, no argv, a window of ``size``."""
    ensure_display()
    width, height = SIZES[size]
    home = Path(tempfile.mkdtemp(prefix="kivy-home-"))
    prepare_kivy(WindowSpec(fullscreen=False, width=width, height=height), kivy_home=home)


def make_config(
    folder: Path, size: str = "1280x800", printer: dict[str, Any] | None = None, **screen: Any
) -> Config:
    width_mm, height_mm = PHYSICAL_MM[size]
    return parse_config(
        {
            "office": {"id": "demo-nordstadt"},
            "storage": {"data_dir": str(folder)},
            "desks": [{"id": i, "name": f"Platz {i}", "room": str(i)} for i in (1, 2, 3, 4)],
            "screen": {"width_mm": width_mm, "height_mm": height_mm, **screen},
            "printer": printer or {"backend": "preview"},
            # The staff web server runs beside the app as in `kiosk run`, on a free port.
            "web": {"port": 0},
        },
        source=str(folder / "kiosk.toml"),
    )


def demo_database(config: Config, now: datetime) -> None:
    config.storage.data_dir.mkdir(parents=True, exist_ok=True)
    prepare_demo(str(config.storage.database), now)


class ManualTime:
    """The UI's idle clock, moved by the test (the real one keeps running)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def forget_app() -> None:
    """Drop every reference Kivy keeps to a stopped app, so the next one is ``app`` in kv.

    kv's ``app`` is a proxy that caches the running app and forgets it on
    ``on_stop``; a clock event of the old app's widgets after that would
    cache the old app again. (One app per process in production.)
    """
    from kivy.app import App
    from kivy.lang.parser import global_idmap

    App._running_app = None
    object.__setattr__(global_idmap["app"], "_obj", None)


class Driver:
    """The running app, plus a finger and a camera."""

    def __init__(self, app: Any, idle_time: ManualTime) -> None:
        from kivy.base import EventLoop

        self.app = app
        self.idle_time = idle_time
        self.loop = EventLoop

    # --- starting and stopping ----------------------------------------------------

    @classmethod
    def start(cls, config: Config, clock: FixedClock, **kwargs: Any) -> Driver:
        from kivy.base import EventLoop, runTouchApp
        from kivy.core.window import Window

        from kiosk.ui.app import KioskApp

        forget_app()
        idle_time = ManualTime()
        app = KioskApp.wired(config, clock, monotonic=idle_time, **kwargs)
        if EventLoop.status != "started":
            runTouchApp(embedded=True)  # input providers and post-processing, once per process
        app._run_prepare()  # what App.run() does before its main loop: build, add root, on_start
        driver = cls(app, idle_time)
        driver.resize(*Window.size)
        driver.until(lambda: app.state.snapshot is not None, what="the first snapshot")
        driver.settle()
        return driver

    def close(self) -> None:
        from kivy.core.window import Window

        self.app.dispatch("on_stop")
        Window.remove_widget(self.app.root)
        self.step(2)
        forget_app()

    # --- time ------------------------------------------------------------------------

    def step(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.loop.idle()

    def until(self, condition: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            self.step()
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}")
            time.sleep(0.005)

    def settle(self, frames: int = 6) -> None:
        """Let layouts and textures settle (Kivy lays out over a few frames)."""
        self.step(frames)

    def wait_input_ready(self) -> None:
        self.until(lambda: self.app.input_ready(time.monotonic()), what="the screen to settle")

    # --- the window ----------------------------------------------------------------

    def resize(self, width: int, height: int) -> None:
        from kivy.core.window import Window

        Window.size = (width, height)
        self.until(lambda: tuple(Window.size) == (width, height), what=f"window {width}x{height}")
        self.settle()

    def use_display(self, size: str) -> None:
        """Pretend the kiosk has the display ``size`` names: pixels and millimetres."""
        self.app.theme.set_display(*PHYSICAL_MM[size])
        self.resize(*SIZES[size])

    def screenshot(self, path: Path) -> Path:
        from kivy.core.window import Window

        self.settle()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Window.screenshot numbers its files; render and save the exact name ourselves.
        written = Window.screenshot(name=str(path))  # Kivy inserts a counter before .png
        Path(written).replace(path)
        return path

    # --- a finger ---------------------------------------------------------------------

    def position(self, widget: Any) -> tuple[float, float]:
        return widget.to_window(*widget.center)

    def touch(self, x: float, y: float) -> Any:
        from kivy.tests.common import UnitTestTouch

        return UnitTestTouch(x, y)

    def bring_into_view(self, widget: Any) -> None:
        """Scroll the list holding ``widget`` so that all of it shows, as a person would."""
        from kivy.uix.scrollview import ScrollView

        node = widget.parent
        while node is not None and node is not node.parent:
            if isinstance(node, ScrollView):
                node.scroll_to(widget, padding=10, animate=False)
                self.settle()
                return
            node = node.parent

    def press(self, widget: Any) -> Any:
        """Put a finger down on ``widget`` (through the event loop's input queue)."""
        assert self.visible(widget), f"{widget} is not on screen"
        self.bring_into_view(widget)
        touch = self.touch(*self.position(widget))
        self.loop._dispatch_input("begin", touch)
        self.step()
        return touch

    def release(self, touch: Any) -> None:
        self.loop._dispatch_input("end", touch)
        self.step()

    def tap(self, widget: Any, wait_ready: bool = True) -> None:
        if wait_ready:
            self.wait_input_ready()
        touch = self.press(widget)
        time.sleep(0.03)
        self.release(touch)
        self.settle(3)

    # --- looking -------------------------------------------------------------------------

    @property
    def screen(self) -> Any:
        return self.app.root.ids.screens.current_screen

    def visible(self, widget: Any) -> bool:
        node = widget
        while node is not None and node is not node.parent:
            if getattr(node, "opacity", 1) == 0:
                return False
            if node is self.app.root:
                return True
            node = node.parent
        return False

    def find(self, kind: str, where: Any = None, **attrs: Any) -> Any:
        """The one widget of class ``kind`` under ``where`` whose attributes match."""
        found = [w for w in self.all(kind, where) if all(getattr(w, k, None) == v for k, v in attrs.items())]
        assert len(found) == 1, f"{len(found)} × {kind} {attrs}"
        return found[0]

    def all(self, kind: str, where: Any = None) -> Iterator[Any]:
        root = where or self.screen
        return (w for w in root.walk(restrict=True) if type(w).__name__ == kind)
