"""Write docs/screenshots/: the main screens in German, Arabic and Ukrainian at 1280×800.

Runs the real app on the demo office at a fixed moment under a private Xvfb
(the same harness the UI tests use). Run: python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui import conftest  # noqa: E402  (prepares Kivy before it is imported)

OUT = ROOT / "docs" / "screenshots"
LANGUAGES = ("de", "ar", "uk")


def main() -> None:
    driver = conftest.start_kiosk(Path(tempfile.mkdtemp(prefix="kiosk-shots-")))
    flow, state = driver.app.flow, driver.app.state
    driver.screenshot(OUT / "welcome.png")
    for lang in LANGUAGES:
        flow.choose_language(lang)
        driver.settle(8)
        driver.screenshot(OUT / f"today-{lang}.png")
        flow.open_service("schulden")
        driver.settle(8)
        driver.screenshot(OUT / f"service-{lang}.png")
        flow.ask_ticket()
        driver.settle(8)
        driver.screenshot(OUT / f"confirm-{lang}.png")
        flow.take_ticket()
        driver.until(lambda: state.issued is not None)
        state.print_state = "printed"
        driver.settle(8)
        driver.screenshot(OUT / f"ticket-{lang}.png")
        flow.show_info()
        driver.settle(8)
        driver.screenshot(OUT / f"info-{lang}.png")
        flow.restart()
        driver.settle(4)
    driver.close()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
