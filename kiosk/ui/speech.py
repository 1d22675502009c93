"""The optional spoken ticket number, behind a small base class like the printer.

Some visitors cannot read the screen at all. espeak-ng speaks the number in
the visitor's language; it runs as a child process on a thread, so a missing
sound card or a slow start never holds up the screen.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path

log = logging.getLogger("kiosk.ui")


def spoken_code(code: str) -> str:
    """'S-007' -> 'S 7': the way staff call it out, and easier for a voice."""
    prefix, _, digits = code.partition("-")
    return f"{prefix} {int(digits)}" if digits.isdigit() else code


class Speaker:
    """Says nothing: the default, and what a kiosk without speakers uses."""

    def say(self, text: str, voice: str) -> None:
        """Speak ``text`` with an espeak-ng voice name, without blocking."""


class EspeakSpeaker(Speaker):
    def __init__(self, program: str = "espeak-ng", wav_out: Path | None = None, speed: int = 140) -> None:
        self.program = shutil.which(program)
        self.wav_out = wav_out  # write a WAV file instead of playing (for checks)
        self.speed = speed
        if self.program is None:
            log.warning("%s is not installed: ticket numbers will not be spoken", program)

    def command(self, text: str, voice: str) -> list[str]:
        assert self.program is not None
        out = ["-w", str(self.wav_out)] if self.wav_out else []
        return [self.program, "-v", voice or "de", "-s", str(self.speed), *out, text]

    def say(self, text: str, voice: str) -> None:
        if self.program is None:
            return
        threading.Thread(target=self._run, args=(text, voice), name="kiosk-speech", daemon=True).start()

    def _run(self, text: str, voice: str) -> None:
        try:
            subprocess.run(self.command(text, voice), capture_output=True, timeout=30, check=True)
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("speaking the ticket number failed: %s", error)
