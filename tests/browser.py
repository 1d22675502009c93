"""Headless Chromium for the browser tests of the staff pages and the city's server.

The ``browser`` fixture (tests/conftest.py) launches it once per module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # A waiting-room TV runs Chromium in kiosk mode with this flag too (docs/web.md).
    "--autoplay-policy=no-user-gesture-required",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"


@contextmanager
def launched() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, url: str, width: int = 1366, height: int = 900) -> Page:
    """A fresh context (no cookies) in German, at the given viewport, on ``url``."""
    page = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE").new_page()
    page.goto(url)
    return page
