"""Spoken announcements that work offline: espeak-ng on the Pi, cached as WAV.

A cloud speech service is the most frequent breakage of open-source queue
displays; espeak-ng speaks some hundred languages from a few megabytes and
needs no network. A call is announced in German and, where the visitor's
language has both a translated sentence and an espeak-ng voice, in that
language too. Audio is generated once per text and voice and then served
from the cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.core.errors import N_
from kiosk.core.model import Call
from kiosk.i18n import Translate, translator

log = logging.getLogger("kiosk.web")

GENERATE_TIMEOUT = 15.0
# Numbers repeat every day, so the cache settles; this bounds it on a small SD card.
MAX_CACHED = 600
# Visitor language -> espeak-ng voice. Only languages that have one are listed.
VOICES = {
    "de": "de",
    "de-easy": "de",
    "en": "en-gb",
    "tr": "tr",
    "ar": "ar",
    "uk": "uk",
    "ru": "ru",
    "pl": "pl",
    "ro": "ro",
    "bg": "bg",
    "fa": "fa",
    "ku": "ku",
    "fr": "fr-fr",
    "es": "es",
    "it": "it",
    "sq": "sq",
    "sr": "sr",
    "hr": "hr",
    "vi": "vi",
}

CALL_SENTENCE = N_("Nummer {code}, bitte in Raum {room}.")
CALL_SENTENCE_DESK = N_("Nummer {code}, bitte zu {desk}.")


class SpeechUnavailable(RuntimeError):
    pass


def spoken_code(code: str) -> str:
    """``S-007`` -> ``S 7``: said the way people read it, not "S minus null null sieben"."""
    prefix, _sep, number = code.partition("-")
    return f"{prefix} {int(number)}" if number.isdigit() else code


def sentence(call: Call, _: Translate) -> str:
    code = spoken_code(call.code)
    if call.room:
        return _(CALL_SENTENCE).format(code=code, room=call.room)
    return _(CALL_SENTENCE_DESK).format(code=code, desk=call.desk_name)


def has_translation(language: str, translate_for: Callable[[str], Translate] = translator) -> bool:
    """Whether the call sentence exists in ``language`` (not the German fallback)."""
    _ = translate_for(language)
    return _(CALL_SENTENCE) != CALL_SENTENCE


def announcement_languages(
    call: Call, voices: set[str], translate_for: Callable[[str], Translate] = translator
) -> list[str]:
    """German first, then the ticket's language if it has a sentence and a voice."""
    languages = ["de"] if "de" in voices else []
    lang = call.language
    if lang not in ("de", "de-easy") and VOICES.get(lang) in voices and has_translation(lang, translate_for):
        languages.append(lang)
    return languages


class Speaker:
    """Makes and caches the WAV files; safe to call from several threads."""

    def __init__(self, cache_dir: Path, program: str | None = None) -> None:
        self.cache_dir = cache_dir
        self.program = program if program is not None else shutil.which("espeak-ng")
        self._voices: set[str] | None = None
        self._lock = threading.Lock()

    def voices(self) -> set[str]:
        """The espeak-ng voices of our languages that are installed (empty without espeak-ng)."""
        if self._voices is None:
            found: set[str] = set()
            if self.program:
                try:
                    out = subprocess.run(
                        [self.program, "--voices"], capture_output=True, text=True, timeout=10, check=True
                    ).stdout
                    installed = {line.split()[1] for line in out.splitlines()[1:] if len(line.split()) > 1}
                    found = {v for v in VOICES.values() if v in installed}
                except (OSError, subprocess.SubprocessError):
                    log.warning("espeak-ng is installed but does not list its voices; no speech")
            self._voices = found
        return self._voices

    def audio(self, text: str, language: str) -> Path:
        """The WAV file of ``text`` spoken in ``language``; made on first request."""
        voice = VOICES.get(language)
        if not self.program or voice is None or voice not in self.voices():
            raise SpeechUnavailable(language)
        key = hashlib.sha256(f"{voice}\0{text}".encode()).hexdigest()[:32]
        target = self.cache_dir / f"{key}.wav"
        if target.exists():
            _touch(target)
            return target
        with self._lock:  # one espeak-ng at a time: the Pi has other work to do
            if target.exists():
                return target
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            try:
                subprocess.run(
                    [self.program, "-v", voice, "-s", "140", "-w", str(partial), text],
                    capture_output=True,
                    timeout=GENERATE_TIMEOUT,
                    check=True,
                )
                partial.replace(target)
                self._prune()
            except (OSError, subprocess.SubprocessError) as error:
                partial.unlink(missing_ok=True)
                log.warning("espeak-ng failed for voice %s: %s", voice, type(error).__name__)
                raise SpeechUnavailable(language) from error
        return target

    def _prune(self) -> None:
        """Keep the most recently used files when the cache grows past its bound."""
        files = list(self.cache_dir.glob("*.wav"))
        if len(files) <= MAX_CACHED:
            return
        files.sort(key=lambda f: f.stat().st_mtime)
        for old in files[: len(files) - MAX_CACHED * 4 // 5]:
            old.unlink(missing_ok=True)


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only cache still serves
        path.touch()
